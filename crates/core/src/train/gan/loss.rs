//! The hinge losses of NDA-GAN (Sinha et al., ICLR 2021, Sec. 3.1 and the reference BigGAN code).
//!
//! The discriminator sees the NDA images as a second kind of fake, mixed with the generated ones:
//!
//! ```text
//! L_D = mean(relu(1 - D(x))) + alpha * mean(relu(1 + D(G(z)))) + beta * mean(relu(1 + D(x_neg)))
//! L_G = -mean(D(G(z)))
//! ```
//!
//! with `alpha = 0.25`, `beta = 0.75` (`lambda` and `1 - lambda` of the paper). The baseline is
//! `alpha = 1`, `beta = 0` (the reference code's baseline weighs fakes by 2; we use the standard 1).
//! NDA never enters the generator loss. Every term comes back as its own tensor so the page can chart
//! real, fake and NDA terms without reading anything back here.

use burn::tensor::Tensor;
use burn::tensor::activation::relu;

/// The discriminator loss and its weighted parts, each a `[1]` tensor.
#[derive(Debug, Clone)]
pub struct DiscriminatorLoss {
    /// `L_D`, the sum of the three weighted terms.
    pub total: Tensor<1>,
    /// `mean(relu(1 - D(x)))`.
    pub real: Tensor<1>,
    /// `alpha * mean(relu(1 + D(G(z))))`.
    pub fake: Tensor<1>,
    /// `beta * mean(relu(1 + D(x_neg)))`; zero when there are no negatives.
    pub negative: Tensor<1>,
}

/// `mean(relu(1 - logits))`: real images should score at least 1.
pub fn hinge_real(logits: Tensor<1>) -> Tensor<1> {
    relu(logits.neg().add_scalar(1.0)).mean()
}

/// `mean(relu(1 + logits))`: fakes and negatives should score at most -1.
pub fn hinge_fake(logits: Tensor<1>) -> Tensor<1> {
    relu(logits.add_scalar(1.0)).mean()
}

/// `L_D` from the logits of real, generated and (optionally) NDA images, each `[batch]`.
pub fn discriminator_loss(
    real_logits: Tensor<1>,
    fake_logits: Tensor<1>,
    negative_logits: Option<Tensor<1>>,
    alpha: f64,
    beta: f64,
) -> DiscriminatorLoss {
    let real = hinge_real(real_logits);
    let fake = hinge_fake(fake_logits).mul_scalar(alpha);
    let negative = match negative_logits {
        Some(logits) => hinge_fake(logits).mul_scalar(beta),
        None => real.zeros_like(),
    };
    let total = real.clone().add(fake.clone()).add(negative.clone());
    DiscriminatorLoss {
        total,
        real,
        fake,
        negative,
    }
}

/// `L_G = -mean(D(G(z)))` from the logits of generated images, `[batch]` -> `[1]`.
pub fn generator_loss(fake_logits: Tensor<1>) -> Tensor<1> {
    fake_logits.mean().neg()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::{NDA_ALPHA, NDA_BETA};
    use burn::tensor::{Device, TensorData};

    fn logits(values: &[f32], device: &Device) -> Tensor<1> {
        Tensor::from_data(TensorData::new(values.to_vec(), [values.len()]), device)
    }

    fn read(tensor: Tensor<1>) -> f32 {
        tensor.into_scalar::<f32>()
    }

    #[test]
    fn hinge_terms_on_hand_picked_logits() {
        let device = Device::flex();
        // relu(1 - 2) = 0, relu(1 + 1) = 2 -> mean 1.
        assert_eq!(read(hinge_real(logits(&[2.0, -1.0], &device))), 1.0);
        // relu(1 + 2) = 3, relu(1 - 1) = 0 -> mean 1.5.
        assert_eq!(read(hinge_fake(logits(&[2.0, -1.0], &device))), 1.5);
        let loss = discriminator_loss(
            logits(&[2.0, -1.0], &device),
            logits(&[0.0, -3.0], &device),
            Some(logits(&[1.0, 1.0], &device)),
            NDA_ALPHA,
            NDA_BETA,
        );
        assert_eq!(read(loss.real), 1.0);
        // 0.25 * mean(1, 0) = 0.125; 0.75 * mean(2, 2) = 1.5.
        assert_eq!(read(loss.fake), 0.125);
        assert_eq!(read(loss.negative), 1.5);
        assert_eq!(read(loss.total), 2.625);
        assert_eq!(read(generator_loss(logits(&[1.0, -3.0], &device))), 1.0);
    }

    #[test]
    fn beta_zero_is_the_baseline() {
        let device = Device::flex();
        let real = logits(&[0.3, -0.7, 1.4], &device);
        let fake = logits(&[-0.2, 0.9, -1.5], &device);
        let negative = logits(&[0.5, 0.1, 2.0], &device);
        let with_zero_beta =
            discriminator_loss(real.clone(), fake.clone(), Some(negative), 1.0, 0.0);
        let baseline = discriminator_loss(real, fake, None, 1.0, 0.0);
        assert_eq!(read(with_zero_beta.total), read(baseline.total));
        assert_eq!(read(with_zero_beta.negative), 0.0);
    }
}
