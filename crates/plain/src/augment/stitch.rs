//! Stitching, a negative augmentation of Sinha et al. (ICLR 2021, Sec. 4 and Table 2).
//!
//! The left half of one image is joined to the right half of another image of the same batch (or
//! the top half to the bottom half). Each half looks real, the whole does not. The reference code
//! draws the orientation once per batch; drawing it per image is offered as an option. Partners
//! form a derangement, so no image is stitched to itself.

use rand::RngExt;
use rand::rngs::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::partner::{check_pairable, derangement};
use super::region::PixelBox;
use super::{AugmentError, check_images};

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
}

/// A fair coin between the two directions.
fn random_direction(rng: &mut ChaCha8Rng) -> StitchDirection {
    if rng.random_bool(0.5) {
        StitchDirection::Horizontal
    } else {
        StitchDirection::Vertical
    }
}
