//! How a person reads a video run, with the encoder frozen (the paper measures video NDA by
//! action recognition; ours is motion recognition on held-out clips):
//!
//! - **motion**: weighted k-NN (k = 20, cosine) and linear-probe accuracy of the motion label from
//!   a clip's features, the bank and the probe's training set being training clips;
//! - **appearance only**: the same probes on each clip's first frame held still for a whole
//!   block. Moving Shapes draws the same figures for every motion, so these sit near chance; a
//!   gain that shows here and not in motion is not about motion;
//! - **anomaly**: the AUROC of the predictive score (how well a clip's first blocks predict its
//!   last ones) of held-out real clips against their frame-shuffled, frozen and reversed versions.
//!   Reversed Moving Shapes clips are real clips of the mirror motion, so their AUROC should stay
//!   near 0.5: the control.
//!
//! The held-out clips and their broken versions come from the clips' own seed, never the run's,
//! so an NDA run and its baseline are measured on the same clips.

use burn::tensor::Device;

use super::clip_batch::{bytes_batch, clip_batch};
use super::trainer::VideoTrainer;
use crate::augment::video::negatives_of;
use crate::data::HeldOut;
use crate::data::video::{ClipSet, ClipSpec, generate_held_out_clips};
use crate::eval::{Features, auroc, probe_accuracies};
use crate::seeding::{RngStream, stream_rng};
use crate::train::TrainError;
use crate::train::gan::stats::read_floats;
use crate::train::video::metrics::{ANOMALY_KINDS, VideoEvaluation};

/// Most training clips in the k-NN bank and the probe's training set.
pub const MAX_BANK_CLIPS: usize = 512;
/// Held-out clips measured (32 of each motion).
pub const HELD_OUT_CLIPS: usize = 256;
/// Clips per encoder pass.
const CHUNK: usize = 32;

/// The clips a video run is measured on.
#[derive(Debug, Clone)]
pub struct VideoEvaluationSet {
    bank: ClipSet,
    held_out: ClipSet,
    broken: Vec<Vec<Vec<u8>>>,
}

impl VideoEvaluationSet {
    /// The bank (the first training clips) and held-out Moving Shapes clips of `spec`'s side and
    /// length, which no training seed draws, with their broken versions.
    pub fn for_moving_shapes(spec: &ClipSpec, training: &ClipSet) -> Result<Self, TrainError> {
        let wide = ClipSpec {
            count: HELD_OUT_CLIPS.max(spec.count),
            ..*spec
        };
        let held_out = generate_held_out_clips(&wide, HeldOut::Reference, 0..HELD_OUT_CLIPS)
            .map_err(|error| TrainError::Dataset(error.to_string()))?;
        Ok(Self::new(training, held_out, spec.seed))
    }

    /// The bank (the first training clips of `training`) and `held_out` (at most
    /// [`HELD_OUT_CLIPS`] of them, spread evenly), whose broken versions are drawn from `seed`'s
    /// evaluation stream: a person's clips, split.
    pub fn new(training: &ClipSet, held_out: ClipSet, seed: u64) -> Self {
        let kept: Vec<usize> = (0..HELD_OUT_CLIPS.min(held_out.len()))
            .map(|index| index * held_out.len() / HELD_OUT_CLIPS.min(held_out.len()).max(1))
            .collect();
        let held_out = held_out.subset(&kept);
        let mut rng = stream_rng(seed, RngStream::Evaluation);
        let broken = ANOMALY_KINDS
            .iter()
            .map(|&kind| negatives_of(kind, &held_out, &mut rng))
            .collect();
        Self {
            bank: training.first(MAX_BANK_CLIPS),
            held_out,
            broken,
        }
    }

    /// The held-out clips.
    pub fn held_out(&self) -> &ClipSet {
        &self.held_out
    }

    /// Measures `trainer`'s frozen encoder after `step` steps.
    pub async fn evaluate(
        &self,
        trainer: &VideoTrainer,
        step: usize,
        device: &Device,
    ) -> Result<VideoEvaluation, TrainError> {
        let dim = trainer.config().encoder().feature_dim();
        let motion_bank = features(trainer, &self.bank, dim, device, false).await?;
        let motion_held = features(trainer, &self.held_out, dim, device, false).await?;
        let still_bank = features(trainer, &self.bank, dim, device, true).await?;
        let still_held = features(trainer, &self.held_out, dim, device, true).await?;
        let (motion_knn, motion_linear) = self.probes(&motion_bank, &motion_held)?;
        let (appearance_knn, appearance_linear) = self.probes(&still_bank, &still_held)?;
        let real = self.scores_of_set(trainer, device).await?;
        let mut anomaly_auroc = Vec::new();
        for (kind, broken) in ANOMALY_KINDS.iter().zip(&self.broken) {
            let scores = self.scores_of_bytes(trainer, broken, device).await?;
            anomaly_auroc.push((*kind, auroc(&real, &scores).map_err(evaluation_error)?));
        }
        Ok(VideoEvaluation {
            step,
            motion_knn,
            motion_linear,
            appearance_knn,
            appearance_linear,
            anomaly_auroc,
        })
    }

    fn probes(&self, bank: &Features, held_out: &Features) -> Result<(f64, f64), TrainError> {
        let bank_labels = labels_of(&self.bank);
        let held_labels = labels_of(&self.held_out);
        let classes = self.bank.class_names().len().max(2);
        probe_accuracies(bank, &bank_labels, held_out, &held_labels, classes)
            .map_err(evaluation_error)
    }

    async fn scores_of_set(
        &self,
        trainer: &VideoTrainer,
        device: &Device,
    ) -> Result<Vec<f32>, TrainError> {
        let mut scores = Vec::new();
        let indices: Vec<usize> = (0..self.held_out.len()).collect();
        for chunk in indices.chunks(CHUNK) {
            let clips = clip_batch(&self.held_out, chunk, device);
            scores.extend(read_floats(trainer.predictive_scores(clips)).await?);
        }
        finite(scores, "a predictive score")
    }

    async fn scores_of_bytes(
        &self,
        trainer: &VideoTrainer,
        broken: &[Vec<u8>],
        device: &Device,
    ) -> Result<Vec<f32>, TrainError> {
        let (frames, size) = (self.held_out.frames(), self.held_out.size());
        let mut scores = Vec::new();
        for chunk in broken.chunks(CHUNK) {
            let clips = bytes_batch(chunk, frames, size, device)?;
            scores.extend(read_floats(trainer.predictive_scores(clips)).await?);
        }
        finite(scores, "a predictive score")
    }
}

/// The frozen encoder's clip features (or, `still`, its first frames' features) of every clip.
async fn features(
    trainer: &VideoTrainer,
    set: &ClipSet,
    dim: usize,
    device: &Device,
    still: bool,
) -> Result<Features, TrainError> {
    let mut values = Vec::new();
    let indices: Vec<usize> = (0..set.len()).collect();
    for chunk in indices.chunks(CHUNK) {
        let clips = clip_batch(set, chunk, device);
        let features = match still {
            true => trainer.still_features(clips),
            false => trainer.clip_features(clips),
        };
        values.extend(read_floats(features).await?);
    }
    let values = finite(values, "an encoder feature")?;
    Features::new(values, dim).map_err(evaluation_error)
}

fn finite(values: Vec<f32>, what: &'static str) -> Result<Vec<f32>, TrainError> {
    match values.iter().all(|value| value.is_finite()) {
        true => Ok(values),
        false => Err(TrainError::NonFinite(what)),
    }
}

fn labels_of(set: &ClipSet) -> Vec<u32> {
    (0..set.len())
        .map(|clip| set.label(clip).unwrap_or(0))
        .collect()
}

fn evaluation_error(error: impl ToString) -> TrainError {
    TrainError::Evaluation(error.to_string())
}
