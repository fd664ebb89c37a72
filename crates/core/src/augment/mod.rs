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

mod cutmix;
mod cutout;
mod error;
mod flip;
mod gallery;
mod jigsaw;
mod kind;
mod mixup;
mod negative;
pub mod ops;
mod partner;
mod positive;
mod region;
mod resample;
mod stitch;

pub use cutmix::{CutmixConfig, CutmixPlan};
pub use cutout::{CutoutConfig, CutoutPlan};
pub use error::AugmentError;
pub use flip::FlipConfig;
pub use gallery::{
    GalleryRowKind, GallerySettings, MAX_GALLERY_IMAGES, NUM_POSITIVE_VIEWS, WHY_POSITIVE,
    weights_by_kind,
};
pub use jigsaw::{ALLOWED_GRIDS, JigsawConfig, JigsawPlan};
pub use kind::NegativeKind;
pub use mixup::{MixupConfig, MixupPlan};
pub use negative::{NegativeAugmentation, check_images, check_plan_shape};
pub use ops::{ApplyPlan, Augment, GalleryRow, apply_with_partners, gallery_rows, positive_view};
pub use partner::{LAMBDA_MARGIN, derangement};
pub use positive::{PositiveConfig, PositivePlan, ViewPlan};
pub use region::PixelBox;
pub use stitch::{StitchConfig, StitchDirection, StitchOrientation, StitchPlan};

/// A fresh seeded RNG for the tests' draws.
#[cfg(test)]
pub(crate) fn seeded(seed: u64) -> rand::rngs::ChaCha8Rng {
    rand::SeedableRng::seed_from_u64(seed)
}
