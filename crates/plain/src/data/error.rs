//! Errors of the data module that come from the caller (a bad spec, a bad argument), as opposed to
//! problems with one uploaded file, which are reported per file as a
//! [`RejectReason`](super::RejectReason) and never abort a whole upload.

use thiserror::Error;

/// A request the data module cannot carry out; each message says what to change.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum DataError {
    /// The image side is not one the models are built for.
    #[error("image size {size} is not supported: choose 32 or 64 pixels")]
    UnsupportedSize {
        /// The side that was asked for.
        size: usize,
    },
    /// A built-in dataset was asked for too few or too many images.
    #[error("image count {count} is out of range: choose between {min} and {max} images")]
    CountOutOfRange {
        /// The count that was asked for.
        count: usize,
        /// Smallest accepted count.
        min: usize,
        /// Largest accepted count.
        max: usize,
    },
    /// A range of image indices does not lie inside the dataset.
    #[error("images {start}..{end} are outside a dataset of {count} images")]
    RangeOutOfBounds {
        /// First index asked for.
        start: usize,
        /// One past the last index asked for.
        end: usize,
        /// Number of images in the dataset.
        count: usize,
    },
    /// The held-out fraction of a split is not a number between 0 and 1.
    #[error("held-out fraction {fraction} must be between 0 and 1")]
    InvalidFraction {
        /// The fraction that was asked for.
        fraction: f32,
    },
    /// Pixel data does not have the length its image side implies.
    #[error("images of side {size} need {expected} RGB bytes but {actual} were given")]
    PixelLengthMismatch {
        /// Image side in pixels.
        size: usize,
        /// Bytes expected.
        expected: usize,
        /// Bytes given.
        actual: usize,
    },
    /// A label refers to a class the dataset does not have.
    #[error("label {label} is out of range for {num_classes} classes")]
    LabelOutOfRange {
        /// The label given.
        label: u32,
        /// Number of classes of the dataset.
        num_classes: usize,
    },
    /// Two datasets of different image sides cannot be combined.
    #[error("cannot combine images of side {expected} with images of side {actual}")]
    SizeMismatch {
        /// The side of the dataset being added to.
        expected: usize,
        /// The side of the images being added.
        actual: usize,
    },
    /// A class-name remapping dropped a class that images still use.
    #[error("class \"{name}\" is missing from the new class names")]
    MissingClass {
        /// The class that is missing.
        name: String,
    },
    /// A clip set's frames do not make whole clips.
    #[error("{images} frames do not make whole clips of {frames} frames")]
    FramesDoNotDivide {
        /// Frames per clip.
        frames: usize,
        /// Frames given.
        images: usize,
    },
    /// The frames of one clip carry different labels.
    #[error("the frames of clip {clip} carry different labels")]
    MixedClipLabels {
        /// The clip's index.
        clip: usize,
    },
    /// A clip length the video models are not built for.
    #[error("{frames} frames per clip is not supported: choose {min} to {max}")]
    FramesOutOfRange {
        /// Frames asked for.
        frames: usize,
        /// Fewest frames.
        min: usize,
        /// Most frames.
        max: usize,
    },
    /// A built-in dataset's fixed drawing paths could not be built (a bug, not a user error).
    #[error("the built-in {dataset} dataset could not be drawn")]
    RenderFailed {
        /// The dataset's name.
        dataset: &'static str,
    },
    /// Tensor data read back for a mosaic does not have the shape it claims.
    #[error(
        "mosaic input has {actual} values but shape {shape:?} needs {expected} (channels must be 1 or 3)"
    )]
    MosaicShapeMismatch {
        /// Claimed shape `[images, channels, height, width]`.
        shape: [usize; 4],
        /// Values the shape needs.
        expected: usize,
        /// Values given.
        actual: usize,
    },
    /// An image could not be encoded.
    #[error("could not encode the image: {0}")]
    Encode(String),
}
