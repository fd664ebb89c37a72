//! Positive views applied to a batch: the plan of `augment/positive.rs` as batched tensor ops.

use burn::tensor::{Tensor, TensorData};

use super::ApplyPlan;
use super::resample::crop_and_flip;
use crate::augment::{AugmentError, PixelBox, PositivePlan, ViewPlan, check_plan_shape};

impl ApplyPlan for PositivePlan {
    /// Applies crop, flip, jitter and grayscale to the batch with batched ops; output in [-1, 1].
    fn apply(&self, real: Tensor<4>) -> Result<Tensor<4>, AugmentError> {
        check_plan_shape(self.shape, real.dims())?;
        let crops: Vec<PixelBox> = self.views.iter().map(|view| view.crop).collect();
        let flips: Vec<bool> = self.views.iter().map(|view| view.flipped).collect();
        let resized = crop_and_flip(real, &crops, &flips);
        Ok(jitter_colours(self, resized))
    }
}

/// Brightness, contrast, saturation and grayscale as per-image factors, in [0, 1] colour space
/// with a clamp after each step (torchvision's semantics).
fn jitter_colours(plan: &PositivePlan, images: Tensor<4>) -> Tensor<4> {
    let factor = |pick: fn(&ViewPlan) -> f64| per_image(plan, &images, pick);
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
fn per_image(plan: &PositivePlan, images: &Tensor<4>, pick: fn(&ViewPlan) -> f64) -> Tensor<4> {
    let values: Vec<f32> = plan.views.iter().map(|view| pick(view) as f32).collect();
    let batch = values.len();
    Tensor::<4>::from_data(TensorData::new(values, [batch, 1, 1, 1]), &images.device())
}

/// ITU-R BT.601 luma weights of (red, green, blue), as torchvision's `rgb_to_grayscale`.
const LUMA_WEIGHTS: [f32; 3] = [0.299, 0.587, 0.114];

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
    use crate::augment::ops::test_support::{
        HostImages, assert_seed_determines_output, random_images, rng,
    };
    use crate::augment::*;

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
