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
}
