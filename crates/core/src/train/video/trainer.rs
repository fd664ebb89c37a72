//! The DPC + NDA trainer of the video task. One step on a batch of `n` real clips:
//!
//! 1. `m` NDA clips of each clip (frame shuffle by default), drawn on the host from the
//!    augmentation stream ([`super::clip_batch`]);
//! 2. one trunk pass over every block of the real clips and the future blocks of the NDA clips
//!    (GroupNorm keeps blocks independent, so one pass equals separate ones);
//! 3. the context (first half of the blocks) predicts the embedding of every location of every
//!    future block; the targets are the real future blocks' locations and, for each clip's own
//!    rows only, its NDA clips' blocks at the same block and location
//!    ([`super::predictive_nce`]);
//! 4. an Adam step on the whole encoder (DPC trains predictions and targets end to end; there is
//!    no momentum encoder).
//!
//! The baseline is the same run with `m = 0`: same seed, initial weights and clip order; only the
//! augmentation stream, which it never draws, differs in use.

use burn::module::Module;
use burn::optim::decay::WeightDecayConfig;
use burn::optim::{AdamConfig, GradientsParams, ModuleOptimizer};
use burn::tensor::{Device, Tensor};

use super::clip_batch::{bytes_batch, clip_batch, nda_clips};
use super::predictive_nce::{diagonal, prediction_accuracy, predictive_logits, predictive_loss};
use crate::data::video::ClipSet;
use crate::model::{ClipEncoder, InitNetwork};
use crate::seeding::{RngStream, StreamRng, stream_rng};
use crate::train::TrainError;
use crate::train::video::config::VideoConfig;

/// What one step reports; detached `[1]` tensors, read by the driver.
#[derive(Debug, Clone)]
pub struct VideoStats {
    /// The predictive InfoNCE loss.
    pub loss: Tensor<1>,
    /// Mean cosine similarity of a prediction and its true block.
    pub positive_similarity: Tensor<1>,
    /// Mean cosine similarity of a prediction and the batch's other blocks.
    pub negative_similarity: Tensor<1>,
    /// Mean cosine similarity of a prediction and its NDA clips' blocks (`None` when `m = 0`).
    pub nda_similarity: Option<Tensor<1>>,
    /// Fraction of predictions whose true block scores highest.
    pub prediction_accuracy: Tensor<1>,
}

impl VideoStats {
    /// The values by name, for one concatenated read-back.
    pub fn named(&self) -> Vec<(&'static str, Tensor<1>)> {
        let mut named = vec![
            ("loss", self.loss.clone()),
            ("positive_similarity", self.positive_similarity.clone()),
            ("negative_similarity", self.negative_similarity.clone()),
            ("prediction_accuracy", self.prediction_accuracy.clone()),
        ];
        named.extend(self.nda_similarity.clone().map(|s| ("nda_similarity", s)));
        named
    }
}

/// The clip encoder and its optimiser, trained step by step. Its clone is a snapshot.
#[derive(Clone)]
pub struct VideoTrainer {
    /// The trained encoder, on the autodiff device.
    pub encoder: ClipEncoder,
    /// Choice and plans of the NDA clips.
    pub augment_rng: StreamRng,
    /// Completed steps.
    pub step: usize,
    optimizer: ModuleOptimizer,
    config: VideoConfig,
}

impl VideoTrainer {
    /// Builds the encoder from `config` on the autodiff `device`.
    pub fn new(config: VideoConfig, device: &Device) -> Result<Self, TrainError> {
        config.validate()?;
        if !device.is_autodiff() {
            return Err(TrainError::NeedsAutodiff);
        }
        let encoder = config
            .encoder()
            .init(device, &mut stream_rng(config.seed, RngStream::Init))?;
        let decay =
            (config.weight_decay > 0.0).then(|| WeightDecayConfig::new(config.weight_decay as f32));
        Ok(Self {
            encoder,
            augment_rng: StreamRng::new(config.seed, RngStream::Augment),
            step: 0,
            optimizer: AdamConfig::new().with_weight_decay(decay).init(),
            config,
        })
    }

    /// The settings of this run.
    pub fn config(&self) -> &VideoConfig {
        &self.config
    }

    /// One step on the clips of `clips` at `indices`, with their NDA clips drawn here.
    pub fn step(
        &mut self,
        clips: &ClipSet,
        indices: &[usize],
        device: &Device,
    ) -> Result<VideoStats, TrainError> {
        let (real, nda) = self.draw_batch(clips, indices, device)?;
        self.step_on(real, nda)
    }

    /// The clips of `clips` at `indices` and their NDA clips (view-major), drawn from the
    /// augmentation stream when `m > 0`.
    pub(super) fn draw_batch(
        &mut self,
        clips: &ClipSet,
        indices: &[usize],
        device: &Device,
    ) -> Result<(Tensor<4>, Option<Tensor<4>>), TrainError> {
        let real = clip_batch(clips, indices, device);
        let nda = match self.config.nda_views {
            0 => None,
            views => {
                let broken = nda_clips(
                    clips,
                    indices,
                    &self.config.negatives,
                    views,
                    &mut self.augment_rng,
                )?;
                Some(bytes_batch(&broken, clips.frames(), clips.size(), device)?)
            }
        };
        Ok((real, nda))
    }

    /// One step on `real` clips `[n, 3T, S, S]` and their NDA clips `[m · n, 3T, S, S]`
    /// (view-major), both on the trainer's device.
    pub fn step_on(
        &mut self,
        real: Tensor<4>,
        nda: Option<Tensor<4>>,
    ) -> Result<VideoStats, TrainError> {
        Ok(self.step_traced(real, nda)?.0)
    }

    /// [`Self::step_on`], also returning the step's logits `[N, N + m]` (detached).
    pub(super) fn step_traced(
        &mut self,
        real: Tensor<4>,
        nda: Option<Tensor<4>>,
    ) -> Result<(VideoStats, Tensor<2>), TrainError> {
        let [clips, channels, side, _] = real.dims();
        let per_block = 3 * self.config.block_frames;
        let (blocks, context, future) = (
            channels / per_block,
            self.config.context_blocks(),
            self.config.future_blocks(),
        );
        let mut images = vec![self.encoder.as_blocks(real)];
        // [n·K, 3b, S, S]
        let views = nda.as_ref().map_or(0, |nda| nda.dims()[0] / clips);
        if let Some(nda) = nda {
            let future_frames = nda.narrow(1, context * per_block, future * per_block);
            images.push(future_frames.reshape([views * clips * future, per_block, side, side]));
            // [m·n·F, 3b, S, S], row (v·n + c)·F + j
        }
        let maps = self.encoder.trunk_map(Tensor::cat(images, 0));
        let [_, dim, grid, _] = maps.dims();
        let real_maps = maps
            .clone()
            .narrow(0, 0, clips * blocks)
            .reshape([clips, blocks, dim, grid, grid]);
        let predictions = self
            .encoder
            .predict(real_maps.clone().narrow(1, 0, context));
        // [n·F·g·g, E]: clip, future block, location
        let [rows, embedding] = predictions.dims();
        let mut target_maps = vec![real_maps.narrow(1, context, future).reshape([
            clips * future,
            dim,
            grid,
            grid,
        ])];
        if views > 0 {
            target_maps.push(maps.narrow(0, clips * blocks, views * clips * future));
        }
        let targets = self.encoder.targets(Tensor::cat(target_maps, 0));
        // [(1 + m)·n·F·g·g, E], the same row order in each slice
        let nda_targets = (views > 0).then(|| {
            targets
                .clone()
                .narrow(0, rows, views * rows)
                .reshape([views, rows, embedding])
        });
        let logits = predictive_logits(
            predictions,
            targets.narrow(0, 0, rows),
            nda_targets,
            self.config.temperature,
        );
        let loss = predictive_loss(logits.clone());
        let grads = GradientsParams::from_grads(loss.backward(), &self.encoder);
        self.encoder = self
            .optimizer
            .step(self.config.learning_rate, self.encoder.clone(), grads);
        self.step += 1;
        let logits = logits.detach();
        Ok((self.stats(loss.detach(), logits.clone(), views), logits))
    }

    /// The frozen encoder's clip features, `[n, 3T, S, S]` -> `[n, C]`.
    pub fn clip_features(&self, clips: Tensor<4>) -> Tensor<2> {
        self.encoder.valid().clip_features(clips.without_autodiff())
    }

    /// The frozen encoder's features of each clip's first frame alone, held still for a whole
    /// block (no motion to see): the appearance-only control, `[n, C]`.
    pub fn still_features(&self, clips: Tensor<4>) -> Tensor<2> {
        let first = clips.without_autodiff().narrow(1, 0, 3);
        let still = Tensor::cat(vec![first; self.config.block_frames], 1);
        self.encoder.valid().trunk(still)
    }

    /// How well each clip's context predicts its own future blocks: the mean cosine similarity
    /// of prediction and target over the future blocks and locations, `[n]`. A higher score
    /// means a more ordinary clip.
    pub fn predictive_scores(&self, clips: Tensor<4>) -> Tensor<1> {
        let encoder = self.encoder.valid();
        let [count, ..] = clips.dims();
        let maps = encoder.block_maps(clips.without_autodiff());
        let (predictions, targets) = encoder.predictions_and_targets(maps);
        let [rows, _] = targets.dims();
        predictions
            .mul(targets)
            .sum_dim(1)
            .reshape([count, rows / count])
            .mean_dim(1)
            .reshape([count])
    }

    fn stats(&self, loss: Tensor<1>, logits: Tensor<2>, views: usize) -> VideoStats {
        let [rows, _] = logits.dims();
        let scale = self.config.temperature;
        let shared = logits.clone().narrow(1, 0, rows);
        let own = diagonal(logits.clone()).sum();
        let others = shared
            .sum()
            .sub(own.clone())
            .div_scalar((rows * (rows - 1)).max(1) as f64);
        VideoStats {
            loss,
            positive_similarity: own.div_scalar(rows as f64).mul_scalar(scale),
            negative_similarity: others.mul_scalar(scale),
            nda_similarity: (views > 0).then(|| {
                logits
                    .clone()
                    .narrow(1, rows, views)
                    .mean()
                    .mul_scalar(scale)
            }),
            prediction_accuracy: prediction_accuracy(logits),
        }
    }
}

#[cfg(test)]
#[path = "trainer_tests.rs"]
mod tests;
