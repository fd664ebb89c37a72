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

use burn::tensor::{Device, Tensor};

use super::clip_batch::{bytes_batch, clip_batch};
use super::trainer::VideoTrainer;
use crate::augment::video::negatives_of;
use crate::data::video::{ClipSet, ClipSpec, generate_held_out_clips};
use crate::data::{HeldOut, evenly_spaced};
use crate::eval::{Features, auroc, probe_accuracies};
use crate::seeding::{RngStream, stream_rng};
use crate::train::gan::stats::read_floats;
use crate::train::video::metrics::{ANOMALY_KINDS, VideoEvaluation};
use crate::train::{TrainError, all_finite};

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
        let held_out = held_out.subset(&evenly_spaced(held_out.len(), HELD_OUT_CLIPS));
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
        let bank = encode(trainer, &self.bank, device, false).await?;
        let held = encode(trainer, &self.held_out, device, true).await?;
        let (motion_knn, motion_linear) =
            self.probes(&features(bank.motion, dim)?, &features(held.motion, dim)?)?;
        let (appearance_knn, appearance_linear) =
            self.probes(&features(bank.still, dim)?, &features(held.still, dim)?)?;
        let real = all_finite(held.scores, "a predictive score")?;
        let mut anomaly_auroc = Vec::new();
        for (kind, broken) in ANOMALY_KINDS.iter().zip(&self.broken) {
            let scores = self.scores_of_bytes(trainer, broken, device).await?;
            anomaly_auroc.push((
                *kind,
                auroc(&real, &scores).map_err(TrainError::evaluation)?,
            ));
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
            .map_err(TrainError::evaluation)
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
        all_finite(scores, "a predictive score")
    }
}

/// What the frozen encoder gives of every clip of a set: its clip features, its first frame's
/// (held still) and, when asked, its predictive score.
#[derive(Default)]
struct Encoded {
    motion: Vec<f32>,
    still: Vec<f32>,
    scores: Vec<f32>,
}

/// Read-back features as the probes take them.
fn features(values: Vec<f32>, dim: usize) -> Result<Features, TrainError> {
    Features::new(all_finite(values, "an encoder feature")?, dim).map_err(TrainError::evaluation)
}

/// Encodes every clip of `set` (with `scores`, also its predictive score), each chunk of clips
/// uploaded once for all of them and read back once.
async fn encode(
    trainer: &VideoTrainer,
    set: &ClipSet,
    device: &Device,
    scores: bool,
) -> Result<Encoded, TrainError> {
    let mut encoded = Encoded::default();
    let indices: Vec<usize> = (0..set.len()).collect();
    for chunk in indices.chunks(CHUNK) {
        let clips = clip_batch(set, chunk, device);
        let motion = trainer.clip_features(clips.clone());
        let still = trainer.still_features(clips.clone());
        let ([count, motion_dim], [_, still_dim]) = (motion.dims(), still.dims());
        // One read-back per chunk (a GPU round trip each): the features and scores end to end.
        let mut parts = vec![
            motion.reshape([count * motion_dim]),
            still.reshape([count * still_dim]),
        ];
        if scores {
            parts.push(trainer.predictive_scores(clips));
        }
        let values = read_floats(Tensor::cat(parts, 0)).await?;
        let (motion, rest) = values.split_at(count * motion_dim);
        let (still, chunk_scores) = rest.split_at(count * still_dim);
        encoded.motion.extend_from_slice(motion);
        encoded.still.extend_from_slice(still);
        encoded.scores.extend_from_slice(chunk_scores);
    }
    Ok(encoded)
}

fn labels_of(set: &ClipSet) -> Vec<u32> {
    (0..set.len())
        .map(|clip| set.label(clip).unwrap_or(0))
        .collect()
}
