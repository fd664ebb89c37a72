//! Errors of the augmentations: every message says what to change.
//!
//! The reference code of Sinha et al. (ICLR 2021) silently produces broken images when, for
//! example, the jigsaw grid does not divide the image size; here such settings are refused up front.

use thiserror::Error;

/// Why an augmentation cannot run with the given settings or images.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum AugmentError {
    /// The jigsaw grid does not split the image into equal patches.
    #[error(
        "jigsaw grid {grid} does not divide the image size {}: {}",
        size_text(*height, *width),
        grid_advice(*height, *width)
    )]
    GridDoesNotDivide {
        /// The requested number of patches per side.
        grid: usize,
        /// Image height in pixels.
        height: usize,
        /// Image width in pixels.
        width: usize,
    },
    /// A pairing augmentation (stitch, mixup, cutmix) needs a second image from the same batch.
    #[error(
        "{augmentation} mixes each image with a partner from the same batch, so it needs a batch of \
         at least 2 images (got {batch_size}): increase the batch size"
    )]
    BatchTooSmall {
        /// The augmentation that needs a partner.
        augmentation: &'static str,
        /// The batch size that was given.
        batch_size: usize,
    },
    /// A configuration value is outside its allowed range.
    #[error("{parameter} is {value}, but it must be {expected}")]
    ParameterOutOfRange {
        /// The configuration field, e.g. `jigsaw grid`.
        parameter: &'static str,
        /// The value that was given, as text.
        value: String,
        /// The allowed range, in words.
        expected: &'static str,
    },
    /// The images are not a `[batch, channels, height, width]` batch this module can handle.
    #[error("images have shape {shape:?}, but {requirement}")]
    InvalidShape {
        /// The shape that was given.
        shape: Vec<usize>,
        /// What the shape must satisfy, in words.
        requirement: &'static str,
    },
    /// A plan drawn for one batch shape was applied to a batch of another shape.
    #[error(
        "this augmentation plan was drawn for images of shape {planned:?} but was applied to shape \
         {actual:?}: draw a new plan for this batch"
    )]
    PlanShapeMismatch {
        /// The shape the plan was drawn for.
        planned: [usize; 4],
        /// The shape of the batch it was applied to.
        actual: [usize; 4],
    },
}

impl AugmentError {
    /// Shorthand for [`AugmentError::ParameterOutOfRange`].
    pub(crate) fn out_of_range(
        parameter: &'static str,
        value: impl ToString,
        expected: &'static str,
    ) -> Self {
        Self::ParameterOutOfRange {
            parameter,
            value: value.to_string(),
            expected,
        }
    }
}

/// "32" for square images, "32x48" (height x width) otherwise.
fn size_text(height: usize, width: usize) -> String {
    if height == width {
        height.to_string()
    } else {
        format!("{height}x{width}")
    }
}

/// Suggests the grids from the allowed range that do divide the image, or a resize.
fn grid_advice(height: usize, width: usize) -> String {
    let fitting: Vec<String> = super::jigsaw::ALLOWED_GRIDS
        .filter(|&grid| height.is_multiple_of(grid) && width.is_multiple_of(grid))
        .map(|grid| grid.to_string())
        .collect();
    match fitting.as_slice() {
        [] => "resize the images to a multiple of 2, 3 or 4 pixels per side".to_string(),
        [only] => format!("choose {only}"),
        [init @ .., last] => format!("choose {} or {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_message_suggests_the_grids_that_fit() {
        let error = AugmentError::GridDoesNotDivide {
            grid: 3,
            height: 32,
            width: 32,
        };
        assert_eq!(
            error.to_string(),
            "jigsaw grid 3 does not divide the image size 32: choose 2 or 4"
        );
        let error = AugmentError::GridDoesNotDivide {
            grid: 2,
            height: 35,
            width: 35,
        };
        assert!(
            error
                .to_string()
                .ends_with("resize the images to a multiple of 2, 3 or 4 pixels per side")
        );
        let error = AugmentError::GridDoesNotDivide {
            grid: 4,
            height: 24,
            width: 30,
        };
        assert_eq!(
            error.to_string(),
            "jigsaw grid 4 does not divide the image size 24x30: choose 2 or 3"
        );
    }
}
