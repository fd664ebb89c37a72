//! One NDA-GAN run as the worker and the CLI drive it: the trainer plus its data order, its fixed
//! noise, step counters for the teaching controls (one D step, one G step, one iteration), the
//! asynchronous reports the charts need, and the last good weights to fall back on when training
//! diverges.
//!
//! The run never reads the clock and never waits on the device except in the `read_*` methods,
//! which are `async` so the browser worker can await WebGPU read-backs.

use burn::tensor::{Device, Tensor};

use crate::data::{EpochSampler, ImageSet, RgbaMosaic, mosaic_from_nchw};
use crate::seeding::{RngStream, stream_rng};
use crate::train::TrainError;
use crate::train::device_images::TrainingImages;
use crate::train::gan::config::GanConfig;
use crate::train::gan::inference::score_with;
use crate::train::gan::metrics::{GanPoint, ScoreHistogram};
use crate::train::gan::sampling::{SamplePlan, fixed_noise_plan};
use crate::train::gan::stats::{DiscriminatorStats, GeneratorStats, read_floats};
use crate::train::gan::weights::{read_gan_weights, restore_gan};
use crate::train::gan::{GanTrainer, RealBatch};
use crate::train::host_weights::HostWeights;
use crate::train::last_good::LastGood;
use crate::train::teaching::StepCapture;

/// Bins of the D-score histograms.
pub const HISTOGRAM_BINS: usize = 24;

/// Completed steps of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StepCounters {
    /// Completed iterations (generator steps).
    pub iterations: usize,
    /// Completed discriminator steps.
    pub discriminator_steps: usize,
}

/// A GAN run over one dataset.
pub struct GanRun {
    trainer: GanTrainer,
    images: TrainingImages,
    sampler: EpochSampler,
    fixed_noise: SamplePlan,
    counters: StepCounters,
    d_steps_this_iteration: usize,
    last_discriminator: Option<DiscriminatorStats>,
    last_generator: Option<GeneratorStats>,
    last_good: LastGood<GanTrainer>,
    device: Device,
}

impl GanRun {
    /// A run of `config` on `set`, on the autodiff `device`. The dataset must match the model:
    /// same image side, at least one batch of images, and labels for a conditional model.
    pub fn new(config: GanConfig, set: &ImageSet, device: &Device) -> Result<Self, TrainError> {
        check_dataset(&config, set)?;
        let seed = config.seed;
        let fixed_noise = fixed_noise_plan(seed, config.latent_dim, config.num_classes);
        let conditional = config.num_classes.is_some();
        let trainer = GanTrainer::new(config, device)?;
        let images = TrainingImages::new(set, conditional, device);
        Ok(Self {
            trainer,
            images,
            sampler: EpochSampler::new(set.len(), stream_rng(seed, RngStream::Data)),
            fixed_noise,
            counters: StepCounters::default(),
            d_steps_this_iteration: 0,
            last_discriminator: None,
            last_generator: None,
            last_good: LastGood::default(),
            device: device.clone(),
        })
    }

    /// The run's settings.
    pub fn config(&self) -> &GanConfig {
        self.trainer.config()
    }

    /// Completed steps.
    pub fn counters(&self) -> StepCounters {
        self.counters
    }

    /// One discriminator step on the next real batch.
    pub fn discriminator_step(&mut self) -> Result<(), TrainError> {
        let batch = self.next_batch();
        let stats = self.trainer.discriminator_step(batch)?;
        self.record_discriminator(stats);
        Ok(())
    }

    /// One generator step and EMA update; it completes the current iteration.
    pub fn generator_step(&mut self) {
        let stats = self.trainer.generator_update();
        self.record_generator(stats);
    }

    /// Completes the current iteration as [`Self::iteration`] does, keeping what its last D step
    /// and its G step worked on, and D's inference-mode scores of the D step's images before and
    /// after it, for the walk-through. The charts and histogram then show this very step.
    pub fn explained_iteration(&mut self) -> Result<StepCapture, TrainError> {
        while self.d_steps_this_iteration + 1 < self.config().n_dis {
            self.discriminator_step()?;
        }
        let discriminator_before = self.trainer.discriminator.clone();
        let batch = self.next_batch();
        let (stats, trace) = self.trainer.traced_discriminator_step(batch)?;
        let before = score_with(
            &discriminator_before,
            trace.images.clone(),
            trace.labels.clone(),
        );
        let after = self
            .trainer
            .score(trace.images.clone(), trace.labels.clone());
        self.record_discriminator(stats.clone());
        let (generator_stats, generator) = self.trainer.traced_generator_update();
        let generator_loss = generator_stats.loss.clone();
        self.record_generator(generator_stats);
        let config = self.config();
        Ok(StepCapture {
            iteration: self.counters.iterations,
            n_dis: config.n_dis,
            alpha: config.alpha,
            beta: config.beta,
            discriminator: stats,
            trace,
            before,
            after,
            generator_loss,
            generator,
        })
    }

    fn record_discriminator(&mut self, stats: DiscriminatorStats) {
        self.last_discriminator = Some(stats);
        self.counters.discriminator_steps += 1;
        self.d_steps_this_iteration += 1;
    }

    fn record_generator(&mut self, stats: GeneratorStats) {
        self.last_generator = Some(stats);
        self.counters.iterations = self.trainer.iteration;
        self.d_steps_this_iteration = 0;
    }

    /// Completes the current iteration: the D steps still missing out of `n_dis`, then the G step.
    pub fn iteration(&mut self) -> Result<(), TrainError> {
        while self.d_steps_this_iteration < self.config().n_dis {
            self.discriminator_step()?;
        }
        self.generator_step();
        Ok(())
    }

    /// Reads the latest step's values. Finite values make the current weights the last good
    /// ones; a NaN or infinity restores the last good weights and returns the error, so a
    /// diverged run can still be sampled and exported. `None` before the first D step.
    pub async fn read_point(&mut self) -> Result<Option<GanPoint>, TrainError> {
        let Some(discriminator) = &self.last_discriminator else {
            return Ok(None);
        };
        let mut named = discriminator.named();
        if let Some(generator) = &self.last_generator {
            named.extend(generator.named());
        }
        let values = match self.last_good.read_checked(&mut self.trainer, named).await {
            Ok(values) => values,
            Err(error) => {
                // The trainer is back at its last good state (if any): so are the counters.
                self.counters.iterations = self.trainer.iteration;
                self.last_discriminator = None;
                self.last_generator = None;
                return Err(error);
            }
        };
        let point = GanPoint::from_named(
            self.counters.iterations,
            self.counters.discriminator_steps,
            &values,
        )?;
        Ok(Some(point))
    }

    /// Histograms of the last D step's scores (one transfer). `None` before the first D step.
    pub async fn read_histogram(&self) -> Result<Option<ScoreHistogram>, TrainError> {
        let Some(discriminator) = &self.last_discriminator else {
            return Ok(None);
        };
        let scores = &discriminator.scores;
        let [batch] = scores.real.dims();
        let mut parts = vec![scores.real.clone(), scores.fake.clone()];
        parts.extend(scores.negative.clone());
        let values = read_floats(Tensor::cat(parts, 0)).await?;
        let (real, rest) = values.split_at(batch.min(values.len()));
        let (fake, negative) = rest.split_at(batch.min(rest.len()));
        Ok(Some(ScoreHistogram::new(
            real,
            fake,
            negative,
            HISTOGRAM_BINS,
        )))
    }

    /// The EMA generator's images for `plan` as one grid, read back without blocking.
    pub async fn read_grid(&self, plan: &SamplePlan) -> Result<RgbaMosaic, TrainError> {
        let images = self.trainer.sample_plan(plan, &self.device);
        let shape = images.dims();
        let values = read_floats(images).await?;
        if values.iter().any(|value| !value.is_finite()) {
            return Err(TrainError::NonFinite("a generated image"));
        }
        mosaic_from_nchw(&values, shape, plan.columns)
            .map_err(|error| TrainError::Readback(error.to_string()))
    }

    /// The fixed-noise grid the page refreshes during training.
    pub async fn read_fixed_grid(&self) -> Result<RgbaMosaic, TrainError> {
        self.read_grid(&self.fixed_noise).await
    }

    /// A host copy of the last good weights (or the current ones before any report).
    pub async fn read_host_weights(&self) -> Result<HostWeights, TrainError> {
        let trainer = self.last_good.get().unwrap_or(&self.trainer);
        read_gan_weights(trainer).await
    }

    /// The same run continued from `weights` on another (autodiff) `device`: the models hold the
    /// copied weights, the counters continue; Adam's moments and the data order start afresh.
    pub fn continue_on(
        &self,
        weights: &HostWeights,
        set: &ImageSet,
        device: &Device,
    ) -> Result<Self, TrainError> {
        let mut run = Self::new(self.config().clone(), set, device)?;
        run.trainer = restore_gan(weights, &self.trainer, device)?;
        run.counters = StepCounters {
            iterations: weights.iteration,
            discriminator_steps: self.counters.discriminator_steps,
        };
        Ok(run)
    }

    /// The trainer, e.g. to export its weights.
    pub fn trainer(&self) -> &GanTrainer {
        &self.trainer
    }

    fn next_batch(&mut self) -> RealBatch {
        let indices = self.sampler.next_batch(self.config().batch_size);
        let (images, labels) = self.images.batch(&indices, &self.device);
        RealBatch { images, labels }
    }
}

/// Why `set` cannot train a model of `config`, if it cannot.
pub fn check_dataset(config: &GanConfig, set: &ImageSet) -> Result<(), TrainError> {
    if set.size() != config.image_size {
        return Err(TrainError::Dataset(format!(
            "the dataset has {0}x{0} images but the model is set to {1}x{1}: choose {0} px in the \
             model settings or reload the data at {1} px",
            set.size(),
            config.image_size
        )));
    }
    if set.len() < config.batch_size {
        return Err(TrainError::Dataset(format!(
            "the dataset has {} images, fewer than one batch of {}: add images or lower the batch size",
            set.len(),
            config.batch_size
        )));
    }
    if let Some(classes) = config.num_classes {
        if !set.is_fully_labelled() {
            return Err(TrainError::Dataset(format!(
                "a class-conditional GAN needs a label on every image, but {} images have none: \
                 turn conditioning off or upload a zip with one folder per class",
                set.num_unlabelled()
            )));
        }
        if classes != set.num_classes() {
            return Err(TrainError::Dataset(format!(
                "the model is set to {classes} classes but the dataset has {}",
                set.num_classes()
            )));
        }
    }
    Ok(())
}
