//! Stitching applied to a batch: the plan of `augment/stitch.rs` as batched tensor ops.

use burn::tensor::Tensor;

use super::ApplyPlan;
use super::partner::gather_partners;
use super::region::paste_boxes;
use crate::augment::{AugmentError, StitchPlan, check_plan_shape};

impl ApplyPlan for StitchPlan {
    /// Pastes each partner's half over the image, batched: one `select` and one `mask_where`.
    fn apply(&self, real: Tensor<4>) -> Result<Tensor<4>, AugmentError> {
        check_plan_shape(self.shape, real.dims())?;
        let partner = gather_partners(real.clone(), &self.partners);
        Ok(paste_boxes(real, partner, &self.partner_regions()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::augment::ops::test_support::{
        HostImages, assert_seed_determines_output, random_images, rng,
    };
    use crate::augment::*;

    /// Checks every pixel: the planned partner region comes from the partner, the rest from the image.
    fn check_halves(orientation: StitchOrientation, shape: [usize; 4], seed: u64) -> StitchPlan {
        let (input, real) = random_images(shape, seed);
        let plan = StitchConfig { orientation }
            .plan(shape, &mut rng(seed))
            .expect("valid");
        let output = HostImages::read(plan.apply(real).expect("same shape"));
        assert!(output.in_unit_range());
        let [_, channels, height, width] = shape;
        let regions = plan.partner_regions();
        for (image, (region, &partner)) in regions.iter().zip(&plan.partners).enumerate() {
            assert_ne!(partner, image);
            for channel in 0..channels {
                for row in 0..height {
                    for col in 0..width {
                        let source = if region.contains(row, col) {
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
        plan
    }

    #[test]
    fn horizontal_takes_left_half_from_image_and_right_half_from_partner() {
        let plan = check_halves(StitchOrientation::Horizontal, [4, 3, 8, 7], 1);
        // An odd width splits at floor(7 / 2) = 3: the partner gives columns 3..7.
        assert_eq!(
            plan.partner_regions()[0],
            PixelBox {
                top: 0,
                left: 3,
                height: 8,
                width: 4
            }
        );
    }

    #[test]
    fn vertical_takes_top_half_from_image_and_bottom_half_from_partner() {
        let plan = check_halves(StitchOrientation::Vertical, [4, 3, 8, 8], 2);
        assert_eq!(
            plan.partner_regions()[1],
            PixelBox {
                top: 4,
                left: 0,
                height: 4,
                width: 8
            }
        );
    }

    #[test]
    fn random_per_batch_uses_one_direction_and_per_image_mixes() {
        for seed in 0..20 {
            let plan = check_halves(StitchOrientation::RandomPerBatch, [4, 1, 4, 4], seed);
            assert!(plan.directions.iter().all(|&d| d == plan.directions[0]));
        }
        let mixed = (0..20).any(|seed| {
            let plan = check_halves(StitchOrientation::RandomPerImage, [6, 1, 4, 4], seed);
            plan.directions.iter().any(|&d| d != plan.directions[0])
        });
        assert!(mixed);
    }

    #[test]
    fn same_seed_same_output_and_different_seed_differs() {
        let config = StitchConfig::default();
        assert_seed_determines_output([4, 3, 8, 8], |real, rng| config.apply(real, rng));
    }

    #[test]
    fn batch_of_one_is_refused() {
        let (_, real) = random_images([1, 3, 8, 8], 0);
        assert!(matches!(
            StitchConfig::default().apply(real, &mut rng(0)),
            Err(AugmentError::BatchTooSmall { batch_size: 1, .. })
        ));
    }
}
