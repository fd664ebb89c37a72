//! Positive views for the contrastive experiments (Sinha et al., ICLR 2021, Sec. 5: MoCo-v2 + NDA).
//!
//! Two views of the same image made with these in-distribution transforms are a positive pair;
//! NDA views (e.g. jigsaw) of the same image are extra negatives. The transforms follow MoCo-v2's
//! recipe: random resized crop (scale [0.2, 1], aspect ratio [3/4, 4/3]), horizontal flip (p 0.5),
//! colour jitter (brightness, contrast, saturation 0.4) and grayscale (p 0.2). Differences from
//! MoCo-v2, for small browser images: jitter is always applied (MoCo-v2: p 0.8), in a fixed order
//! (brightness, contrast, saturation), without hue jitter and without Gaussian blur.

use burn::tensor::{Tensor, TensorData};
use rand::RngExt;
use rand::rngs::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::region::PixelBox;
use super::resample::{crop_and_flip, random_crop};
use super::{AugmentError, check_images, check_plan_shape};

/// ITU-R BT.601 luma weights of (red, green, blue), as torchvision's `rgb_to_grayscale`.
const LUMA_WEIGHTS: [f32; 3] = [0.299, 0.587, 0.114];

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

    /// Makes one positive view of every image of `real` (`[batch, channels, height, width]`).
    pub fn apply(&self, real: Tensor<4>, rng: &mut ChaCha8Rng) -> Result<Tensor<4>, AugmentError> {
        self.plan(real.dims(), rng)?.apply(real)
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

impl PositivePlan {
    /// Applies crop, flip, jitter and grayscale to the batch with batched ops; output in [-1, 1].
    pub fn apply(&self, real: Tensor<4>) -> Result<Tensor<4>, AugmentError> {
        check_plan_shape(self.shape, real.dims())?;
        let crops: Vec<PixelBox> = self.views.iter().map(|view| view.crop).collect();
        let flips: Vec<bool> = self.views.iter().map(|view| view.flipped).collect();
        let resized = crop_and_flip(real, &crops, &flips);
        Ok(self.jitter_colours(resized))
    }

    /// Brightness, contrast, saturation and grayscale as per-image factors, in [0, 1] colour space
    /// with a clamp after each step (torchvision's semantics).
    fn jitter_colours(&self, images: Tensor<4>) -> Tensor<4> {
        let factor = |pick: fn(&ViewPlan) -> f64| self.per_image(&images, pick);
        let brightness = factor(|view| view.brightness);
        let contrast = factor(|view| view.contrast);
        let saturation = factor(|view| view.saturation);
        let colour_kept = factor(|view| if view.grayscale { 0.0 } else { 1.0 });
        let unit = images
            .add_scalar(1.0)
            .mul_scalar(0.5)
            .mul(brightness)
            .clamp(0.0, 1.0);
        let mean_luma = luma(unit.clone()).mean_dims(&[1, 2, 3]); // [batch, 1, 1, 1]
        let unit = blend(unit, mean_luma, contrast).clamp(0.0, 1.0);
        let unit = blend(unit.clone(), luma(unit), saturation).clamp(0.0, 1.0);
        let unit = blend(unit.clone(), luma(unit), colour_kept);
        unit.mul_scalar(2.0).sub_scalar(1.0).clamp(-1.0, 1.0)
    }

    /// One value per image as a `[batch, 1, 1, 1]` tensor on the device of `images`.
    fn per_image(&self, images: &Tensor<4>, pick: fn(&ViewPlan) -> f64) -> Tensor<4> {
        let values: Vec<f32> = self.views.iter().map(|view| pick(view) as f32).collect();
        let batch = values.len();
        Tensor::<4>::from_data(TensorData::new(values, [batch, 1, 1, 1]), &images.device())
    }
}

/// A jitter factor uniform in `[max(0, 1 - strength), 1 + strength]` (torchvision's `ColorJitter`).
fn jitter_factor(strength: f64, rng: &mut ChaCha8Rng) -> f64 {
    if strength == 0.0 {
        return 1.0;
    }
    rng.random_range((1.0 - strength).max(0.0)..=1.0 + strength)
}

/// Per-pixel luma `[batch, 1, height, width]` of images in [0, 1]; single-channel images are their own.
fn luma(unit: Tensor<4>) -> Tensor<4> {
    let [_, channels, _, _] = unit.dims();
    if channels != 3 {
        return unit;
    }
    let weights = Tensor::<4>::from_data(
        TensorData::new(LUMA_WEIGHTS.to_vec(), [1, 3, 1, 1]),
        &unit.device(),
    );
    unit.mul(weights).sum_dim(1) // [batch, 1, height, width]
}

/// `weight * image + (1 - weight) * target`, broadcasting `target` and the `[batch, 1, 1, 1]` weight.
fn blend(image: Tensor<4>, target: Tensor<4>, weight: Tensor<4>) -> Tensor<4> {
    let target_weight = weight.clone().neg().add_scalar(1.0);
    image.mul(weight).add(target.mul(target_weight))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::augment::test_support::{
        HostImages, assert_seed_determines_output, random_images, rng,
    };

    #[test]
    fn views_keep_shape_and_range_and_differ_from_the_input() {
        for shape in [[4, 3, 8, 8], [3, 1, 16, 12]] {
            let (input, real) = random_images(shape, 21);
            let output = HostImages::read(
                PositiveConfig::default()
                    .apply(real, &mut rng(21))
                    .expect("valid"),
            );
            assert_eq!(output.shape, shape);
            assert!(output.in_unit_range());
            assert_ne!(output, input);
        }
    }

    #[test]
    fn neutral_settings_give_back_the_input() {
        let config = PositiveConfig {
            crop_min_scale: 1.0,
            flip_probability: 0.0,
            jitter_strength: 0.0,
            grayscale_probability: 0.0,
        };
        let shape = [2, 3, 8, 8];
        let (input, real) = random_images(shape, 5);
        let plan = config.plan(shape, &mut rng(5)).expect("valid");
        assert!(plan.views.iter().all(|view| view.crop
            == PixelBox {
                top: 0,
                left: 0,
                height: 8,
                width: 8
            }));
        let output = HostImages::read(plan.apply(real).expect("same shape"));
        assert!(
            output
                .values
                .iter()
                .zip(&input.values)
                .all(|(a, b)| (a - b).abs() < 1e-5)
        );
    }

    #[test]
    fn grayscale_views_have_equal_channels() {
        let config = PositiveConfig {
            grayscale_probability: 1.0,
            ..PositiveConfig::default()
        };
        let (_, real) = random_images([2, 3, 8, 8], 6);
        let output = HostImages::read(config.apply(real, &mut rng(6)).expect("valid"));
        for (image, row, col) in [(0, 0, 0), (1, 4, 7)] {
            assert_eq!(output.at(image, 0, row, col), output.at(image, 1, row, col));
            assert_eq!(output.at(image, 0, row, col), output.at(image, 2, row, col));
        }
    }

    #[test]
    fn same_seed_same_output_and_invalid_settings_are_refused() {
        let config = PositiveConfig::default();
        assert_seed_determines_output([2, 3, 8, 8], |real, rng| config.apply(real, rng));
        for config in [
            PositiveConfig {
                crop_min_scale: 0.0,
                ..PositiveConfig::default()
            },
            PositiveConfig {
                flip_probability: 1.5,
                ..PositiveConfig::default()
            },
            PositiveConfig {
                jitter_strength: f64::NAN,
                ..PositiveConfig::default()
            },
        ] {
            assert!(matches!(
                config.validate(),
                Err(AugmentError::ParameterOutOfRange { .. })
            ));
        }
    }
}
