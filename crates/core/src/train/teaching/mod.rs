//! Teaching NDA: one training iteration taken apart with its live numbers ([`explained_step`]),
//! and what a discriminator looks at ([`occlusion`]), so a person can see, and a test can
//! measure, whether an NDA-trained D attends to the seams of a jigsawed image.

// An explained step's numbers and the heat map's colours are the plain crate's (`nda-plain`), at
// the same paths.
pub use nda_plain::train::teaching::*;

pub mod occlusion;
pub mod step_capture;

pub use contrastive::capture::ContrastiveCapture;
pub use occlusion::{OCCLUSION_PATCH, OCCLUSION_STRIDE, OcclusionMap, occlusion_map};
pub use step_capture::StepCapture;

use super::TrainError;

/// A step kept on the device for a walk-through ([`StepCapture`] of a GAN iteration,
/// [`ContrastiveCapture`] of a contrastive step), read back to what the page shows.
// `async fn` without a `Send` bound: the worker reads captures on the browser's one thread.
#[allow(async_fn_in_trait)]
pub trait Capture {
    /// What the page shows.
    type Explained;
    /// Reads it back, labelled with its run ("NDA" or "Baseline").
    async fn read(self, label: &str) -> Result<Self::Explained, TrainError>;
}

#[cfg(test)]
mod step_capture_tests;

pub mod contrastive;
