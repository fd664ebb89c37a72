//! Positive views for the contrastive experiments (Sinha et al., ICLR 2021, Sec. 5: MoCo-v2 + NDA).
//!
//! Two views of the same image made with these in-distribution transforms are a positive pair;
//! NDA views (e.g. jigsaw) of the same image are extra negatives. The transforms follow MoCo-v2's
//! recipe: random resized crop (scale [0.2, 1], aspect ratio [3/4, 4/3]), horizontal flip (p 0.5),
//! colour jitter (brightness, contrast, saturation 0.4) and grayscale (p 0.2). Differences from
//! MoCo-v2, for small browser images: jitter is always applied (MoCo-v2: p 0.8), in a fixed order
//! (brightness, contrast, saturation), without hue jitter and without Gaussian blur.

use rand::RngExt;
use rand::rngs::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::region::PixelBox;
use super::resample::random_crop;
use super::{AugmentError, check_images};

/// Settings of the positive views (defaults: MoCo-v2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PositiveConfig {
    /// Smallest crop, as a fraction of the image area, in (0, 1].
    pub crop_min_scale: f64,
    /// Probability of a horizontal flip, in [0, 1].
    pub flip_probability: f64,
    /// Brightness, contrast and saturation factors are uniform in `[1 - s, 1 + s]`; s in [0, 1].
    pub jitter_strength: f64,
    /// Probability of converting a view to grayscale, in [0, 1].
    pub grayscale_probability: f64,
}

impl Default for PositiveConfig {
    /// MoCo-v2's settings: crop scale 0.2, flip 0.5, jitter 0.4, grayscale 0.2.
    fn default() -> Self {
        Self {
            crop_min_scale: 0.2,
            flip_probability: 0.5,
            jitter_strength: 0.4,
            grayscale_probability: 0.2,
        }
    }
}

impl PositiveConfig {
    /// Checks the settings on their own.
    pub fn validate(&self) -> Result<(), AugmentError> {
        if !(self.crop_min_scale > 0.0 && self.crop_min_scale <= 1.0) {
            return Err(AugmentError::out_of_range(
                "positive crop minimum scale",
                self.crop_min_scale,
                "in (0, 1]",
            ));
        }
        let unit_interval = [
            ("positive flip probability", self.flip_probability),
            ("positive jitter strength", self.jitter_strength),
            ("positive grayscale probability", self.grayscale_probability),
        ];
        for (parameter, value) in unit_interval {
            if !(0.0..=1.0).contains(&value) {
                return Err(AugmentError::out_of_range(parameter, value, "in [0, 1]"));
            }
        }
        Ok(())
    }

    /// Checks the settings against a `[batch, channels, height, width]` batch shape.
    pub fn validate_for_shape(&self, shape: [usize; 4]) -> Result<(), AugmentError> {
        self.validate()?;
        check_images(shape)
    }

    /// Draws the transforms of every view.
    pub fn plan(
        &self,
        shape: [usize; 4],
        rng: &mut ChaCha8Rng,
    ) -> Result<PositivePlan, AugmentError> {
        self.validate_for_shape(shape)?;
        let [batch, _, height, width] = shape;
        let views = (0..batch)
            .map(|_| self.draw_view(height, width, rng))
            .collect();
        Ok(PositivePlan { shape, views })
    }

    /// Draws the transforms of one view.
    fn draw_view(&self, height: usize, width: usize, rng: &mut ChaCha8Rng) -> ViewPlan {
        ViewPlan {
            crop: random_crop(height, width, self.crop_min_scale, rng),
            flipped: rng.random_bool(self.flip_probability),
            brightness: jitter_factor(self.jitter_strength, rng),
            contrast: jitter_factor(self.jitter_strength, rng),
            saturation: jitter_factor(self.jitter_strength, rng),
            grayscale: rng.random_bool(self.grayscale_probability),
        }
    }
}

/// The transforms of one positive view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ViewPlan {
    /// The crop, resized back to the full image size.
    pub crop: PixelBox,
    /// Whether the view is mirrored left to right.
    pub flipped: bool,
    /// Brightness factor (1 keeps the image).
    pub brightness: f64,
    /// Contrast factor (1 keeps the image).
    pub contrast: f64,
    /// Saturation factor (1 keeps the image).
    pub saturation: f64,
    /// Whether the view is converted to grayscale.
    pub grayscale: bool,
}

/// The random draws of one call of positive views.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PositivePlan {
    /// The batch shape the plan was drawn for.
    pub shape: [usize; 4],
    /// One entry per image.
    pub views: Vec<ViewPlan>,
}

/// A jitter factor uniform in `[max(0, 1 - strength), 1 + strength]` (torchvision's `ColorJitter`).
fn jitter_factor(strength: f64, rng: &mut ChaCha8Rng) -> f64 {
    if strength == 0.0 {
        return 1.0;
    }
    rng.random_range((1.0 - strength).max(0.0)..=1.0 + strength)
}
