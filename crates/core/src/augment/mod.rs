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
//! device the images live on, WebGPU during training or the CPU for previews. Nothing here reads a
//! tensor back, so it never blocks the browser. The plans are public so tests and the UI can show
//! exactly what was done.

mod cutmix;
mod cutout;
mod error;
mod flip;
mod gallery;
mod jigsaw;
mod kind;
mod mixup;
mod partner;
mod positive;
mod region;
mod resample;
mod stitch;
#[cfg(test)]
mod test_support;

use burn::tensor::Tensor;
use rand::rngs::ChaCha8Rng;
use serde::{Deserialize, Serialize};

pub use cutmix::{CutmixConfig, CutmixPlan};
pub use cutout::{CutoutConfig, CutoutPlan};
pub use error::AugmentError;
pub use flip::FlipConfig;
pub use gallery::{
    GalleryRow, GalleryRowKind, GallerySettings, MAX_GALLERY_IMAGES, NUM_POSITIVE_VIEWS,
    WHY_POSITIVE, gallery_rows, weights_by_kind,
};
pub use jigsaw::{ALLOWED_GRIDS, JigsawConfig, JigsawPlan};
pub use kind::NegativeKind;
pub use mixup::{MixupConfig, MixupPlan};
pub use partner::{LAMBDA_MARGIN, derangement};
pub use positive::{PositiveConfig, PositivePlan, ViewPlan};
pub use region::PixelBox;
pub use stitch::{StitchConfig, StitchDirection, StitchOrientation, StitchPlan};

/// One negative augmentation with its settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum NegativeAugmentation {
    /// Shuffle a `grid x grid` array of patches.
    Jigsaw(JigsawConfig),
    /// Join halves of two images.
    Stitch(StitchConfig),
    /// Blend two images.
    Mixup(MixupConfig),
    /// Fill a square with its mean colour.
    Cutout(CutoutConfig),
    /// Paste a box of another image.
    Cutmix(CutmixConfig),
    /// Mirror every image: a positive augmentation offered as a control (see [`FlipConfig`]).
    Flip(FlipConfig),
}

impl Default for NegativeAugmentation {
    /// A 2x2 jigsaw, the paper's best negative augmentation.
    fn default() -> Self {
        Self::Jigsaw(JigsawConfig::default())
    }
}

impl NegativeAugmentation {
    /// Which augmentation this is.
    pub fn kind(&self) -> NegativeKind {
        match self {
            Self::Jigsaw(_) => NegativeKind::Jigsaw,
            Self::Stitch(_) => NegativeKind::Stitch,
            Self::Mixup(_) => NegativeKind::Mixup,
            Self::Cutout(_) => NegativeKind::Cutout,
            Self::Cutmix(_) => NegativeKind::Cutmix,
            Self::Flip(_) => NegativeKind::Flip,
        }
    }

    /// The augmentation of `kind` with the paper's default settings.
    pub fn default_for(kind: NegativeKind) -> Self {
        match kind {
            NegativeKind::Jigsaw => Self::Jigsaw(JigsawConfig::default()),
            NegativeKind::Stitch => Self::Stitch(StitchConfig::default()),
            NegativeKind::Mixup => Self::Mixup(MixupConfig::default()),
            NegativeKind::Cutout => Self::Cutout(CutoutConfig::default()),
            NegativeKind::Cutmix => Self::Cutmix(CutmixConfig::default()),
            NegativeKind::Flip => Self::Flip(FlipConfig::default()),
        }
    }

    /// Checks the settings against a `[batch, channels, height, width]` batch shape, e.g. that the
    /// jigsaw grid divides the image or that a pairing augmentation has a batch of at least 2.
    pub fn validate(&self, shape: [usize; 4]) -> Result<(), AugmentError> {
        match self {
            Self::Jigsaw(config) => config.validate_for_shape(shape),
            Self::Stitch(config) => config.validate_for_shape(shape),
            Self::Mixup(config) => config.validate_for_shape(shape),
            Self::Cutout(config) => config.validate_for_shape(shape),
            Self::Cutmix(config) => config.validate_for_shape(shape),
            Self::Flip(config) => config.validate_for_shape(shape),
        }
    }

    /// Makes one negative image from every real image (`[batch, channels, height, width]`, in
    /// [-1, 1]); the output has the same shape and range. Validates against `real.dims()` first.
    pub fn apply(&self, real: Tensor<4>, rng: &mut ChaCha8Rng) -> Result<Tensor<4>, AugmentError> {
        Ok(self.apply_with_partners(real, rng)?.0)
    }

    /// [`Self::apply`], also naming each image's partner for the pairing kinds (stitching, mixup,
    /// cutmix; `None` for the kinds that use one image). The partners come from the very plan
    /// that made the images, so the teaching walk-through shows what training did with the same
    /// draws and no extra work.
    pub fn apply_with_partners(
        &self,
        real: Tensor<4>,
        rng: &mut ChaCha8Rng,
    ) -> Result<(Tensor<4>, Option<Vec<usize>>), AugmentError> {
        let shape = real.dims();
        self.validate(shape)?;
        Ok(match self {
            Self::Jigsaw(config) => (config.apply(real, rng)?, None),
            Self::Cutout(config) => (config.apply(real, rng)?, None),
            Self::Flip(config) => (config.apply(real)?, None),
            Self::Stitch(config) => {
                let plan = config.plan(shape, rng)?;
                (plan.apply(real)?, Some(plan.partners))
            }
            Self::Mixup(config) => {
                let plan = config.plan(shape, rng)?;
                (plan.apply(real)?, Some(plan.partners))
            }
            Self::Cutmix(config) => {
                let plan = config.plan(shape, rng)?;
                (plan.apply(real)?, Some(plan.partners))
            }
        })
    }
}

/// Makes one positive view (crop, flip, colour jitter, grayscale) of every real image, for the
/// contrastive experiments; same shape, values in [-1, 1].
pub fn positive_view(
    config: &PositiveConfig,
    real: Tensor<4>,
    rng: &mut ChaCha8Rng,
) -> Result<Tensor<4>, AugmentError> {
    config.apply(real, rng)
}

/// Refuses shapes this module cannot handle: empty batches, channel counts other than 1 or 3, and
/// images smaller than 2x2 (nothing to rearrange).
pub(crate) fn check_images(shape: [usize; 4]) -> Result<(), AugmentError> {
    let [batch, channels, height, width] = shape;
    let requirement = if batch == 0 {
        Some("the batch is empty: pass at least one image")
    } else if channels != 1 && channels != 3 {
        Some("images must have 1 (grayscale) or 3 (RGB) channels: drop alpha or convert the images")
    } else if height < 2 || width < 2 {
        Some("images must be at least 2x2 pixels")
    } else {
        None
    };
    match requirement {
        Some(requirement) => Err(AugmentError::InvalidShape {
            shape: shape.to_vec(),
            requirement,
        }),
        None => Ok(()),
    }
}

/// Refuses applying a plan to a batch of a different shape than it was drawn for.
pub(crate) fn check_plan_shape(
    planned: [usize; 4],
    actual: [usize; 4],
) -> Result<(), AugmentError> {
    if planned != actual {
        return Err(AugmentError::PlanShapeMismatch { planned, actual });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use test_support::{HostImages, random_images, rng};

    #[test]
    fn every_kind_keeps_shape_and_range_and_changes_the_batch() {
        let shape = [4, 3, 8, 8];
        for kind in NegativeKind::CHOOSABLE {
            let augmentation = NegativeAugmentation::default_for(kind);
            assert_eq!(augmentation.kind(), kind);
            let (input, real) = random_images(shape, 31);
            let negative = HostImages::read(augmentation.apply(real, &mut rng(31)).expect("valid"));
            assert_eq!(negative.shape, shape, "{kind:?}");
            assert!(negative.in_unit_range(), "{kind:?}");
            assert_ne!(negative, input, "{kind:?}");
        }
    }

    #[test]
    fn apply_with_partners_names_the_partners_it_used_with_the_draws_of_apply() {
        let shape = [4, 3, 8, 8];
        let (input, real) = random_images(shape, 5);
        let stitch = NegativeAugmentation::Stitch(StitchConfig {
            orientation: StitchOrientation::Horizontal,
        });
        let (stitched, partners) = stitch
            .apply_with_partners(real.clone(), &mut rng(9))
            .expect("valid");
        let partners = partners.expect("stitching pairs images");
        let stitched = HostImages::read(stitched);
        let plain = HostImages::read(stitch.apply(real, &mut rng(9)).expect("valid"));
        assert_eq!(stitched, plain, "the same draws as apply");
        for (image, &partner) in partners.iter().enumerate() {
            assert_ne!(image, partner);
            // The right half of image `i` is its partner's right half.
            for channel in 0..3 {
                for row in 0..8 {
                    for column in 4..8 {
                        assert_eq!(
                            stitched.at(image, channel, row, column),
                            input.at(partner, channel, row, column)
                        );
                    }
                }
            }
        }
        let jigsaw = NegativeAugmentation::default_for(NegativeKind::Jigsaw);
        let (_, random) = random_images(shape, 6);
        let (_, partners) = jigsaw
            .apply_with_partners(random, &mut rng(9))
            .expect("valid");
        assert_eq!(partners, None);
    }

    #[test]
    fn apply_validates_against_the_batch_shape() {
        let (_, real) = random_images([2, 3, 6, 6], 0);
        let jigsaw = NegativeAugmentation::Jigsaw(JigsawConfig { grid: 4 });
        assert!(matches!(
            jigsaw.apply(real, &mut rng(0)),
            Err(AugmentError::GridDoesNotDivide { grid: 4, .. })
        ));
        for kind in [
            NegativeKind::Stitch,
            NegativeKind::Mixup,
            NegativeKind::Cutmix,
        ] {
            assert!(matches!(
                NegativeAugmentation::default_for(kind).validate([1, 3, 8, 8]),
                Err(AugmentError::BatchTooSmall { batch_size: 1, .. })
            ));
        }
        for shape in [[0, 3, 8, 8], [2, 4, 8, 8], [2, 3, 1, 8]] {
            assert!(matches!(
                NegativeAugmentation::default().validate(shape),
                Err(AugmentError::InvalidShape { .. })
            ));
        }
    }

    #[test]
    fn settings_round_trip_through_json() {
        for kind in NegativeKind::CHOOSABLE {
            let augmentation = NegativeAugmentation::default_for(kind);
            let json = serde_json::to_string(&augmentation).expect("serialisable");
            let back: NegativeAugmentation = serde_json::from_str(&json).expect("deserialisable");
            assert_eq!(back, augmentation);
        }
    }

    #[test]
    fn positive_view_keeps_shape() {
        let (_, real) = random_images([2, 3, 8, 8], 1);
        let view = positive_view(&PositiveConfig::default(), real, &mut rng(1)).expect("valid");
        assert_eq!(view.dims(), [2, 3, 8, 8]);
    }
}
