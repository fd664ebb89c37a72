//! The NDA-GAN trainer (Sinha et al., ICLR 2021, Sec. 3.1 and 4): per iteration, `n_dis`
//! discriminator steps, each on a fresh real batch `x`, fresh noise `z` and NDA images
//! `x_neg = NDA(x)` treated as extra fakes, then one generator step; Adam on both networks; the
//! generator EMA follows after every iteration and makes the samples.
//!
//! All randomness is drawn on the host from ChaCha8 streams of the run's one seed (see
//! [`stream_rng`]) and uploaded, so two trainers with the same config produce the same losses on the
//! CPU. Weights come from the init stream, noise and fake labels from the noise stream, and the
//! negative augmentations from their own stream: a baseline (beta 0) and an NDA run with the same
//! seed therefore start from the same weights and see the same noise, step for step, which is what
//! makes the side-by-side comparison fair. Steps return loss tensors; nothing is read back here.

use burn::module::Module;
use burn::optim::{AdamConfig, GradientsParams, ModuleOptimizer};
use burn::tensor::{Device, Int, Tensor};

use crate::augment::{NegativeAugmentation, apply_with_partners};
use crate::model::init::uniform_labels;
use crate::model::{Discriminator, Generator, InitNetwork};
use crate::seeding::{RngStream, StreamRng, stream_rng};
use crate::train::TrainError;
use crate::train::draws::{labels_tensor, latent, pick_by_weight};
use crate::train::ema::Ema;
use crate::train::gan::config::GanConfig;
use crate::train::gan::loss::{discriminator_loss, generator_loss};
use crate::train::gan::stats::{DiscriminatorStats, GeneratorStats, IterationStats};
use crate::train::gan::trace::{DiscriminatorTrace, GeneratorTrace};

/// Adam epsilon of the reference code (PyTorch's default, 1e-8).
const ADAM_EPSILON: f32 = 1e-8;

/// One batch of real images, `[batch, 3, size, size]` in [-1, 1], with labels for a conditional GAN.
#[derive(Debug, Clone)]
pub struct RealBatch {
    /// The images, on the trainer's device.
    pub images: Tensor<4>,
    /// `[batch]` class ids; required by a class-conditional GAN, ignored otherwise.
    pub labels: Option<Tensor<1, Int>>,
}

/// Trains G and D of NDA-GAN step by step on one (autodiff) device.
/// Its clone is a snapshot: modules and optimiser states share their (immutable) tensors, and
/// every random stream continues where the trainer's is.
#[derive(Clone)]
pub struct GanTrainer {
    /// The live generator.
    pub generator: Generator,
    /// The live discriminator.
    pub discriminator: Discriminator,
    /// The averaged generator used for samples (inference device).
    pub ema: Ema<Generator>,
    /// Noise and fake labels.
    pub noise_rng: StreamRng,
    /// Negative augmentations.
    pub augment_rng: StreamRng,
    /// Completed iterations (generator steps).
    pub iteration: usize,
    generator_optimizer: ModuleOptimizer,
    discriminator_optimizer: ModuleOptimizer,
    config: GanConfig,
    device: Device,
}

impl GanTrainer {
    /// Builds the models from `config` on `device`, which must be an autodiff device (e.g.
    /// `Device::flex().autodiff()`), seeded by `config.seed`. Real batches must live on `device`.
    pub fn new(config: GanConfig, device: &Device) -> Result<Self, TrainError> {
        config.validate()?;
        if !device.is_autodiff() {
            return Err(TrainError::NeedsAutodiff);
        }
        let mut init_rng = stream_rng(config.seed, RngStream::Init);
        let generator = config.generator().init(device, &mut init_rng)?;
        let discriminator = config.discriminator().init(device, &mut init_rng)?;
        let ema = Ema::new(&generator, config.ema);
        Ok(Self {
            generator,
            discriminator,
            ema,
            noise_rng: StreamRng::new(config.seed, RngStream::Noise),
            augment_rng: StreamRng::new(config.seed, RngStream::Augment),
            iteration: 0,
            generator_optimizer: adam(&config),
            discriminator_optimizer: adam(&config),
            config,
            device: device.clone(),
        })
    }

    /// The settings of this run.
    pub fn config(&self) -> &GanConfig {
        &self.config
    }

    /// One discriminator step on `real`: minimises `L_D` over real, generated and NDA images.
    pub fn discriminator_step(
        &mut self,
        real: RealBatch,
    ) -> Result<DiscriminatorStats, TrainError> {
        Ok(self.traced_discriminator_step(real)?.0)
    }

    /// [`Self::discriminator_step`], also returning what the step worked on.
    pub fn traced_discriminator_step(
        &mut self,
        real: RealBatch,
    ) -> Result<(DiscriminatorStats, DiscriminatorTrace), TrainError> {
        let [batch, ..] = real.images.dims();
        let labels = self.checked_labels(real.labels)?;
        let z = self.latent(batch);
        let fake_labels = self.fake_labels(batch);
        let negative = self.negatives(real.images.clone().detach())?;
        // Like BigGAN's `toggle_grad(G, False)`: G still runs in training mode (batch statistics,
        // spectral-norm updates) but records no graph for its weights.
        let frozen_generator = self.generator.clone().no_grad();
        let fake = frozen_generator.forward(z, fake_labels.clone()).detach();
        let (negative_images, negative_plan) = negative.unzip();
        let has_negatives = negative_images.is_some();
        let mut images = vec![real.images, fake];
        images.extend(negative_images);
        let labels = labels.zip(fake_labels).map(|(real_labels, fake_labels)| {
            let mut all = vec![real_labels.clone(), fake_labels];
            all.extend(has_negatives.then_some(real_labels));
            Tensor::cat(all, 0)
        });
        let images = Tensor::cat(images, 0);
        // One D pass over [real; fake; negative]: D has no batch norm, so this equals three passes.
        let logits = self.discriminator.forward(images.clone(), labels.clone());
        // [2 * batch] or [3 * batch]
        let real_logits = logits.clone().narrow(0, 0, batch);
        let fake_logits = logits.clone().narrow(0, batch, batch);
        let negative_logits = has_negatives.then(|| logits.narrow(0, 2 * batch, batch));
        let loss = discriminator_loss(
            real_logits.clone(),
            fake_logits.clone(),
            negative_logits.clone(),
            self.config.alpha,
            self.config.beta,
        );
        let grads = GradientsParams::from_grads(loss.total.backward(), &self.discriminator);
        self.discriminator = self.discriminator_optimizer.step(
            self.config.learning_rate,
            self.discriminator.clone(),
            grads,
        );
        let stats = DiscriminatorStats::new(loss, real_logits, fake_logits, negative_logits);
        let trace = DiscriminatorTrace {
            images: images.detach(),
            labels,
            negative: negative_plan,
        };
        Ok((stats, trace))
    }

    /// One generator step on `batch_size` fresh samples: minimises `L_G = -mean(D(G(z)))`.
    pub fn generator_step(&mut self, batch_size: usize) -> GeneratorStats {
        self.traced_generator_step(batch_size).0
    }

    /// [`Self::generator_step`], also returning the samples and D's scores of them.
    fn traced_generator_step(&mut self, batch_size: usize) -> (GeneratorStats, GeneratorTrace) {
        let z = self.latent(batch_size);
        let labels = self.fake_labels(batch_size);
        let fake = self.generator.forward(z, labels.clone());
        // Gradients flow through D to the images, but D's weights need none in this step.
        let frozen_discriminator = self.discriminator.clone().no_grad();
        let fake_logits = frozen_discriminator.forward(fake.clone(), labels);
        let loss = generator_loss(fake_logits.clone());
        let grads = GradientsParams::from_grads(loss.backward(), &self.generator);
        self.generator =
            self.generator_optimizer
                .step(self.config.learning_rate, self.generator.clone(), grads);
        let stats = GeneratorStats {
            loss: loss.detach(),
            mean_fake_logit: fake_logits.clone().detach().mean(),
        };
        let trace = GeneratorTrace {
            images: fake.detach(),
            scores: fake_logits.detach(),
        };
        (stats, trace)
    }

    /// Ends an iteration: one generator step on a batch of the configured size, then the EMA
    /// update. Called alone it is the teaching "step G" (after any number of D steps).
    pub fn generator_update(&mut self) -> GeneratorStats {
        self.traced_generator_update().0
    }

    /// [`Self::generator_update`], also returning the samples and D's scores of them.
    pub fn traced_generator_update(&mut self) -> (GeneratorStats, GeneratorTrace) {
        let traced = self.traced_generator_step(self.config.batch_size);
        self.iteration += 1;
        self.ema.update(&self.generator, self.iteration);
        traced
    }

    /// One iteration: a D step per batch in `real` (exactly `n_dis` of them), one G step, one EMA
    /// update. Returns the last D step's and the G step's stats.
    pub fn iteration(&mut self, real: Vec<RealBatch>) -> Result<IterationStats, TrainError> {
        if real.len() != self.config.n_dis {
            return Err(TrainError::WrongBatchCount {
                expected: self.config.n_dis,
                actual: real.len(),
            });
        }
        let mut last = None;
        for batch in real {
            last = Some(self.discriminator_step(batch)?);
        }
        let discriminator = last.ok_or(TrainError::WrongBatchCount {
            expected: self.config.n_dis,
            actual: 0,
        })?;
        let generator = self.generator_update();
        Ok(IterationStats {
            discriminator,
            generator,
        })
    }

    /// `count` latent vectors from the trainer's RNG, on its device.
    pub fn latent(&mut self, count: usize) -> Tensor<2> {
        latent(
            count,
            self.config.latent_dim,
            &mut self.noise_rng,
            &self.device,
        )
    }

    /// Uniform labels for generated images of a conditional GAN.
    fn fake_labels(&mut self, count: usize) -> Option<Tensor<1, Int>> {
        let classes = self.config.num_classes?;
        Some(labels_tensor(
            &uniform_labels(count, classes, &mut self.noise_rng),
            &self.device,
        ))
    }

    /// Labels must come with a conditional GAN; an unconditional one ignores them.
    fn checked_labels(
        &self,
        labels: Option<Tensor<1, Int>>,
    ) -> Result<Option<Tensor<1, Int>>, TrainError> {
        match (self.config.num_classes, labels) {
            (Some(_), None) => Err(TrainError::Labels(
                "a class-conditional GAN needs the label of every real image: label the dataset or \
                 turn conditioning off",
            )),
            (Some(_), labels) => Ok(labels),
            (None, _) => Ok(None),
        }
    }

    /// `x_neg = NDA(x)` with one augmentation drawn by weight, with that augmentation and the
    /// partners it paired the images with, or `None` when beta is 0.
    #[allow(clippy::type_complexity)]
    fn negatives(
        &mut self,
        real: Tensor<4>,
    ) -> Result<Option<(Tensor<4>, (NegativeAugmentation, Option<Vec<usize>>))>, TrainError> {
        if !self.config.uses_negatives() {
            return Ok(None);
        }
        let augmentation = pick_by_weight(&self.config.negatives, &mut self.augment_rng)?.clone();
        let (images, partners) = apply_with_partners(&augmentation, real, &mut self.augment_rng)?;
        Ok(Some((images.detach(), (augmentation, partners))))
    }
}

/// Adam with the reference settings of `config`.
fn adam(config: &GanConfig) -> ModuleOptimizer {
    AdamConfig::new()
        .with_beta_1(config.adam_betas.0 as f32)
        .with_beta_2(config.adam_betas.1 as f32)
        .with_epsilon(ADAM_EPSILON)
        .init()
}
