//! Cutout applied to a batch: the plan of `augment/cutout.rs` as batched tensor ops.

use burn::tensor::{Tensor, TensorData};

use super::ApplyPlan;
use super::region::box_mask_float;
use crate::augment::{AugmentError, CutoutPlan, check_plan_shape};

impl ApplyPlan for CutoutPlan {
    /// Replaces each square by its per-channel mean, computed on the device with masked sums.
    fn apply(&self, real: Tensor<4>) -> Result<Tensor<4>, AugmentError> {
        check_plan_shape(self.shape, real.dims())?;
        let [batch, channels, height, width] = self.shape;
        let device = real.device();
        let mask = box_mask_float(&self.boxes, height, width, &device); // [batch, 1, height, width]
        let areas: Vec<f32> = self
            .boxes
            .iter()
            .map(|region| region.area() as f32)
            .collect();
        let areas = Tensor::<4>::from_data(TensorData::new(areas, [batch, 1, 1, 1]), &device);
        let means = real
            .clone()
            .mul(mask.clone())
            .sum_dims(&[2, 3]) // [batch, channels, 1, 1]
            .div(areas);
        let inside = mask.greater_elem(0.5).expand(self.shape);
        let filled = real.mask_where(inside, means.expand([batch, channels, height, width]));
        Ok(filled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::augment::ops::test_support::{
        HostImages, assert_seed_determines_output, random_images, rng,
    };
    use crate::augment::*;

    #[test]
    fn exactly_one_square_is_filled_with_its_own_mean() {
        let shape = [4, 3, 32, 32];
        let (input, real) = random_images(shape, 8);
        let plan = CutoutConfig::default()
            .plan(shape, &mut rng(8))
            .expect("valid");
        let output = HostImages::read(plan.apply(real).expect("same shape"));
        assert!(output.in_unit_range());
        for (image, region) in plan.boxes.iter().enumerate() {
            assert_eq!(region.height, region.width);
            assert!((10..=19).contains(&region.height));
            assert!(region.fits_in(32, 32));
            for channel in 0..3 {
                let mut sum = 0.0f64;
                for row in region.top..region.top + region.height {
                    for col in region.left..region.left + region.width {
                        sum += f64::from(input.at(image, channel, row, col));
                    }
                }
                let mean = (sum / region.area() as f64) as f32;
                for row in 0..32 {
                    for col in 0..32 {
                        let value = output.at(image, channel, row, col);
                        if region.contains(row, col) {
                            assert!((value - mean).abs() < 1e-5);
                        } else {
                            assert_eq!(value, input.at(image, channel, row, col));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn same_seed_same_output_and_different_seed_differs() {
        let config = CutoutConfig::default();
        assert_seed_determines_output([4, 3, 32, 32], |real, rng| config.apply(real, rng));
    }
}
