//! The mirror control applied to a batch: a flip draws nothing, so its settings are its plan.

use burn::tensor::Tensor;

use super::ApplyPlan;
use crate::augment::{AugmentError, FlipConfig};

impl ApplyPlan for FlipConfig {
    /// Mirrors every image of `real` left to right, on its device.
    fn apply(&self, real: Tensor<4>) -> Result<Tensor<4>, AugmentError> {
        self.validate_for_shape(real.dims())?;
        Ok(real.flip([3]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::augment::ops::test_support::{HostImages, random_images};

    #[test]
    fn mirrors_every_row_and_keeps_everything_else() {
        let shape = [3, 3, 5, 6];
        let (input, real) = random_images(shape, 11);
        let flipped = HostImages::read(FlipConfig::default().apply(real).expect("valid"));
        assert_eq!(flipped.shape, shape);
        for image in 0..3 {
            for channel in 0..3 {
                for row in 0..5 {
                    for column in 0..6 {
                        assert_eq!(
                            flipped.at(image, channel, row, column),
                            input.at(image, channel, row, 5 - column)
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn refuses_the_shapes_no_augmentation_takes() {
        let (_, real) = random_images([2, 4, 8, 8], 0);
        assert!(matches!(
            FlipConfig::default().apply(real),
            Err(AugmentError::InvalidShape { .. })
        ));
    }
}
