//! One video run as a driver steps it: the trainer, its training clips and their order, the
//! evaluation set, and the latest step's values read back asynchronously. It never reads the
//! clock.

use burn::tensor::Device;

use super::capture::VideoCapture;
use super::data::VideoData;
use super::eval::VideoEvaluationSet;
use super::trainer::{VideoStats, VideoTrainer};
use super::weights::restore_video;
use crate::data::EpochSampler;
use crate::data::video::ClipSet;
use crate::seeding::{RngStream, stream_rng};
use crate::train::TrainError;
use crate::train::gan::stats::read_named;
use crate::train::host_weights::HostWeights;
use crate::train::video::config::VideoConfig;
use crate::train::video::metrics::{VideoEvaluation, VideoPoint};

/// A video run over a set of clips.
pub struct VideoRun {
    trainer: VideoTrainer,
    clips: ClipSet,
    sampler: EpochSampler,
    evaluation: VideoEvaluationSet,
    last_stats: Option<VideoStats>,
    device: Device,
}

impl VideoRun {
    /// A run of `config` on `clips`, measured on `evaluation`, on the autodiff `device`.
    pub fn new(
        config: VideoConfig,
        clips: ClipSet,
        evaluation: VideoEvaluationSet,
        device: &Device,
    ) -> Result<Self, TrainError> {
        config.validate()?;
        if (clips.frames(), clips.size()) != (config.frames, config.image_size) {
            return Err(TrainError::Dataset(format!(
                "the clips are {} frames of {} px, the encoder expects {} frames of {} px",
                clips.frames(),
                clips.size(),
                config.frames,
                config.image_size
            )));
        }
        if clips.len() < config.batch_size.max(2) {
            return Err(TrainError::Dataset(format!(
                "{} clips are fewer than one batch of {}: add clips or lower the batch size",
                clips.len(),
                config.batch_size
            )));
        }
        let sampler = EpochSampler::new(clips.len(), stream_rng(config.seed, RngStream::Data));
        Ok(Self {
            evaluation,
            trainer: VideoTrainer::new(config, device)?,
            clips,
            sampler,
            last_stats: None,
            device: device.clone(),
        })
    }

    /// The run's settings.
    pub fn config(&self) -> &VideoConfig {
        self.trainer.config()
    }

    /// Completed steps.
    pub fn step_count(&self) -> usize {
        self.trainer.step
    }

    /// The trainer, e.g. to copy its weights.
    pub fn trainer(&self) -> &VideoTrainer {
        &self.trainer
    }

    /// The clips it is measured on.
    pub fn evaluation_set(&self) -> &VideoEvaluationSet {
        &self.evaluation
    }

    /// The device it trains on.
    pub fn device(&self) -> &Device {
        &self.device
    }

    /// One training step on the next batch of clips.
    pub fn step(&mut self) -> Result<(), TrainError> {
        let indices = self.sampler.next_batch(self.config().batch_size);
        self.last_stats = Some(self.trainer.step(&self.clips, &indices, &self.device)?);
        Ok(())
    }

    /// [`Self::step`], keeping what "Explain one step" shows of it.
    pub fn explained_step(&mut self) -> Result<VideoCapture, TrainError> {
        let indices = self.sampler.next_batch(self.config().batch_size);
        let (stats, capture) = self
            .trainer
            .explained_step(&self.clips, &indices, &self.device)?;
        self.last_stats = Some(stats);
        Ok(capture)
    }

    /// The latest step's values, read back (`None` before the first step).
    pub async fn read_point(&self) -> Result<Option<VideoPoint>, TrainError> {
        let Some(stats) = &self.last_stats else {
            return Ok(None);
        };
        let values = read_named(stats.named()).await?;
        let point = VideoPoint::from_named(self.trainer.step, &values)?;
        if !point.loss.is_finite() {
            return Err(TrainError::NonFinite("the predictive loss"));
        }
        Ok(Some(point))
    }

    /// The same run continued from `weights` on another (autodiff) `device`: the encoder holds
    /// the copied values and the step count continues; the optimiser state and the clip order
    /// start afresh, as the image tasks' do.
    pub fn continue_on(
        &self,
        weights: &HostWeights,
        data: &VideoData,
        device: &Device,
    ) -> Result<Self, TrainError> {
        let mut run = Self::new(
            self.config().clone(),
            data.clips.clone(),
            data.evaluation.clone(),
            device,
        )?;
        run.trainer = restore_video(weights, self.config(), device)?;
        Ok(run)
    }

    /// Measures the frozen encoder now.
    pub async fn evaluate(&self) -> Result<VideoEvaluation, TrainError> {
        self.evaluation
            .evaluate(&self.trainer, self.trainer.step, &self.device)
            .await
    }
}
