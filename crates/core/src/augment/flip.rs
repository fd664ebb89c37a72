//! The mirror image as a *control*, not a negative: Sinha et al. (ICLR 2021, Sec. 3) argue NDA
//! helps only when the augmentation leaves the data's support. A horizontal flip of a face (or of a
//! shape on a plain background) is still a plausible image of the same set, so labelling it "not
//! data" asks the discriminator to reject real-looking images, and the paper predicts it should not
//! help. Studies use it to check that a gain from jigsaw is about broken structure, not about
//! showing the discriminator more images.
//!
//! It draws nothing from the RNG: every image is mirrored left to right. On sets whose classes are
//! not mirror-symmetric (digits) a flip is not a positive, so the control is meant for Faces and
//! Shapes; the page says so next to the setting.

use burn::tensor::Tensor;
use serde::{Deserialize, Serialize};

use super::{AugmentError, check_images};

/// Settings of the mirror control: none, a struct so the format can grow without breaking files.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FlipConfig {}

impl FlipConfig {
    /// Checks a `[batch, channels, height, width]` batch shape.
    pub fn validate_for_shape(&self, shape: [usize; 4]) -> Result<(), AugmentError> {
        check_images(shape)
    }

    /// Mirrors every image of `real` left to right, on its device.
    pub fn apply(&self, real: Tensor<4>) -> Result<Tensor<4>, AugmentError> {
        self.validate_for_shape(real.dims())?;
        Ok(real.flip([3]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::augment::test_support::{HostImages, random_images};

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
