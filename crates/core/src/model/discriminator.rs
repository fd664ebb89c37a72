//! The discriminator of NDA-GAN (Sinha et al., ICLR 2021, Sec. 4): strided convolutions with
//! LeakyReLU 0.2 and spectral norm on every layer, sum pooling, a linear head giving a raw logit
//! (the hinge loss takes logits), and for class-conditional runs a projection term
//! `<embed(y), features>` (Miyato & Koyama, 2018), as BigGAN's discriminator.
//!
//! `[batch, 3, size, size]` -> (conv k4 s2 p1, LeakyReLU) per stage with `w, 2w, 4w(, 8w)` channels
//! -> `[batch, C, 4, 4]` -> sum over space -> `[batch, C]` -> linear -> `[batch]`.

use burn::module::Module;
use burn::tensor::activation::leaky_relu;
use burn::tensor::{Device, Int, Tensor};
use rand::rngs::ChaCha8Rng;

use super::sn_layers::{
    SnConv2d, SnConvConfig, SnEmbedding, SnEmbeddingConfig, SnLinear, SnLinearConfig,
};
use super::{DiscriminatorConfig, InitNetwork, ModelError, num_stages};

/// Negative slope of the LeakyReLU, DCGAN's 0.2.
pub const LEAKY_SLOPE: f64 = 0.2;

/// The discriminator `D(x, y)`: one raw logit per image, high for "real".
#[derive(Module, Debug)]
pub struct Discriminator {
    /// The downsampling convolutions, image size -> 4x4.
    pub convs: Vec<SnConv2d>,
    /// `[features, 1]`: the unconditional logit.
    pub head: SnLinear,
    /// `[num_classes, features]`: class vectors of the projection term.
    pub projection: Option<SnEmbedding>,
}

impl InitNetwork for DiscriminatorConfig {
    type Network = Discriminator;

    /// A discriminator with N(0, 0.02) weights drawn from `rng`.
    fn init(&self, device: &Device, rng: &mut ChaCha8Rng) -> Result<Discriminator, ModelError> {
        self.validate()?;
        let mut convs = Vec::new();
        let mut channels = 3;
        for stage in 0..num_stages(self.image_size) {
            let out_channels = self.width << stage;
            convs.push(
                SnConvConfig::new([channels, out_channels], 4)
                    .with_stride(2)
                    .with_padding(1)
                    .init_conv(device, rng),
            );
            channels = out_channels;
        }
        let head = SnLinearConfig::new(channels, 1).init(device, rng);
        let projection = self
            .num_classes
            .map(|classes| SnEmbeddingConfig::new(classes, channels).init(device, rng));
        Ok(Discriminator {
            convs,
            head,
            projection,
        })
    }
}

impl Discriminator {
    /// `[batch, 3, size, size]` (and `labels [batch]` for a projection discriminator) -> raw
    /// logits `[batch]`. Labels given to an unconditional discriminator are ignored; a conditional
    /// one without labels scores the unconditional part only.
    pub fn forward(&self, images: Tensor<4>, labels: Option<Tensor<1, Int>>) -> Tensor<1> {
        let features = self.features(images);
        // [batch, features]
        let [batch, _] = features.dims();
        let logits = self.head.forward(features.clone()).reshape([batch]);
        // [batch]
        match (&self.projection, labels) {
            (Some(projection), Some(labels)) => {
                let projected = projection.forward(labels).mul(features).sum_dim(1);
                // [batch, 1]
                logits.add(projected.reshape([batch]))
            }
            _ => logits,
        }
    }

    /// The sum-pooled features of the last convolution, `[batch, channels]`.
    pub fn features(&self, images: Tensor<4>) -> Tensor<2> {
        let mut hidden = images;
        for conv in &self.convs {
            hidden = leaky_relu(conv.forward(hidden), LEAKY_SLOPE);
            // [batch, channels, h / 2, w / 2]
        }
        let [batch, channels, _, _] = hidden.dims();
        hidden.sum_dim(3).sum_dim(2).reshape([batch, channels])
        // [batch, channels]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ModelPreset;
    use crate::train::labels_tensor;
    use burn::tensor::Distribution;
    use rand::SeedableRng;

    #[test]
    fn scores_one_logit_per_image_conditional_or_not() {
        let device = Device::flex().autodiff();
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        for (size, classes) in [(32, None), (32, Some(3)), (64, Some(3))] {
            let config = DiscriminatorConfig {
                width: ModelPreset::Tiny.width(),
                image_size: size,
                num_classes: classes,
            };
            let discriminator = config.init(&device, &mut rng).expect("valid");
            let images = Tensor::<4>::random([5, 3, size, size], Distribution::Default, &device);
            let labels = classes.map(|_| labels_tensor(&[0, 1, 2, 0, 1], &device));
            assert_eq!(
                discriminator.features(images.clone()).dims(),
                [5, 16 * size / 8]
            );
            assert_eq!(discriminator.forward(images, labels).dims(), [5]);
        }
    }

    #[test]
    fn projection_changes_the_logit_with_the_label() {
        let device = Device::flex();
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        let discriminator = DiscriminatorConfig {
            width: 8,
            num_classes: Some(2),
            ..DiscriminatorConfig::new()
        }
        .init(&device, &mut rng)
        .expect("valid");
        let image = Tensor::<4>::random([1, 3, 32, 32], Distribution::Default, &device);
        let score = |label: usize| {
            let logits =
                discriminator.forward(image.clone(), Some(labels_tensor(&[label], &device)));
            logits.into_scalar::<f32>()
        };
        assert_ne!(score(0), score(1));
    }
}
