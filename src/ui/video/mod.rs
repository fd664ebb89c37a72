//! The video task in the page. Today: the animated gallery of Moving Shapes clips and their
//! temporal negatives, a section of the Augmentations panel (`gallery_state` its plain state,
//! `gallery` its view in the browser). Training the clip encoder is still to come.

#[cfg(target_arch = "wasm32")]
pub(in crate::ui) mod gallery;
pub mod gallery_state;
