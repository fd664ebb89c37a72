//! The augmentations as batched tensor ops: each plan of `augment/` (plain data drawn from the
//! one seeded RNG) applied to a `[batch, channels, height, width]` batch in [-1, 1], with batched
//! ops on whatever device the images live on (WebGPU during training, the CPU for previews).
//! Nothing here reads a tensor back, so it never blocks the browser.
//!
//! The settings and plans name no tensor, so that they can live where burn is not linked (the
//! page's settings); this half is what the trainers, the evaluators and the gallery call, through
//! two traits: [`Augment`] (settings: draw a plan, apply it) and [`ApplyPlan`] (a drawn plan).

mod cutmix;
mod cutout;
mod flip;
mod gallery;
mod jigsaw;
mod mixup;
mod partner;
mod positive;
mod region;
mod resample;
mod stitch;
#[cfg(test)]
pub(crate) mod test_support;

use burn::tensor::Tensor;
use rand::rngs::ChaCha8Rng;

use super::{
    AugmentError, CutmixConfig, CutoutConfig, JigsawConfig, MixupConfig, NegativeAugmentation,
    PositiveConfig, StitchConfig,
};

pub use gallery::{GalleryRow, gallery_rows};

/// A drawn plan applied to the batch it was drawn for (refused for a batch of another shape).
pub trait ApplyPlan {
    /// The augmented batch: same shape, values in [-1, 1].
    fn apply(&self, real: Tensor<4>) -> Result<Tensor<4>, AugmentError>;
}

/// Settings applied to a batch: a plan drawn from `rng` for the batch's shape, then applied.
pub trait Augment {
    /// One augmented image from every real image (`[batch, channels, height, width]`, in
    /// [-1, 1]); same shape and range. Validates the settings against `real.dims()` first.
    fn apply(&self, real: Tensor<4>, rng: &mut ChaCha8Rng) -> Result<Tensor<4>, AugmentError>;
}

/// [`Augment`] for settings whose `plan` draws what [`ApplyPlan`] applies: the plan for the
/// batch's shape from `rng`, then applied; each with what it does to a batch.
macro_rules! augment_by_plan {
    ($($config:ty => $doc:literal),* $(,)?) => {$(
        impl Augment for $config {
            #[doc = $doc]
            fn apply(
                &self,
                real: Tensor<4>,
                rng: &mut ChaCha8Rng,
            ) -> Result<Tensor<4>, AugmentError> {
                self.plan(real.dims(), rng)?.apply(real)
            }
        }
    )*};
}

augment_by_plan!(
    CutmixConfig => "Pastes a box of a partner over every image of `real` (`[batch, channels, height, width]`).",
    CutoutConfig => "Fills one square of every image of `real` (`[batch, channels, height, width]`) with its mean.",
    JigsawConfig => "Shuffles the patches of every image of `real` (`[batch, channels, height, width]`).",
    MixupConfig => "Blends every image of `real` (`[batch, channels, height, width]`) with a partner.",
    PositiveConfig => "Makes one positive view of every image of `real` (`[batch, channels, height, width]`).",
    StitchConfig => "Stitches every image of `real` (`[batch, channels, height, width]`) to a partner.",
);

impl Augment for NegativeAugmentation {
    fn apply(&self, real: Tensor<4>, rng: &mut ChaCha8Rng) -> Result<Tensor<4>, AugmentError> {
        Ok(apply_with_partners(self, real, rng)?.0)
    }
}

/// [`Augment::apply`] of `augmentation`, also naming each image's partner for the pairing kinds
/// (stitching, mixup, cutmix; `None` for the kinds that use one image). The partners come from
/// the very plan that made the images, so the teaching walk-through shows what training did with
/// the same draws and no extra work.
pub fn apply_with_partners(
    augmentation: &NegativeAugmentation,
    real: Tensor<4>,
    rng: &mut ChaCha8Rng,
) -> Result<(Tensor<4>, Option<Vec<usize>>), AugmentError> {
    let shape = real.dims();
    augmentation.validate(shape)?;
    Ok(match augmentation {
        NegativeAugmentation::Jigsaw(config) => (config.apply(real, rng)?, None),
        NegativeAugmentation::Cutout(config) => (config.apply(real, rng)?, None),
        NegativeAugmentation::Flip(config) => (config.apply(real)?, None),
        NegativeAugmentation::Stitch(config) => {
            let plan = config.plan(shape, rng)?;
            (plan.apply(real)?, Some(plan.partners))
        }
        NegativeAugmentation::Mixup(config) => {
            let plan = config.plan(shape, rng)?;
            (plan.apply(real)?, Some(plan.partners))
        }
        NegativeAugmentation::Cutmix(config) => {
            let plan = config.plan(shape, rng)?;
            (plan.apply(real)?, Some(plan.partners))
        }
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::augment::{JigsawConfig, NegativeKind, StitchConfig, StitchOrientation};
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
        let (stitched, partners) =
            apply_with_partners(&stitch, real.clone(), &mut rng(9)).expect("valid");
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
        let (_, partners) = apply_with_partners(&jigsaw, random, &mut rng(9)).expect("valid");
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
    fn positive_view_keeps_shape() {
        let (_, real) = random_images([2, 3, 8, 8], 1);
        let view = positive_view(&PositiveConfig::default(), real, &mut rng(1)).expect("valid");
        assert_eq!(view.dims(), [2, 3, 8, 8]);
    }
}
