//! The video task's data: short clips of a few frames, each a [`ClipSet`] entry with one label,
//! and the built-in procedural clips ([`generate_clips`]): Moving Shapes, a figure that moves in
//! one of eight ways, where the label is the motion and a single frame says little about it.
//!
//! As for the image sets, every clip is a pure function of `(seed, dataset, index)`, so the same
//! spec always draws the same clips, and nothing here touches a file, a thread or a clock.

mod animation;
mod clip_mosaic;
mod clip_set;
mod clip_upload;
mod moving_shapes;

pub use animation::MAX_SOURCE_FRAMES;
pub use clip_mosaic::clip_mosaic;
pub use clip_set::ClipSet;
pub use clip_upload::{ClipUploadReport, MAX_UPLOADED_CLIPS, decode_clip_uploads};
pub use moving_shapes::{
    ClipSpec, MAX_CLIP_COUNT, MAX_FRAMES, MIN_FRAMES, MOTION_NAMES, generate_clips,
    generate_held_out_clips, reversed_motion,
};

#[cfg(test)]
mod motion_probe_tests;
