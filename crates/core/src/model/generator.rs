//! The generator: a DCGAN-style stack for 32x32 or 64x64 images with the NDA-GAN ingredients of
//! Sinha et al. (ICLR 2021, Sec. 4; BigGAN): spectral norm on every layer, batch norm + ReLU,
//! N(0, 0.02) weights.
//!
//! `z [batch, latent_dim]` -> linear -> `[batch, 8w, 4, 4]` -> (transposed conv k4 s2 p1, batch
//! norm, ReLU) per stage, halving the channels down to `w` -> 3x3 conv to RGB -> tanh.
//!
//! **Conditioning.** A class-conditional generator concatenates a learned class vector of size
//! `latent_dim` to `z` (drawn N(0, 1) like burn's `Embedding`, so it is on the scale of `z`). BigGAN
//! feeds a shared embedding into every conditional batch norm; concatenation is the simplest form
//! that keeps this generator readable, and the projection discriminator does the heavy lifting.

use burn::module::{Module, Param};
use burn::nn::{BatchNorm, BatchNormConfig};
use burn::tensor::activation::relu;
use burn::tensor::{Device, Int, Tensor};
use rand::rngs::ChaCha8Rng;

use super::init::normal_param;
use super::sn_layers::{SnConv2d, SnConvConfig, SnConvTranspose2d, SnLinear, SnLinearConfig};
use super::{GeneratorConfig, InitNetwork, ModelError};

/// One upsampling stage: transposed conv k4 s2 p1, batch norm, ReLU.
#[derive(Module, Debug)]
pub struct UpBlock {
    /// Doubles height and width.
    pub conv: SnConvTranspose2d,
    /// Normalises the output channels.
    pub norm: BatchNorm,
}

/// The generator `G(z, y)`: images in [-1, 1].
#[derive(Module, Debug)]
pub struct Generator {
    /// `[latent (+ class), 8w * 4 * 4]`.
    pub input: SnLinear,
    /// Normalises the 4x4 seed.
    pub input_norm: BatchNorm,
    /// The upsampling stages, 4x4 -> image size.
    pub blocks: Vec<UpBlock>,
    /// 3x3 conv to RGB.
    pub to_rgb: SnConv2d,
    /// `[num_classes, latent_dim]` class vectors of a conditional generator.
    pub class_table: Option<Param<Tensor<2>>>,
    /// Channels of the 4x4 seed (`8w`).
    pub seed_channels: usize,
}

impl InitNetwork for GeneratorConfig {
    type Network = Generator;

    /// A generator with N(0, 0.02) weights drawn from `rng`.
    fn init(&self, device: &Device, rng: &mut ChaCha8Rng) -> Result<Generator, ModelError> {
        self.validate()?;
        let seed_channels = 8 * self.width;
        let conditional_dim = self.num_classes.map_or(0, |_| self.latent_dim);
        let input = SnLinearConfig::new(self.latent_dim + conditional_dim, seed_channels * 16)
            .init(device, rng);
        let mut blocks = Vec::new();
        let mut channels = seed_channels;
        for out_channels in self.stage_channels() {
            blocks.push(UpBlock {
                conv: SnConvConfig::new([channels, out_channels], 4)
                    .with_stride(2)
                    .with_padding(1)
                    .init_transposed(device, rng),
                norm: BatchNormConfig::new(out_channels).init(device),
            });
            channels = out_channels;
        }
        let to_rgb = SnConvConfig::new([channels, 3], 3)
            .with_padding(1)
            .init_conv(device, rng);
        let class_table = self
            .num_classes
            .map(|classes| normal_param([classes, self.latent_dim], 1.0, rng, device));
        Ok(Generator {
            input,
            input_norm: BatchNormConfig::new(seed_channels).init(device),
            blocks,
            to_rgb,
            class_table,
            seed_channels,
        })
    }
}

impl Generator {
    /// `z [batch, latent_dim]` (and `labels [batch]` when conditional) -> `[batch, 3, size, size]`
    /// in [-1, 1]. Labels given to an unconditional generator are ignored; a conditional one
    /// without labels uses an all-zero class vector.
    pub fn forward(&self, z: Tensor<2>, labels: Option<Tensor<1, Int>>) -> Tensor<4> {
        let [batch, latent_dim] = z.dims();
        let input = match (&self.class_table, labels) {
            (Some(table), Some(labels)) => Tensor::cat(vec![z, table.val().select(0, labels)], 1),
            (Some(_), None) => {
                let zeros = Tensor::zeros([batch, latent_dim], &z.device());
                Tensor::cat(vec![z, zeros], 1)
            }
            // [batch, 2 * latent_dim]
            (None, _) => z,
        };
        let seed = self
            .input
            .forward(input)
            .reshape([batch, self.seed_channels, 4, 4]);
        // [batch, 8w, 4, 4]
        let mut hidden = relu(self.input_norm.forward(seed));
        for block in &self.blocks {
            hidden = relu(block.norm.forward(block.conv.forward(hidden)));
            // [batch, channels, 2h, 2w]
        }
        self.to_rgb.forward(hidden).tanh()
        // [batch, 3, size, size]
    }

    /// Whether this generator takes class labels.
    pub fn is_conditional(&self) -> bool {
        self.class_table.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ModelPreset;
    use crate::train::{labels_tensor, latent};
    use rand::SeedableRng;

    fn tiny(image_size: usize, num_classes: Option<usize>) -> GeneratorConfig {
        GeneratorConfig {
            width: ModelPreset::Tiny.width(),
            latent_dim: 32,
            image_size,
            num_classes,
        }
    }

    #[test]
    fn generates_images_in_range_of_the_configured_size() {
        let device = Device::flex().autodiff();
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for (size, classes) in [(32, None), (32, Some(10)), (64, None)] {
            let generator = tiny(size, classes).init(&device, &mut rng).expect("valid");
            let z = latent(4, 32, &mut rng, &device);
            let labels = classes.map(|_| labels_tensor(&[0, 3, 9, 1], &device));
            let images = generator.forward(z, labels);
            assert_eq!(images.dims(), [4, 3, size, size]);
            let values: Vec<f32> = images.into_data().try_to_vec().expect("f32");
            assert!(values.iter().all(|v| (-1.0..=1.0).contains(v)));
        }
    }

    #[test]
    fn same_seed_same_generator_and_bad_sizes_are_refused() {
        let device = Device::flex();
        let weights = |seed| {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let generator = tiny(32, None).init(&device, &mut rng).expect("valid");
            generator
                .input
                .weight
                .val()
                .into_data()
                .try_to_vec::<f32>()
                .expect("f32")
        };
        assert_eq!(weights(4), weights(4));
        assert_ne!(weights(4), weights(5));
        let mut rng = ChaCha8Rng::seed_from_u64(0);
        let error = tiny(48, None).init(&device, &mut rng).expect_err("48 px");
        assert_eq!(error, ModelError::UnsupportedImageSize(48));
        assert!(tiny(32, Some(1)).init(&device, &mut rng).is_err());
    }
}
