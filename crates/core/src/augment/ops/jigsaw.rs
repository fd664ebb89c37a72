//! Jigsaw applied to a batch: the plan of `augment/jigsaw.rs` as batched tensor ops.

use burn::tensor::Tensor;

use super::ApplyPlan;
use super::partner::index_tensor;
use crate::augment::{AugmentError, JigsawPlan, check_plan_shape};

impl ApplyPlan for JigsawPlan {
    /// Reassembles every image with its permutation, in one batched `select` over all patches.
    fn apply(&self, real: Tensor<4>) -> Result<Tensor<4>, AugmentError> {
        check_plan_shape(self.shape, real.dims())?;
        let [batch, channels, height, width] = self.shape;
        let grid = self.grid;
        let (patch_height, patch_width) = (height / grid, width / grid);
        let num_patches = grid * grid;
        let patches = real
            .reshape([batch, channels, grid, patch_height, grid, patch_width])
            // [batch, channels, grid_rows, patch_height, grid_columns, patch_width]
            .permute([0, 2, 4, 1, 3, 5])
            // [batch, grid_rows, grid_columns, channels, patch_height, patch_width]
            .reshape([batch * num_patches, channels, patch_height, patch_width]);
        // [batch * grid * grid, channels, patch_height, patch_width]
        let device = patches.device();
        let shuffled = patches
            .select(0, index_tensor(&self.flat_sources(), &device))
            .reshape([batch, grid, grid, channels, patch_height, patch_width])
            // [batch, grid_rows, grid_columns, channels, patch_height, patch_width]
            .permute([0, 3, 1, 4, 2, 5])
            // [batch, channels, grid_rows, patch_height, grid_columns, patch_width]
            .reshape([batch, channels, height, width]);
        // [batch, channels, height, width]
        Ok(shuffled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::augment::ops::test_support::{
        HostImages, assert_seed_determines_output, random_images, rng,
    };
    use crate::augment::*;

    /// The host values of patch `patch` (row-major) of one image.
    fn patch(images: &HostImages, image: usize, grid: usize, patch: usize) -> Vec<f32> {
        let [_, channels, height, width] = images.shape;
        let (patch_height, patch_width) = (height / grid, width / grid);
        let (top, left) = ((patch / grid) * patch_height, (patch % grid) * patch_width);
        let mut values = Vec::new();
        for channel in 0..channels {
            for row in top..top + patch_height {
                for col in left..left + patch_width {
                    values.push(images.at(image, channel, row, col));
                }
            }
        }
        values
    }

    fn check_output_is_the_planned_permutation(grid: usize, shape: [usize; 4], seed: u64) {
        let (input, real) = random_images(shape, seed);
        let plan = JigsawConfig { grid }
            .plan(shape, &mut rng(seed))
            .expect("valid");
        let output = HostImages::read(plan.apply(real).expect("same shape"));
        assert_eq!(output.shape, shape);
        assert!(output.in_unit_range());
        for image in 0..shape[0] {
            let permutation = &plan.permutations[image];
            let mut used = vec![0; grid * grid];
            for slot in 0..grid * grid {
                let shown = patch(&output, image, grid, slot);
                let matches: Vec<usize> = (0..grid * grid)
                    .filter(|&source| patch(&input, image, grid, source) == shown)
                    .collect();
                assert_eq!(matches, vec![permutation[slot]]);
                used[permutation[slot]] += 1;
            }
            assert!(used.iter().all(|&count| count == 1));
            assert_ne!(permutation, &(0..grid * grid).collect::<Vec<_>>());
        }
    }

    #[test]
    fn output_patches_are_a_permutation_of_input_patches() {
        check_output_is_the_planned_permutation(2, [4, 3, 8, 8], 1);
        check_output_is_the_planned_permutation(3, [2, 3, 12, 6], 2);
        check_output_is_the_planned_permutation(4, [2, 1, 8, 16], 3);
    }

    #[test]
    fn never_returns_the_input_arrangement() {
        for seed in 0..200 {
            let (input, real) = random_images([1, 3, 8, 8], seed);
            let output = JigsawConfig::default()
                .apply(real, &mut rng(seed))
                .expect("valid");
            assert_ne!(HostImages::read(output), input, "seed {seed}");
        }
    }

    #[test]
    fn same_seed_same_output_and_different_seed_differs() {
        let config = JigsawConfig::default();
        assert_seed_determines_output([4, 3, 8, 8], |real, rng| config.apply(real, rng));
    }

    #[test]
    fn plan_for_another_shape_is_refused() {
        let (_, real) = random_images([2, 3, 8, 8], 0);
        let plan = JigsawConfig::default()
            .plan([4, 3, 8, 8], &mut rng(0))
            .expect("valid");
        assert!(matches!(
            plan.apply(real),
            Err(AugmentError::PlanShapeMismatch { .. })
        ));
    }
}
