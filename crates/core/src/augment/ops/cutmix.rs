//! CutMix applied to a batch: the plan of `augment/cutmix.rs` as batched tensor ops.

use burn::tensor::Tensor;

use super::ApplyPlan;
use super::partner::gather_partners;
use super::region::paste_boxes;
use crate::augment::{AugmentError, CutmixPlan, check_plan_shape};

impl ApplyPlan for CutmixPlan {
    /// Pastes the partners' boxes, batched: one `select` and one `mask_where`.
    fn apply(&self, real: Tensor<4>) -> Result<Tensor<4>, AugmentError> {
        check_plan_shape(self.shape, real.dims())?;
        let partner = gather_partners(real.clone(), &self.partners);
        let regions = vec![self.region; self.shape[0]];
        Ok(paste_boxes(real, partner, &regions))
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
    fn pasted_box_comes_from_the_partner_and_the_rest_is_kept() {
        let shape = [4, 3, 8, 8];
        let (input, real) = random_images(shape, 12);
        let plan = CutmixConfig::default()
            .plan(shape, &mut rng(12))
            .expect("valid");
        let output = HostImages::read(plan.apply(real).expect("same shape"));
        assert!(output.in_unit_range());
        for image in 0..4 {
            let partner = plan.partners[image];
            assert_ne!(partner, image);
            for channel in 0..3 {
                for row in 0..8 {
                    for col in 0..8 {
                        let source = if plan.region.contains(row, col) {
                            partner
                        } else {
                            image
                        };
                        assert_eq!(
                            output.at(image, channel, row, col),
                            input.at(source, channel, row, col)
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn same_seed_same_output_and_different_seed_differs() {
        let config = CutmixConfig::default();
        assert_seed_determines_output([4, 3, 8, 8], |real, rng| config.apply(real, rng));
    }
}
