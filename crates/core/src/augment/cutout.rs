//! Cutout as a negative augmentation (Sinha et al., ICLR 2021, Sec. 4 and Table 2).
//!
//! One square per image is replaced by its own per-channel mean colour: the rest of the image is
//! real, but an object with a flat hole in it is not. The side is uniform in 10..=19 pixels at 32 px
//! (reference code), scaled with the image size, and the square lies fully inside the image.
//!
//! Filling with the patch's own mean (not zeros) keeps the image's colour statistics, so the model
//! must notice the missing structure, not a black box. A perfectly flat patch equals its own mean,
//! so cutout is a no-op there: there is no content to break, which is inherent and not a leak.

use burn::tensor::{Tensor, TensorData};
use rand::RngExt;
use rand::rngs::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::region::{PixelBox, box_mask_float};
use super::{AugmentError, check_images, check_plan_shape};

/// Settings of the cutout augmentation: side range of the square at a reference image size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CutoutConfig {
    /// Smallest side, in pixels at `reference_size`.
    pub min_side: usize,
    /// Largest side (inclusive), in pixels at `reference_size`.
    pub max_side: usize,
    /// Image size the sides are given for; they scale with the shorter side of the actual images.
    pub reference_size: usize,
}

impl Default for CutoutConfig {
    /// Sides 10..=19 at 32 px, the reference code's CIFAR-10 setting.
    fn default() -> Self {
        Self {
            min_side: 10,
            max_side: 19,
            reference_size: 32,
        }
    }
}

impl CutoutConfig {
    /// Checks the settings on their own.
    pub fn validate(&self) -> Result<(), AugmentError> {
        if self.reference_size == 0 {
            return Err(AugmentError::out_of_range(
                "cutout reference size",
                self.reference_size,
                "at least 1 pixel",
            ));
        }
        if self.min_side == 0 || self.min_side > self.max_side {
            return Err(AugmentError::out_of_range(
                "cutout smallest side",
                self.min_side,
                "at least 1 and no larger than the largest side",
            ));
        }
        if self.max_side > self.reference_size {
            return Err(AugmentError::out_of_range(
                "cutout largest side",
                self.max_side,
                "no larger than the reference image size",
            ));
        }
        Ok(())
    }

    /// Checks the settings against a `[batch, channels, height, width]` batch shape.
    pub fn validate_for_shape(&self, shape: [usize; 4]) -> Result<(), AugmentError> {
        self.validate()?;
        check_images(shape)
    }

    /// The inclusive side range for `height x width` images: the configured sides scaled by
    /// `min(height, width) / reference_size`, rounded half up, kept within `1..=min(height, width)`.
    pub fn side_range(&self, height: usize, width: usize) -> (usize, usize) {
        let size = height.min(width);
        let reference = self.reference_size.max(1);
        let scale = |side: usize| ((2 * side * size + reference) / (2 * reference)).clamp(1, size);
        (scale(self.min_side), scale(self.max_side))
    }

    /// Draws one square per image.
    pub fn plan(
        &self,
        shape: [usize; 4],
        rng: &mut ChaCha8Rng,
    ) -> Result<CutoutPlan, AugmentError> {
        self.validate_for_shape(shape)?;
        let [batch, _, height, width] = shape;
        let (min_side, max_side) = self.side_range(height, width);
        let boxes = (0..batch)
            .map(|_| {
                let side = rng.random_range(min_side..=max_side);
                PixelBox {
                    top: rng.random_range(0..=height - side),
                    left: rng.random_range(0..=width - side),
                    height: side,
                    width: side,
                }
            })
            .collect();
        Ok(CutoutPlan { shape, boxes })
    }

    /// Fills one square of every image of `real` (`[batch, channels, height, width]`) with its mean.
    pub fn apply(&self, real: Tensor<4>, rng: &mut ChaCha8Rng) -> Result<Tensor<4>, AugmentError> {
        self.plan(real.dims(), rng)?.apply(real)
    }
}

/// The random draws of one cutout call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CutoutPlan {
    /// The batch shape the plan was drawn for.
    pub shape: [usize; 4],
    /// The square of each image (fully inside the image).
    pub boxes: Vec<PixelBox>,
}

impl CutoutPlan {
    /// Replaces each square by its per-channel mean, computed on the device with masked sums.
    pub fn apply(&self, real: Tensor<4>) -> Result<Tensor<4>, AugmentError> {
        check_plan_shape(self.shape, real.dims())?;
        let [batch, channels, height, width] = self.shape;
        let device = real.device();
        let mask = box_mask_float(&self.boxes, height, width, &device); // [batch, 1, height, width]
        let areas: Vec<f32> = self
            .boxes
            .iter()
            .map(|region| region.area() as f32)
            .collect();
        let areas = Tensor::<4>::from_data(TensorData::new(areas, [batch, 1, 1, 1]), &device);
        let means = real
            .clone()
            .mul(mask.clone())
            .sum_dims(&[2, 3]) // [batch, channels, 1, 1]
            .div(areas);
        let inside = mask.greater_elem(0.5).expand(self.shape);
        let filled = real.mask_where(inside, means.expand([batch, channels, height, width]));
        Ok(filled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::augment::test_support::{
        HostImages, assert_seed_determines_output, random_images, rng,
    };

    #[test]
    fn exactly_one_square_is_filled_with_its_own_mean() {
        let shape = [4, 3, 32, 32];
        let (input, real) = random_images(shape, 8);
        let plan = CutoutConfig::default()
            .plan(shape, &mut rng(8))
            .expect("valid");
        let output = HostImages::read(plan.apply(real).expect("same shape"));
        assert!(output.in_unit_range());
        for (image, region) in plan.boxes.iter().enumerate() {
            assert_eq!(region.height, region.width);
            assert!((10..=19).contains(&region.height));
            assert!(region.fits_in(32, 32));
            for channel in 0..3 {
                let mut sum = 0.0f64;
                for row in region.top..region.top + region.height {
                    for col in region.left..region.left + region.width {
                        sum += f64::from(input.at(image, channel, row, col));
                    }
                }
                let mean = (sum / region.area() as f64) as f32;
                for row in 0..32 {
                    for col in 0..32 {
                        let value = output.at(image, channel, row, col);
                        if region.contains(row, col) {
                            assert!((value - mean).abs() < 1e-5);
                        } else {
                            assert_eq!(value, input.at(image, channel, row, col));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn side_range_scales_with_the_image_size() {
        let config = CutoutConfig::default();
        assert_eq!(config.side_range(32, 32), (10, 19));
        assert_eq!(config.side_range(64, 64), (20, 38));
        assert_eq!(config.side_range(64, 48), (15, 29));
        assert_eq!(config.side_range(8, 8), (3, 5));
        let mut draws = rng(2);
        let sides: Vec<usize> = (0..300)
            .flat_map(|_| {
                config
                    .plan([2, 3, 64, 64], &mut draws)
                    .expect("valid")
                    .boxes
            })
            .map(|region| region.height)
            .collect();
        assert_eq!(sides.iter().min(), Some(&20));
        assert_eq!(sides.iter().max(), Some(&38));
    }

    #[test]
    fn same_seed_same_output_and_different_seed_differs() {
        let config = CutoutConfig::default();
        assert_seed_determines_output([4, 3, 32, 32], |real, rng| config.apply(real, rng));
    }

    #[test]
    fn invalid_settings_are_refused() {
        let invalid = [(0, 19, 32), (20, 19, 32), (10, 40, 32), (1, 1, 0)];
        for (min_side, max_side, reference_size) in invalid {
            let config = CutoutConfig {
                min_side,
                max_side,
                reference_size,
            };
            assert!(matches!(
                config.validate(),
                Err(AugmentError::ParameterOutOfRange { .. })
            ));
        }
    }
}
