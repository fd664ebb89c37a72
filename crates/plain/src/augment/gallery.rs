//! The teaching gallery's content: a row of real images, the same images through every negative
//! augmentation, and positive views of them, each with the sentence that explains it.
//!
//! These are its settings and row kinds; its rows of images are `ops/gallery.rs`.

use serde::{Deserialize, Serialize};

use super::{
    CutmixConfig, CutoutConfig, FlipConfig, JigsawConfig, MixupConfig, NegativeAugmentation,
    NegativeKind, PositiveConfig, StitchConfig,
};

/// Most real images a gallery row shows (the page draws each row into one canvas).
pub const MAX_GALLERY_IMAGES: usize = 16;

/// Number of positive views shown: two, like the two views of one image MoCo compares.
pub const NUM_POSITIVE_VIEWS: usize = 2;

/// Why a positive view is still data, for the gallery.
pub const WHY_POSITIVE: &str = "A crop, a mirror image or a change of colour is still a photo of \
     the same thing, so the model should treat it as the same image: the view stays in the data.";

/// The gallery's controls: one setting block per augmentation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct GallerySettings {
    /// Jigsaw grid size.
    pub jigsaw: JigsawConfig,
    /// Stitching orientation.
    pub stitch: StitchConfig,
    /// Mixup's Beta parameters.
    pub mixup: MixupConfig,
    /// Cutout's square sizes.
    pub cutout: CutoutConfig,
    /// CutMix's Beta parameters.
    pub cutmix: CutmixConfig,
    /// Positive views' crop, flip, jitter and grayscale.
    pub positive: PositiveConfig,
}

impl GallerySettings {
    /// The five negative augmentations with these settings, in the gallery's order.
    pub fn negatives(&self) -> [NegativeAugmentation; 5] {
        [
            NegativeAugmentation::Jigsaw(self.jigsaw.clone()),
            NegativeAugmentation::Stitch(self.stitch.clone()),
            NegativeAugmentation::Mixup(self.mixup.clone()),
            NegativeAugmentation::Cutout(self.cutout.clone()),
            NegativeAugmentation::Cutmix(self.cutmix.clone()),
        ]
    }

    /// The negatives with these settings, and the flip control, whose weight (given in
    /// [`NegativeKind::CHOOSABLE`] order) is above 0, with their weights: what a trainer draws its
    /// negatives from.
    pub fn weighted_negatives(&self, weights: [f64; 6]) -> Vec<(NegativeAugmentation, f64)> {
        self.negatives()
            .into_iter()
            .chain([NegativeAugmentation::Flip(FlipConfig::default())])
            .zip(weights)
            .filter(|(_, weight)| *weight > 0.0)
            .collect()
    }
}

/// The weight of each kind in `negatives`, in [`NegativeKind::CHOOSABLE`] order (0 for an unused
/// one): the inverse of [`GallerySettings::weighted_negatives`] for a form's fields.
pub fn weights_by_kind(negatives: &[(NegativeAugmentation, f64)]) -> [f64; 6] {
    NegativeKind::CHOOSABLE.map(|kind| {
        negatives
            .iter()
            .filter(|(augmentation, _)| augmentation.kind() == kind)
            .map(|(_, weight)| weight)
            // Not `.sum()`: an empty f64 sum is -0.0, which a form shows as "-0".
            .fold(0.0, |total, weight| total + weight)
    })
}

/// What a gallery row shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum GalleryRowKind {
    /// The real images.
    Real,
    /// A negative augmentation of them.
    Negative(NegativeKind),
    /// The n-th positive view (1-based).
    Positive(usize),
}

impl GalleryRowKind {
    /// The row's title.
    pub fn title(self) -> String {
        match self {
            GalleryRowKind::Real => "Real images".to_string(),
            GalleryRowKind::Negative(kind) => format!("{} (negative)", kind.label()),
            GalleryRowKind::Positive(index) => format!("Positive view {index}"),
        }
    }

    /// The sentence under the title.
    pub fn explanation(self) -> &'static str {
        match self {
            GalleryRowKind::Real => "Images from the dataset: the support the model should learn.",
            GalleryRowKind::Negative(kind) => kind.why_negative(),
            GalleryRowKind::Positive(_) => WHY_POSITIVE,
        }
    }

    /// A stable identifier for test ids and element ids.
    pub fn slug(self) -> String {
        match self {
            GalleryRowKind::Real => "real".to_string(),
            GalleryRowKind::Negative(kind) => kind.slug(),
            GalleryRowKind::Positive(index) => format!("positive-{index}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_negatives_keep_the_chosen_kinds_and_weights_by_kind_inverts_them() {
        let settings = GallerySettings::default();
        let weights = [1.0, 0.0, 2.5, 0.0, 0.5, 0.25];
        let chosen = settings.weighted_negatives(weights);
        let kinds: Vec<NegativeKind> = chosen.iter().map(|(negative, _)| negative.kind()).collect();
        assert_eq!(
            kinds,
            vec![
                NegativeKind::Jigsaw,
                NegativeKind::Mixup,
                NegativeKind::Cutmix,
                NegativeKind::Flip
            ]
        );
        assert_eq!(weights_by_kind(&chosen), weights);
        let absent = weights_by_kind(&chosen)[1];
        assert!(
            absent.is_sign_positive(),
            "an absent kind weighs +0, which a form shows as \"0\", not \"-0\""
        );
        assert_eq!(format!("{absent}"), "0");
    }
}
