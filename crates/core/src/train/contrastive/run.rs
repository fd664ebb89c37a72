//! One contrastive run as the worker and the CLI drive it: the trainer, its training images and
//! their order, the held-out evaluation set, asynchronous reports and the last good weights to
//! fall back on when training diverges. It never reads the clock; the `read_*` and `evaluate`
//! methods are `async` so the browser worker can await WebGPU read-backs.

use burn::tensor::{Device, Tensor};

use crate::data::{EpochSampler, ImageSet};
use crate::seeding::{RngStream, stream_rng};
use crate::train::TrainError;
use crate::train::contrastive::config::ContrastiveConfig;
use crate::train::contrastive::eval::{EvaluationSet, split_for_evaluation};
use crate::train::contrastive::metrics::{ContrastivePoint, Evaluation};
use crate::train::contrastive::weights::{read_contrastive_weights, restore_contrastive};
use crate::train::contrastive::{ContrastiveStats, ContrastiveTrainer};
use crate::train::device_images::TrainingImages;
use crate::train::host_weights::HostWeights;
use crate::train::last_good::LastGood;
use crate::train::teaching::ContrastiveCapture;

/// A contrastive run over one dataset.
pub struct ContrastiveRun {
    trainer: ContrastiveTrainer,
    images: TrainingImages,
    sampler: EpochSampler,
    evaluation: EvaluationSet,
    last_stats: Option<ContrastiveStats>,
    last_good: LastGood<ContrastiveTrainer>,
    device: Device,
}

impl ContrastiveRun {
    /// A run of `config` on `set` (split into training and held-out images) on the autodiff
    /// `device`.
    pub fn new(
        config: ContrastiveConfig,
        set: &ImageSet,
        device: &Device,
    ) -> Result<Self, TrainError> {
        config.validate()?;
        check_dataset(&config, set)?;
        let (training, evaluation) = split_for_evaluation(set, config.seed)?;
        if training.len() < config.batch_size {
            return Err(TrainError::Dataset(format!(
                "after holding out {} images for evaluation, {} are left to train on, fewer than \
                 one batch of {}: add images or lower the batch size",
                set.len() - training.len(),
                training.len(),
                config.batch_size
            )));
        }
        let sampler = EpochSampler::new(training.len(), stream_rng(config.seed, RngStream::Data));
        Ok(Self {
            trainer: ContrastiveTrainer::new(config, device)?,
            images: TrainingImages::new(&training, false, device),
            sampler,
            evaluation,
            last_stats: None,
            last_good: LastGood::default(),
            device: device.clone(),
        })
    }

    /// The run's settings.
    pub fn config(&self) -> &ContrastiveConfig {
        self.trainer.config()
    }

    /// Completed steps.
    pub fn step_count(&self) -> usize {
        self.trainer.step
    }

    /// The held-out images and why accuracy is unavailable, if it is.
    pub fn evaluation_set(&self) -> &EvaluationSet {
        &self.evaluation
    }

    /// The trainer, e.g. to copy its weights.
    pub fn trainer(&self) -> &ContrastiveTrainer {
        &self.trainer
    }

    /// The trainer, for good (e.g. a trained encoder kept as an evaluator).
    pub fn into_trainer(self) -> ContrastiveTrainer {
        self.trainer
    }

    /// One training step on the next batch.
    pub fn step(&mut self) -> Result<(), TrainError> {
        let images = self.next_images();
        self.last_stats = Some(self.trainer.step(images)?);
        Ok(())
    }

    /// [`Self::step`], keeping its views and logits for the walk-through; the charts then show
    /// this very step.
    pub fn explained_step(&mut self) -> Result<ContrastiveCapture, TrainError> {
        let images = self.next_images();
        let (stats, trace) = self.trainer.traced_step(images)?;
        let loss = stats.loss.clone();
        self.last_stats = Some(stats);
        Ok(ContrastiveCapture {
            step: self.trainer.step,
            temperature: self.config().temperature,
            nda_views: self.config().nda_views,
            loss,
            trace,
        })
    }

    fn next_images(&mut self) -> Tensor<4> {
        let indices = self.sampler.next_batch(self.config().batch_size);
        self.images.batch(&indices, &self.device).0
    }

    /// Reads the latest step's values. Finite values make the current weights the last good
    /// ones; a NaN or infinity restores the last good weights and returns the error. `None`
    /// before the first step.
    pub async fn read_point(&mut self) -> Result<Option<ContrastivePoint>, TrainError> {
        let Some(stats) = &self.last_stats else {
            return Ok(None);
        };
        let named = stats.named();
        let values = match self.last_good.read_checked(&mut self.trainer, named).await {
            Ok(values) => values,
            Err(error) => {
                self.last_stats = None;
                return Err(error);
            }
        };
        ContrastivePoint::from_named(self.trainer.step, &values).map(Some)
    }

    /// Evaluates the frozen query encoder now.
    pub async fn evaluate(&self) -> Result<Evaluation, TrainError> {
        self.evaluation
            .evaluate(&self.trainer, self.trainer.step, &self.device)
            .await
    }

    /// A host copy of the last good weights (or the current ones before any report).
    pub async fn read_host_weights(&self) -> Result<HostWeights, TrainError> {
        let trainer = self.last_good.get().unwrap_or(&self.trainer);
        read_contrastive_weights(trainer).await
    }

    /// The same run continued from `weights` on another (autodiff) `device`: encoders and queue
    /// hold the copied values, the step count continues; the optimiser state and the data order
    /// start afresh.
    pub fn continue_on(
        &self,
        weights: &HostWeights,
        set: &ImageSet,
        device: &Device,
    ) -> Result<Self, TrainError> {
        let mut run = Self::new(self.config().clone(), set, device)?;
        run.trainer = restore_contrastive(weights, self.config(), device)?;
        Ok(run)
    }
}

/// Why `set` cannot train an encoder of `config`, if it cannot.
pub fn check_dataset(config: &ContrastiveConfig, set: &ImageSet) -> Result<(), TrainError> {
    if set.size() != config.image_size {
        return Err(TrainError::Dataset(format!(
            "the dataset has {0}x{0} images but the encoder is set to {1}x{1}: choose {0} px in \
             the settings or reload the data at {1} px",
            set.size(),
            config.image_size
        )));
    }
    Ok(())
}
