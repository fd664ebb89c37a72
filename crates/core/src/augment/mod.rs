//! Negative data augmentations (jigsaw, stitching, mixup, cutout, cutmix), positive views, and the
//! mirror image as a control (a positive used in a negative's place).
//!
//! Sinha et al., "Negative Data Augmentation" (ICLR 2021), show the discriminator (or contrastive
//! encoder) images that keep local texture but break global structure and label them "not data".
//! This module makes those images from a real batch: `[batch, channels, height, width]` float
//! tensors in [-1, 1], channels 1 or 3.
//!
//! Every augmentation first draws a small plain *plan* from the one explicit seeded RNG (patch
//! orders, partners, boxes, mixing weights), then applies it with batched tensor ops on whatever
//! device the images live on, WebGPU during training or the CPU for previews. The settings and
//! plans here name no tensor; [`ops`] applies them ([`Augment`], [`ApplyPlan`]). The plans are
//! public so tests and the UI can show exactly what was done.

// The settings and plans are the plain crate's (`nda-plain`), at the same paths; the tensor half is here.
pub use nda_plain::augment::*;

pub mod ops;

pub use ops::{ApplyPlan, Augment, GalleryRow, apply_with_partners, gallery_rows, positive_view};
