//! Mixup as a negative augmentation (Sinha et al., ICLR 2021, Sec. 4 and Table 2).
//!
//! Each image is blended with a partner from the same batch, `lambda * x + (1 - lambda) * x_partner`,
//! with one `lambda ~ Beta(25, 25)` per batch (reference code), so most blends are close to half and
//! half: two ghostly overlaid objects that no real photograph shows. Partners form a derangement.

use burn::tensor::Tensor;
use rand::rngs::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::partner::{check_beta, check_pairable, derangement, draw_lambda, gather_partners};
use super::{AugmentError, check_images, check_plan_shape};

/// Settings of the mixup augmentation: the Beta distribution of the mixing weight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MixupConfig {
    /// First Beta parameter (must be > 0).
    pub alpha: f64,
    /// Second Beta parameter (must be > 0).
    pub beta: f64,
}

impl Default for MixupConfig {
    /// Beta(25, 25), the reference code's setting.
    fn default() -> Self {
        Self {
            alpha: 25.0,
            beta: 25.0,
        }
    }
}

impl MixupConfig {
    /// Checks the settings on their own.
    pub fn validate(&self) -> Result<(), AugmentError> {
        check_beta("mixup alpha", self.alpha, "mixup beta", self.beta)
    }

    /// Checks the settings against a `[batch, channels, height, width]` batch shape.
    pub fn validate_for_shape(&self, shape: [usize; 4]) -> Result<(), AugmentError> {
        self.validate()?;
        check_images(shape)?;
        check_pairable("mixup", shape[0])
    }

    /// Draws the partners and the batch's mixing weight.
    pub fn plan(&self, shape: [usize; 4], rng: &mut ChaCha8Rng) -> Result<MixupPlan, AugmentError> {
        self.validate_for_shape(shape)?;
        let partners = derangement(shape[0], rng)?;
        let lambda = draw_lambda(self.alpha, self.beta, rng)?;
        Ok(MixupPlan {
            shape,
            lambda,
            partners,
        })
    }

    /// Blends every image of `real` (`[batch, channels, height, width]`) with a partner.
    pub fn apply(&self, real: Tensor<4>, rng: &mut ChaCha8Rng) -> Result<Tensor<4>, AugmentError> {
        self.plan(real.dims(), rng)?.apply(real)
    }
}

/// The random draws of one mixup call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MixupPlan {
    /// The batch shape the plan was drawn for.
    pub shape: [usize; 4],
    /// Weight of the image itself, strictly inside (0, 1).
    pub lambda: f64,
    /// `partners[i]` is blended into image `i`; never `i` itself.
    pub partners: Vec<usize>,
}

impl MixupPlan {
    /// Blends the batch with its partners: one `select` and two scaled adds.
    pub fn apply(&self, real: Tensor<4>) -> Result<Tensor<4>, AugmentError> {
        check_plan_shape(self.shape, real.dims())?;
        let partner = gather_partners(real.clone(), &self.partners);
        let mixed = real
            .mul_scalar(self.lambda)
            .add(partner.mul_scalar(1.0 - self.lambda))
            // A convex blend stays in [-1, 1]; the clamp only removes float rounding.
            .clamp(-1.0, 1.0);
        Ok(mixed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::augment::test_support::{
        HostImages, assert_seed_determines_output, random_images, rng,
    };

    #[test]
    fn output_is_the_planned_blend_with_a_partner() {
        let shape = [4, 3, 8, 8];
        let (input, real) = random_images(shape, 4);
        let plan = MixupConfig::default()
            .plan(shape, &mut rng(4))
            .expect("valid");
        assert!(plan.lambda > 0.0 && plan.lambda < 1.0);
        let output = HostImages::read(plan.apply(real).expect("same shape"));
        assert!(output.in_unit_range());
        let lambda = plan.lambda as f32;
        for image in 0..4 {
            let partner = plan.partners[image];
            assert_ne!(partner, image);
            for (channel, row, col) in [(0, 0, 0), (1, 3, 5), (2, 7, 7)] {
                let expected = lambda * input.at(image, channel, row, col)
                    + (1.0 - lambda) * input.at(partner, channel, row, col);
                assert!((output.at(image, channel, row, col) - expected).abs() < 1e-5);
            }
        }
    }

    #[test]
    fn lambda_concentrates_near_one_half() {
        let config = MixupConfig::default();
        let mut draws = rng(11);
        let lambdas: Vec<f64> = (0..400)
            .map(|_| config.plan([2, 1, 2, 2], &mut draws).expect("valid").lambda)
            .collect();
        let mean = lambdas.iter().sum::<f64>() / lambdas.len() as f64;
        assert!((mean - 0.5).abs() < 0.02, "mean {mean}");
        assert!(lambdas.iter().all(|&l| (0.15..0.85).contains(&l)));
    }

    #[test]
    fn same_seed_same_output_and_different_seed_differs() {
        let config = MixupConfig::default();
        assert_seed_determines_output([4, 3, 8, 8], |real, rng| config.apply(real, rng));
    }

    #[test]
    fn invalid_settings_are_refused() {
        for (alpha, beta) in [
            (0.0, 1.0),
            (1.0, -2.0),
            (f64::NAN, 1.0),
            (f64::INFINITY, 1.0),
        ] {
            assert!(matches!(
                MixupConfig { alpha, beta }.validate(),
                Err(AugmentError::ParameterOutOfRange { .. })
            ));
        }
        assert!(matches!(
            MixupConfig::default().plan([1, 3, 8, 8], &mut rng(0)),
            Err(AugmentError::BatchTooSmall { batch_size: 1, .. })
        ));
    }
}
