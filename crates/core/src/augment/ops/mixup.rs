//! Mixup applied to a batch: the plan of `augment/mixup.rs` as batched tensor ops.

use burn::tensor::Tensor;

use super::ApplyPlan;
use super::partner::gather_partners;
use crate::augment::{AugmentError, MixupPlan, check_plan_shape};

impl ApplyPlan for MixupPlan {
    /// Blends the batch with its partners: one `select` and two scaled adds.
    fn apply(&self, real: Tensor<4>) -> Result<Tensor<4>, AugmentError> {
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
    use crate::augment::ops::test_support::{
        HostImages, assert_seed_determines_output, random_images, rng,
    };
    use crate::augment::*;

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
    fn same_seed_same_output_and_different_seed_differs() {
        let config = MixupConfig::default();
        assert_seed_determines_output([4, 3, 8, 8], |real, rng| config.apply(real, rng));
    }
}
