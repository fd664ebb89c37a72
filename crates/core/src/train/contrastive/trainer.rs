//! The MoCo-v2 + NDA trainer (He et al., 2020; Chen et al., 2020; Sinha et al., ICLR 2021,
//! Sec. 5). One step on a batch of real images `x`:
//!
//! 1. two positive views of `x` (crop, flip, colour jitter, grayscale) and `m` NDA views (each one
//!    augmentation drawn by weight, e.g. 2x2 jigsaw), all from the augmentation RNG;
//! 2. momentum update of the key encoder, `key = mu * key + (1 - mu) * query`, before the keys are
//!    computed, as MoCo's code does;
//! 3. query `q = f_q(view 1)`; keys of view 2 and of the NDA views in one key-encoder pass (no
//!    gradients; GroupNorm makes one pass equal separate passes);
//! 4. InfoNCE over `[q.k+, q.queue, q.k_nda_1..m] / t` ([`super::info_nce`]); an SGD (or Adam)
//!    step on the query encoder;
//! 5. the positive keys replace the oldest keys of the queue; NDA keys are never enqueued.
//!
//! The baseline is the same run with `m = 0`: same seed, same initial weights, queue and data
//! order, and the positive views use their own RNG stream so both runs see the same views.

use burn::module::Module;
use burn::optim::decay::WeightDecayConfig;
use burn::optim::momentum::MomentumConfig;
use burn::optim::{AdamConfig, GradientsParams, ModuleOptimizer, SgdConfig};
use burn::tensor::{Device, Tensor};

use crate::augment::Augment;
use crate::model::{Encoder, InitNetwork};
use crate::seeding::{RngStream, StreamRng, stream_rng};
use crate::train::TrainError;
use crate::train::contrastive::config::{ContrastiveConfig, ContrastiveOptimizer};
use crate::train::contrastive::info_nce::{contrastive_logits, info_nce_loss};
use crate::train::contrastive::key_queue::KeyQueue;
use crate::train::draws::pick_by_weight;
use crate::train::ema::{Ema, EmaConfig};

/// What one step reports; detached `[1]` tensors, read by the driver.
#[derive(Debug, Clone)]
pub struct ContrastiveStats {
    /// The InfoNCE loss.
    pub loss: Tensor<1>,
    /// Mean cosine similarity of each query and its positive key.
    pub positive_similarity: Tensor<1>,
    /// Mean cosine similarity of queries and the queue's keys.
    pub queue_similarity: Tensor<1>,
    /// Mean cosine similarity of each query and its own NDA keys (`None` when `m = 0`).
    pub nda_similarity: Option<Tensor<1>>,
    /// Fraction of queries whose positive key beats every negative (MoCo's "acc@1").
    pub instance_accuracy: Tensor<1>,
}

impl ContrastiveStats {
    /// The values by name, for one concatenated read-back.
    pub fn named(&self) -> Vec<(&'static str, Tensor<1>)> {
        let mut named = vec![
            ("loss", self.loss.clone()),
            ("positive_similarity", self.positive_similarity.clone()),
            ("queue_similarity", self.queue_similarity.clone()),
            ("instance_accuracy", self.instance_accuracy.clone()),
        ];
        named.extend(self.nda_similarity.clone().map(|s| ("nda_similarity", s)));
        named
    }
}

/// What one step worked on, kept for the walk-through (dropped at once in training).
#[derive(Debug, Clone)]
pub struct ContrastiveTrace {
    /// The query views, `[batch, 3, S, S]`.
    pub query_views: Tensor<4>,
    /// The positive key views, then each NDA view, `[(1 + m) · batch, 3, S, S]`.
    pub key_images: Tensor<4>,
    /// `[q·k+, q·queue, q·k_nda_1..m] / t`, `[batch, 1 + queue + m]`.
    pub logits: Tensor<2>,
}

/// The query encoder, the momentum key encoder and the queue, trained step by step.
/// Its clone is a snapshot: modules and optimiser states share their (immutable) tensors, and
/// every random stream continues where the trainer's is.
#[derive(Clone)]
pub struct ContrastiveTrainer {
    /// The trained (query) encoder, on the autodiff device.
    pub query: Encoder,
    /// The momentum (key) encoder, an inference copy.
    pub key: Ema<Encoder>,
    /// Past positive keys.
    pub queue: KeyQueue,
    /// Positive views.
    pub view_rng: StreamRng,
    /// Choice and draws of the NDA views.
    pub augment_rng: StreamRng,
    /// Completed steps.
    pub step: usize,
    optimizer: ModuleOptimizer,
    config: ContrastiveConfig,
}

impl ContrastiveTrainer {
    /// Builds the encoders and the queue from `config` on the autodiff `device`.
    pub fn new(config: ContrastiveConfig, device: &Device) -> Result<Self, TrainError> {
        config.validate()?;
        if !device.is_autodiff() {
            return Err(TrainError::NeedsAutodiff);
        }
        let mut init_rng = stream_rng(config.seed, RngStream::Init);
        let query = config.encoder().init(device, &mut init_rng)?;
        let key = Ema::new(&query, key_schedule(&config));
        let queue = KeyQueue::new(
            config.queue_size,
            config.embedding_dim,
            &mut init_rng,
            device,
        );
        Ok(Self {
            query,
            key,
            queue,
            view_rng: StreamRng::new(config.seed, RngStream::Noise),
            augment_rng: StreamRng::new(config.seed, RngStream::Augment),
            step: 0,
            optimizer: optimizer(&config),
            config,
        })
    }

    /// The settings of this run.
    pub fn config(&self) -> &ContrastiveConfig {
        &self.config
    }

    /// One MoCo step on `real` (`[batch, 3, S, S]` in [-1, 1], on the trainer's device).
    pub fn step(&mut self, real: Tensor<4>) -> Result<ContrastiveStats, TrainError> {
        Ok(self.traced_step(real)?.0)
    }

    /// [`Self::step`], also returning its views and logits for the walk-through.
    pub fn traced_step(
        &mut self,
        real: Tensor<4>,
    ) -> Result<(ContrastiveStats, ContrastiveTrace), TrainError> {
        let [batch, ..] = real.dims();
        let views = self.nda_views(real.clone())?;
        let query_view = self
            .config
            .positive
            .apply(real.clone(), &mut self.view_rng)?;
        let key_view = self.config.positive.apply(real, &mut self.view_rng)?;
        self.key.update(&self.query, self.step);
        let num_views = views.len();
        let mut key_images = vec![key_view.without_autodiff()];
        key_images.extend(views.into_iter().map(Tensor::without_autodiff));
        let key_images = Tensor::cat(key_images, 0);
        let keys = self.key.model.embed(key_images.clone());
        // [(1 + m) * batch, dim]
        let [_, dim] = keys.dims();
        let positive_key = keys.clone().narrow(0, 0, batch);
        let nda_keys = (num_views > 0).then(|| {
            keys.narrow(0, batch, num_views * batch)
                .reshape([num_views, batch, dim])
            // [m, batch, dim]
        });
        let query = self.query.embed(query_view.clone());
        let logits = contrastive_logits(
            query,
            positive_key.clone(),
            self.queue.keys(),
            nda_keys,
            self.config.temperature,
        );
        let loss = info_nce_loss(logits.clone());
        let grads = GradientsParams::from_grads(loss.backward(), &self.query);
        self.query = self
            .optimizer
            .step(self.config.learning_rate, self.query.clone(), grads);
        self.queue.enqueue(positive_key);
        self.step += 1;
        let trace = ContrastiveTrace {
            query_views: query_view.detach(),
            key_images,
            logits: logits.clone().detach(),
        };
        Ok((self.stats(loss.detach(), logits.detach(), num_views), trace))
    }

    /// The frozen query encoder's pooled features of `images`, for k-NN and the linear probe.
    pub fn features(&self, images: Tensor<4>) -> Tensor<2> {
        self.query.valid().features(images.without_autodiff())
    }

    /// The frozen query encoder's unit embeddings of `images`.
    pub fn embed(&self, images: Tensor<4>) -> Tensor<2> {
        self.query.valid().embed(images.without_autodiff())
    }

    /// `m` NDA views of `real`, each made by one augmentation drawn by weight.
    fn nda_views(&mut self, real: Tensor<4>) -> Result<Vec<Tensor<4>>, TrainError> {
        let real = real.detach();
        (0..self.config.nda_views)
            .map(|_| {
                let augmentation = pick_by_weight(&self.config.negatives, &mut self.augment_rng)?;
                Ok(augmentation.apply(real.clone(), &mut self.augment_rng)?)
            })
            .collect()
    }

    fn stats(&self, loss: Tensor<1>, logits: Tensor<2>, num_views: usize) -> ContrastiveStats {
        let [batch, columns] = logits.dims();
        let scale = self.config.temperature;
        let queue_size = columns - 1 - num_views;
        let mean_of = |start: usize, count: usize| {
            logits
                .clone()
                .narrow(1, start, count)
                .mean()
                .mul_scalar(scale)
        };
        let instance_accuracy = logits
            .clone()
            .argmax(1)
            .equal_elem(0)
            .float()
            .reshape([batch])
            .mean();
        ContrastiveStats {
            loss,
            positive_similarity: mean_of(0, 1),
            queue_similarity: mean_of(1, queue_size),
            nda_similarity: (num_views > 0).then(|| mean_of(1 + queue_size, num_views)),
            instance_accuracy,
        }
    }
}

/// The key encoder's momentum as an EMA that averages from the first step.
fn key_schedule(config: &ContrastiveConfig) -> EmaConfig {
    EmaConfig {
        decay: config.momentum,
        start_iteration: 0,
    }
}

/// The optimiser of `config`: MoCo's SGD (momentum 0.9, no dampening, as PyTorch) or Adam.
fn optimizer(config: &ContrastiveConfig) -> ModuleOptimizer {
    let decay =
        (config.weight_decay > 0.0).then(|| WeightDecayConfig::new(config.weight_decay as f32));
    match config.optimizer {
        ContrastiveOptimizer::Sgd => SgdConfig::new()
            .with_momentum(Some(MomentumConfig::new().with_dampening(0.0)))
            .with_weight_decay(decay)
            .init(),
        ContrastiveOptimizer::Adam => AdamConfig::new().with_weight_decay(decay).init(),
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
