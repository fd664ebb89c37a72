//! Stitching, a negative augmentation of Sinha et al. (ICLR 2021, Sec. 4 and Table 2).
//!
//! The left half of one image is joined to the right half of another image of the same batch (or
//! the top half to the bottom half). Each half looks real, the whole does not. The reference code
//! draws the orientation once per batch; drawing it per image is offered as an option. Partners
//! form a derangement, so no image is stitched to itself.

use burn::tensor::Tensor;
use rand::RngExt;
use rand::rngs::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::partner::{check_pairable, derangement, gather_partners};
use super::region::{PixelBox, paste_boxes};
use super::{AugmentError, check_images, check_plan_shape};

/// How the stitching direction is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum StitchOrientation {
    /// Always left half + the partner's right half.
    Horizontal,
    /// Always top half + the partner's bottom half.
    Vertical,
    /// One fair coin per batch, as in the reference code.
    #[default]
    RandomPerBatch,
    /// One fair coin per image.
    RandomPerImage,
}

/// The direction actually used for one image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StitchDirection {
    /// Columns `0..width / 2` from the image, the rest from its partner.
    Horizontal,
    /// Rows `0..height / 2` from the image, the rest from its partner.
    Vertical,
}

/// Settings of the stitching augmentation.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct StitchConfig {
    /// How the direction is chosen (default: per batch, as the reference code).
    pub orientation: StitchOrientation,
}

impl StitchConfig {
    /// Checks the settings on their own (every orientation is valid).
    pub fn validate(&self) -> Result<(), AugmentError> {
        Ok(())
    }

    /// Checks the settings against a `[batch, channels, height, width]` batch shape.
    pub fn validate_for_shape(&self, shape: [usize; 4]) -> Result<(), AugmentError> {
        self.validate()?;
        check_images(shape)?;
        check_pairable("stitching", shape[0])
    }

    /// Draws the partners and the direction of every image.
    pub fn plan(
        &self,
        shape: [usize; 4],
        rng: &mut ChaCha8Rng,
    ) -> Result<StitchPlan, AugmentError> {
        self.validate_for_shape(shape)?;
        let batch = shape[0];
        let partners = derangement(batch, rng)?;
        let directions = match self.orientation {
            StitchOrientation::Horizontal => vec![StitchDirection::Horizontal; batch],
            StitchOrientation::Vertical => vec![StitchDirection::Vertical; batch],
            StitchOrientation::RandomPerBatch => vec![random_direction(rng); batch],
            StitchOrientation::RandomPerImage => {
                (0..batch).map(|_| random_direction(rng)).collect()
            }
        };
        Ok(StitchPlan {
            shape,
            partners,
            directions,
        })
    }

    /// Stitches every image of `real` (`[batch, channels, height, width]`) to a partner.
    pub fn apply(&self, real: Tensor<4>, rng: &mut ChaCha8Rng) -> Result<Tensor<4>, AugmentError> {
        self.plan(real.dims(), rng)?.apply(real)
    }
}

/// The random draws of one stitching call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StitchPlan {
    /// The batch shape the plan was drawn for.
    pub shape: [usize; 4],
    /// `partners[i]` gives the second half of image `i`; never `i` itself.
    pub partners: Vec<usize>,
    /// The direction used for each image.
    pub directions: Vec<StitchDirection>,
}

impl StitchPlan {
    /// The region of each output image that comes from its partner (split at `floor(size / 2)`).
    pub fn partner_regions(&self) -> Vec<PixelBox> {
        let [_, _, height, width] = self.shape;
        self.directions
            .iter()
            .map(|direction| match direction {
                StitchDirection::Horizontal => PixelBox {
                    top: 0,
                    left: width / 2,
                    height,
                    width: width - width / 2,
                },
                StitchDirection::Vertical => PixelBox {
                    top: height / 2,
                    left: 0,
                    height: height - height / 2,
                    width,
                },
            })
            .collect()
    }

    /// Pastes each partner's half over the image, batched: one `select` and one `mask_where`.
    pub fn apply(&self, real: Tensor<4>) -> Result<Tensor<4>, AugmentError> {
        check_plan_shape(self.shape, real.dims())?;
        let partner = gather_partners(real.clone(), &self.partners);
        Ok(paste_boxes(real, partner, &self.partner_regions()))
    }
}

/// A fair coin between the two directions.
fn random_direction(rng: &mut ChaCha8Rng) -> StitchDirection {
    if rng.random_bool(0.5) {
        StitchDirection::Horizontal
    } else {
        StitchDirection::Vertical
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::augment::test_support::{
        HostImages, assert_seed_determines_output, random_images, rng,
    };

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
