//! Negative data augmentations (jigsaw, stitching, mixup, cutout, cutmix), positive views, and the
//! mirror image as a control (a positive used in a negative's place), as plain data: their settings
//! and the small *plans* each draws from the one explicit seeded RNG (patch orders, partners,
//! boxes, mixing weights, crops). Nothing here names a tensor; the core's `augment::ops` applies a
//! plan to a batch on whatever device it lives on, through its `Augment` and `ApplyPlan` traits.
//!
//! Sinha et al., "Negative Data Augmentation" (ICLR 2021), show the discriminator (or contrastive
//! encoder) images that keep local texture but break global structure and label them "not data".

mod cutmix;
mod cutout;
mod error;
mod flip;
mod gallery;
mod jigsaw;
mod kind;
mod mixup;
mod negative;
mod partner;
mod positive;
mod region;
pub mod resample;
mod stitch;
pub mod video;

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
pub use partner::{LAMBDA_MARGIN, derangement};
pub use positive::{PositiveConfig, PositivePlan, ViewPlan};
pub use region::PixelBox;
pub use stitch::{StitchConfig, StitchDirection, StitchOrientation, StitchPlan};

/// A fresh RNG for the plans' tests.
#[cfg(test)]
pub(crate) fn seeded(seed: u64) -> rand::rngs::ChaCha8Rng {
    rand::SeedableRng::seed_from_u64(seed)
}
