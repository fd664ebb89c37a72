//! The contrastive encoder of our MoCo-v2 + NDA experiments (Sinha et al., ICLR 2021, Sec. 5): a
//! small ResNet-like network and MoCo-v2's two-layer projection head to a 128-d, L2-normalised
//! embedding.
//!
//! ```text
//! [batch, 3, S, S] -> stem conv3x3 (w) -> GN -> ReLU                      [batch, w, S, S]
//!   -> per stage: residual block, stride 2, w*2, w*4, w*8 (w*8 again at 64 px)
//!   -> global average pool -> features                                    [batch, 8w]
//!   -> Linear(8w, 8w) -> ReLU -> Linear(8w, 128) -> L2-normalise -> embedding [batch, 128]
//! ```
//!
//! Why GroupNorm, not ResNet's BatchNorm: with batch statistics, the keys of a batch can leak which
//! images belong together, and MoCo needs "shuffling BN" across GPUs to stop the encoder from
//! cheating. GroupNorm has no cross-image statistics, so there is nothing to leak, training and
//! evaluation behave the same, and one key-encoder pass over `[positive views; NDA views]` equals
//! separate passes. Accuracy is measured on the pooled features (before the head), MoCo's protocol.

use burn::module::Module;
use burn::nn::{GroupNorm, GroupNormConfig};
use burn::tensor::Device;
use burn::tensor::Tensor;
use burn::tensor::activation::relu;
use rand::rngs::ChaCha8Rng;

use super::plain_layers::{ConvLayer, ConvLayerConfig, DenseLayer, DenseLayerConfig};
use super::{EncoderConfig, InitNetwork, ModelError, NORM_GROUPS, num_stages};

/// Two 3x3 convolutions with GroupNorm and a projected shortcut, halving the image side.
#[derive(Module, Debug)]
pub struct ResidualBlock {
    /// conv3x3, stride 2.
    pub conv1: ConvLayer,
    /// After `conv1`.
    pub norm1: GroupNorm,
    /// conv3x3, stride 1.
    pub conv2: ConvLayer,
    /// After `conv2`.
    pub norm2: GroupNorm,
    /// conv1x1, stride 2: the shortcut matches the new side and width.
    pub shortcut: ConvLayer,
    /// After `shortcut`.
    pub shortcut_norm: GroupNorm,
}

/// The encoder `f(x)`: features for evaluation, embeddings for the InfoNCE loss.
#[derive(Module, Debug)]
pub struct Encoder {
    /// conv3x3 from RGB to `w` channels.
    pub stem: ConvLayer,
    /// After the stem.
    pub stem_norm: GroupNorm,
    /// One stride-2 block per stage.
    pub blocks: Vec<ResidualBlock>,
    /// First layer of the projection head.
    pub head_hidden: DenseLayer,
    /// Second layer of the projection head.
    pub head_out: DenseLayer,
}

impl InitNetwork for EncoderConfig {
    type Network = Encoder;

    /// An encoder with weights drawn from `rng`.
    fn init(&self, device: &Device, rng: &mut ChaCha8Rng) -> Result<Encoder, ModelError> {
        self.validate()?;
        let stem = ConvLayerConfig::new([3, self.width], 3)
            .with_padding(1)
            .init(device, rng);
        let mut blocks = Vec::new();
        let mut channels = self.width;
        for stage in 0..num_stages(self.image_size) {
            let out_channels = self.width << (stage + 1).min(3);
            blocks.push(residual_block(channels, out_channels, device, rng));
            channels = out_channels;
        }
        let features = self.feature_dim();
        Ok(Encoder {
            stem,
            stem_norm: group_norm(self.width, device),
            blocks,
            head_hidden: DenseLayerConfig::new(features, features).init(device, rng),
            head_out: DenseLayerConfig::new(features, self.embedding_dim).init(device, rng),
        })
    }
}

pub(crate) fn group_norm(channels: usize, device: &Device) -> GroupNorm {
    GroupNormConfig::new(NORM_GROUPS, channels).init(device)
}

pub(crate) fn residual_block(
    in_channels: usize,
    out_channels: usize,
    device: &Device,
    rng: &mut ChaCha8Rng,
) -> ResidualBlock {
    let conv = |channels: [usize; 2], kernel: usize, stride: usize, rng: &mut ChaCha8Rng| {
        ConvLayerConfig::new(channels, kernel)
            .with_stride(stride)
            .with_padding(kernel / 2)
            .init(device, rng)
    };
    ResidualBlock {
        conv1: conv([in_channels, out_channels], 3, 2, rng),
        norm1: group_norm(out_channels, device),
        conv2: conv([out_channels, out_channels], 3, 1, rng),
        norm2: group_norm(out_channels, device),
        shortcut: conv([in_channels, out_channels], 1, 2, rng),
        shortcut_norm: group_norm(out_channels, device),
    }
}

impl ResidualBlock {
    /// `[batch, in, h, w]` -> `[batch, out, h / 2, w / 2]`.
    pub fn forward(&self, input: Tensor<4>) -> Tensor<4> {
        let hidden = relu(self.norm1.forward(self.conv1.forward(input.clone())));
        let hidden = self.norm2.forward(self.conv2.forward(hidden));
        let shortcut = self.shortcut_norm.forward(self.shortcut.forward(input));
        relu(hidden.add(shortcut))
    }
}

impl Encoder {
    /// The pooled features used for k-NN and the linear probe, `[batch, 8w]`.
    pub fn features(&self, images: Tensor<4>) -> Tensor<2> {
        let mut hidden = relu(self.stem_norm.forward(self.stem.forward(images)));
        // [batch, w, S, S]
        for block in &self.blocks {
            hidden = block.forward(hidden);
        }
        // [batch, 8w, 4, 4]
        let [batch, channels, _, _] = hidden.dims();
        hidden.mean_dim(3).mean_dim(2).reshape([batch, channels])
        // [batch, 8w]
    }

    /// The projection head on pooled features, L2-normalised: `[batch, 8w]` -> `[batch, 128]`.
    pub fn project(&self, features: Tensor<2>) -> Tensor<2> {
        let hidden = relu(self.head_hidden.forward(features));
        l2_normalise(self.head_out.forward(hidden))
    }

    /// The embedding the InfoNCE loss compares, `[batch, 3, S, S]` -> `[batch, 128]`, unit length.
    pub fn embed(&self, images: Tensor<4>) -> Tensor<2> {
        self.project(self.features(images))
    }
}

/// Each row divided by its L2 norm (floored at 1e-12, as PyTorch's `F.normalize`).
pub fn l2_normalise(rows: Tensor<2>) -> Tensor<2> {
    let norms = rows
        .clone()
        .powf_scalar(2.0)
        .sum_dim(1)
        .sqrt()
        .clamp_min(1e-12);
    // [batch, 1]
    rows.div(norms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EMBEDDING_DIM, ModelPreset};
    use burn::tensor::Distribution;
    use rand::SeedableRng;

    #[test]
    fn features_and_unit_embeddings_at_both_sizes() {
        let device = Device::flex();
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        for size in [32, 64] {
            let config = EncoderConfig {
                width: ModelPreset::Tiny.width(),
                image_size: size,
                ..EncoderConfig::new()
            };
            let encoder = config.init(&device, &mut rng).expect("valid");
            let images = Tensor::<4>::random([3, 3, size, size], Distribution::Default, &device);
            assert_eq!(encoder.features(images.clone()).dims(), [3, 128]);
            let embedding = encoder.embed(images);
            assert_eq!(embedding.dims(), [3, EMBEDDING_DIM]);
            let norms: Vec<f32> = embedding
                .powf_scalar(2.0)
                .sum_dim(1)
                .into_data()
                .try_to_vec::<f32>()
                .expect("floats");
            assert!(norms.iter().all(|n| (n - 1.0).abs() < 1e-4), "{norms:?}");
        }
    }

    #[test]
    fn same_seed_same_encoder_and_bad_settings_refused() {
        let device = Device::flex();
        let build = || {
            EncoderConfig {
                width: 8,
                ..EncoderConfig::new()
            }
            .init(&device, &mut ChaCha8Rng::seed_from_u64(5))
            .expect("valid")
        };
        let image = Tensor::<4>::ones([1, 3, 32, 32], &device);
        let first: Vec<f32> = build()
            .embed(image.clone())
            .into_data()
            .try_to_vec::<f32>()
            .expect("f");
        let second: Vec<f32> = build()
            .embed(image)
            .into_data()
            .try_to_vec::<f32>()
            .expect("f");
        assert_eq!(first, second);
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        assert!(
            EncoderConfig {
                width: 12,
                ..EncoderConfig::new()
            }
            .init(&device, &mut rng)
            .is_err()
        );
        assert!(
            EncoderConfig {
                image_size: 48,
                ..EncoderConfig::new()
            }
            .init(&device, &mut rng)
            .is_err()
        );
    }
}
