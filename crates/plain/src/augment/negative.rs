//! One negative augmentation with its settings, the one value every task's config holds, and
//! the checks of a batch's shape that every augmentation shares. Plain data: `ops/` applies it.

use serde::{Deserialize, Serialize};

use super::{
    AugmentError, CutmixConfig, CutoutConfig, FlipConfig, JigsawConfig, MixupConfig, NegativeKind,
    StitchConfig,
};

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
}

/// Refuses shapes this module cannot handle: empty batches, channel counts other than 1 or 3, and
/// images smaller than 2x2 (nothing to rearrange).
pub fn check_images(shape: [usize; 4]) -> Result<(), AugmentError> {
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
pub fn check_plan_shape(planned: [usize; 4], actual: [usize; 4]) -> Result<(), AugmentError> {
    if planned != actual {
        return Err(AugmentError::PlanShapeMismatch { planned, actual });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_through_json() {
        for kind in NegativeKind::CHOOSABLE {
            let augmentation = NegativeAugmentation::default_for(kind);
            let json = serde_json::to_string(&augmentation).expect("serialisable");
            let back: NegativeAugmentation = serde_json::from_str(&json).expect("deserialisable");
            assert_eq!(back, augmentation);
        }
    }
}
