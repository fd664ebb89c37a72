//! The clip encoder of the video task: dense predictive coding (Han, Xie and Zisserman, 2019)
//! shrunk for a browser. A clip of `T` frames is cut into blocks of `b` frames; each block is one
//! image of `3b` channels (its frames stacked, so the first convolution sees motion), encoded by
//! the contrastive encoder's residual stages, one fewer, into an 8 × 8 map (at 32 and 64 px):
//!
//! ```text
//! clip [n, 3T, S, S] -> blocks [n·K, 3b, S, S]  (K = T / b)
//!   -> residual frames (the first frame, then each frame minus the one before)
//!   -> stem conv3x3 (w) -> GN -> ReLU -> residual stages (w·2, w·4; w·8 at 64 px)
//!   -> block maps z                                                   [n, K, C, 8, 8]
//! context, at each location: z of the first P blocks -> 1x1 Linear(P·C, C) -> ReLU
//! prediction, at each location: 1x1 Linear(C, F·E) -> per block, L2-normalise   [n, F, 64, E]
//! target, at each location: z of the last F blocks -> Linear -> ReLU -> Linear(C, E) -> L2
//! clip features (for probes): z averaged over blocks and locations         [n, C]
//! ```
//!
//! The prediction is dense, as DPC's: each location of each future block is predicted, and the
//! other locations and blocks are among its negatives. A pooled prediction would let the encoder
//! tell clips apart by their figure and colours alone (measured: prediction accuracy stuck at
//! 0.5, one of a clip's two future blocks, and motion k-NN at chance after 200 steps); to say
//! what is *where* in a later block, it must know how the figure moves. DPC aggregates with a
//! ConvGRU over 3-D ResNet maps; a 1x1 linear aggregator of a fixed number of blocks does the
//! same job for clips of 8–16 frames at a fraction of the cost. GroupNorm, as in the image
//! encoder, keeps blocks independent of the batch, so an NDA clip's blocks encode the same
//! whether they share a pass with real ones or not.

use burn::module::Module;
use burn::nn::GroupNorm;
use burn::tensor::activation::relu;
use burn::tensor::{Device, Tensor};
use rand::rngs::ChaCha8Rng;

use crate::model::encoder::{ResidualBlock, group_norm, l2_normalise, residual_block};
use crate::model::plain_layers::{ConvLayer, ConvLayerConfig, DenseLayer, DenseLayerConfig};
use crate::model::{ClipEncoderConfig, InitNetwork, ModelError};

/// The clip encoder: block features, the context's predictions and the targets they predict.
#[derive(Module, Debug)]
pub struct ClipEncoder {
    /// conv3x3 from `3b` channels (a block's residual frames) to `w`.
    pub stem: ConvLayer,
    /// After the stem.
    pub stem_norm: GroupNorm,
    /// One stride-2 residual block per stage (named as the image encoder's, whose code and
    /// Python twins they share).
    pub blocks: Vec<ResidualBlock>,
    /// First layer of the target head.
    pub head_hidden: DenseLayer,
    /// Second layer of the target head.
    pub head_out: DenseLayer,
    /// The context aggregator over the first blocks' features.
    pub aggregate: DenseLayer,
    /// The predictor of every future block's embedding from the context.
    pub predict: DenseLayer,
    /// Frames per block.
    pub block_frames: usize,
    /// Blocks the aggregator reads.
    pub context_blocks: usize,
    /// Blocks predicted.
    pub future_blocks: usize,
}

impl InitNetwork for ClipEncoderConfig {
    type Network = ClipEncoder;

    /// A clip encoder with weights drawn from `rng`.
    fn init(&self, device: &Device, rng: &mut ChaCha8Rng) -> Result<ClipEncoder, ModelError> {
        self.validate()?;
        let stem = ConvLayerConfig::new([3 * self.block_frames, self.width], 3)
            .with_padding(1)
            .init(device, rng);
        let mut blocks = Vec::new();
        let mut channels = self.width;
        for stage in 0..self.stages() {
            let out_channels = self.width << (stage + 1).min(3);
            blocks.push(residual_block(channels, out_channels, device, rng));
            channels = out_channels;
        }
        let features = self.feature_dim();
        let embedding = self.embedding_dim;
        Ok(ClipEncoder {
            stem,
            stem_norm: group_norm(self.width, device),
            blocks,
            head_hidden: DenseLayerConfig::new(features, features).init(device, rng),
            head_out: DenseLayerConfig::new(features, embedding).init(device, rng),
            aggregate: DenseLayerConfig::new(self.context_blocks * features, features)
                .init(device, rng),
            predict: DenseLayerConfig::new(features, self.future_blocks * embedding)
                .init(device, rng),
            block_frames: self.block_frames,
            context_blocks: self.context_blocks,
            future_blocks: self.future_blocks,
        })
    }
}

impl ClipEncoder {
    /// Feature maps of blocks, `[count, 3b, S, S]` -> `[count, C, g, g]`.
    pub fn trunk_map(&self, blocks: Tensor<4>) -> Tensor<4> {
        let blocks = residual_frames(blocks);
        let mut hidden = relu(self.stem_norm.forward(self.stem.forward(blocks)));
        for block in &self.blocks {
            hidden = block.forward(hidden);
        }
        hidden
    }

    /// Pooled features of blocks, `[count, 3b, S, S]` -> `[count, C]`.
    pub fn trunk(&self, blocks: Tensor<4>) -> Tensor<2> {
        let map = self.trunk_map(blocks);
        let [count, channels, _, _] = map.dims();
        map.mean_dim(3).mean_dim(2).reshape([count, channels])
    }

    /// The clips' frames as blocks, `[n, 3T, S, S]` -> `[n · K, 3b, S, S]`, clip-major.
    pub fn as_blocks(&self, clips: Tensor<4>) -> Tensor<4> {
        let [clips_count, channels, side, _] = clips.dims();
        let per_block = 3 * self.block_frames;
        clips.reshape([clips_count * channels / per_block, per_block, side, side])
    }

    /// Every block's map, `[n, 3T, S, S]` -> `[n, K, C, g, g]`.
    pub fn block_maps(&self, clips: Tensor<4>) -> Tensor<5> {
        let [clips_count, ..] = clips.dims();
        let maps = self.trunk_map(self.as_blocks(clips));
        let [count, channels, side, _] = maps.dims();
        maps.reshape([clips_count, count / clips_count, channels, side, side])
    }

    /// A clip's features for the probes: its block maps averaged over blocks and locations,
    /// `[n, 3T, S, S]` -> `[n, C]`.
    pub fn clip_features(&self, clips: Tensor<4>) -> Tensor<2> {
        let [clips_count, ..] = clips.dims();
        let pooled = self.trunk(self.as_blocks(clips));
        let [count, dim] = pooled.dims();
        pooled
            .reshape([clips_count, count / clips_count, dim])
            .mean_dim(1)
            .reshape([clips_count, dim])
    }

    /// The target embeddings of block maps, `[count, C, g, g]` -> `[count · g·g, E]` (block
    /// after block, locations row-major), unit length.
    pub fn targets(&self, maps: Tensor<4>) -> Tensor<2> {
        let hidden = relu(self.head_hidden.forward(locations(maps)));
        l2_normalise(self.head_out.forward(hidden))
    }

    /// The predicted embeddings of the future blocks at every location from the context blocks'
    /// maps, `[n, P, C, g, g]` -> `[n · F · g·g, E]` (clip, then future block, then location),
    /// unit length.
    pub fn predict(&self, context: Tensor<5>) -> Tensor<2> {
        let [clips_count, blocks, channels, side, _] = context.dims();
        let area = side * side;
        let stacked = context.reshape([clips_count, blocks * channels, side, side]);
        let hidden = relu(self.aggregate.forward(locations(stacked)));
        // [n·g·g, C]
        let predicted = self.predict.forward(hidden);
        let [_, width] = predicted.dims();
        let embedding = width / self.future_blocks;
        let predicted = predicted
            .reshape([clips_count, area, self.future_blocks, embedding])
            .swap_dims(1, 2)
            .reshape([clips_count * self.future_blocks * area, embedding]);
        l2_normalise(predicted)
    }

    /// The predictions of every clip's future blocks from its context blocks, and their targets,
    /// from the clips' block maps `[n, K, C, g, g]`: two `[n · F · g·g, E]` tensors in the same
    /// row order (clip, future block, location).
    pub fn predictions_and_targets(&self, maps: Tensor<5>) -> (Tensor<2>, Tensor<2>) {
        let [count, _, channels, side, _] = maps.dims();
        let (context, future) = (self.context_blocks, self.future_blocks);
        let predictions = self.predict(maps.clone().narrow(1, 0, context));
        let targets = self.targets(maps.narrow(1, context, future).reshape([
            count * future,
            channels,
            side,
            side,
        ]));
        (predictions, targets)
    }
}

/// A block's first frame, then each frame's difference from the one before (residual frames):
/// `[count, 3b, S, S]` -> the same shape. The stem could learn the differences, but a clip's
/// random background and colours dominate raw frames, and differences cancel everything that
/// does not move.
pub fn residual_frames(blocks: Tensor<4>) -> Tensor<4> {
    let [_, channels, _, _] = blocks.dims();
    if channels <= 3 {
        return blocks;
    }
    let first = blocks.clone().narrow(1, 0, 3);
    let later = blocks.clone().narrow(1, 3, channels - 3);
    let earlier = blocks.narrow(1, 0, channels - 3);
    Tensor::cat(vec![first, later.sub(earlier)], 1)
}

/// A map's locations as rows, `[count, c, g, g]` -> `[count · g·g, c]` (locations row-major).
fn locations(maps: Tensor<4>) -> Tensor<2> {
    let [count, channels, side, _] = maps.dims();
    maps.reshape([count, channels, side * side])
        .swap_dims(1, 2)
        .reshape([count * side * side, channels])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ModelPreset;
    use burn::tensor::Distribution;
    use rand::SeedableRng;

    fn config() -> ClipEncoderConfig {
        ClipEncoderConfig {
            width: ModelPreset::Tiny.width(),
            image_size: 32,
            block_frames: 2,
            context_blocks: 2,
            future_blocks: 2,
            embedding_dim: 16,
        }
    }

    #[test]
    fn maps_features_predictions_and_targets_have_their_shapes() {
        let device = Device::flex();
        let encoder = config()
            .init(&device, &mut ChaCha8Rng::seed_from_u64(1))
            .expect("valid");
        let clips = Tensor::<4>::random([3, 3 * 8, 32, 32], Distribution::Default, &device);
        let maps = encoder.block_maps(clips.clone());
        assert_eq!(maps.dims(), [3, 4, 64, 8, 8]);
        assert_eq!(encoder.clip_features(clips).dims(), [3, 64]);
        let predicted = encoder.predict(maps.clone().narrow(1, 0, 2));
        assert_eq!(predicted.dims(), [3 * 2 * 64, 16]);
        let targets = encoder.targets(maps.reshape([12, 64, 8, 8]));
        assert_eq!(targets.dims(), [12 * 64, 16]);
        let norms: Vec<f32> = predicted
            .powf_scalar(2.0)
            .sum_dim(1)
            .into_data()
            .try_to_vec::<f32>()
            .expect("floats");
        assert!(norms.iter().all(|n| (n - 1.0).abs() < 1e-4), "{norms:?}");
    }

    #[test]
    fn a_location_s_target_is_that_location_s_features() {
        let device = Device::flex();
        let encoder = config()
            .init(&device, &mut ChaCha8Rng::seed_from_u64(4))
            .expect("valid");
        let map = Tensor::<4>::random([2, 64, 8, 8], Distribution::Default, &device);
        // Block 1, location (2, 3): row 1·64 + 2·8 + 3 of the targets.
        let one = map.clone().narrow(0, 1, 1).narrow(2, 2, 1).narrow(3, 3, 1);
        let alone: Vec<f32> = encoder
            .targets(one)
            .into_data()
            .try_to_vec::<f32>()
            .expect("f");
        let row: Vec<f32> = encoder
            .targets(map)
            .narrow(0, 64 + 16 + 3, 1)
            .into_data()
            .try_to_vec::<f32>()
            .expect("f");
        for (a, b) in alone.iter().zip(&row) {
            assert!((a - b).abs() < 1e-5, "{a} vs {b}");
        }
    }

    #[test]
    fn a_block_is_its_own_frames_whatever_else_is_in_the_pass() {
        let device = Device::flex();
        let encoder = config()
            .init(&device, &mut ChaCha8Rng::seed_from_u64(2))
            .expect("valid");
        let clips = Tensor::<4>::random([2, 3 * 8, 32, 32], Distribution::Default, &device);
        let together: Vec<f32> = encoder
            .block_maps(clips.clone())
            .narrow(0, 1, 1)
            .into_data()
            .try_to_vec::<f32>()
            .expect("f");
        let alone: Vec<f32> = encoder
            .block_maps(clips.narrow(0, 1, 1))
            .into_data()
            .try_to_vec::<f32>()
            .expect("f");
        for (a, b) in together.iter().zip(&alone) {
            assert!((a - b).abs() < 1e-5, "{a} vs {b}");
        }
        // Block 1 of a clip is its frames 2 and 3: the same pixels as a clip of those frames.
        let frames = Tensor::<4>::random([1, 3 * 8, 32, 32], Distribution::Default, &device);
        let second_block = frames.clone().narrow(1, 6, 6);
        let direct: Vec<f32> = encoder
            .trunk_map(second_block)
            .into_data()
            .try_to_vec::<f32>()
            .expect("f");
        let cut: Vec<f32> = encoder
            .block_maps(frames)
            .narrow(1, 1, 1)
            .into_data()
            .try_to_vec::<f32>()
            .expect("f");
        assert_eq!(direct, cut);
    }
}
