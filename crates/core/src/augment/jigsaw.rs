//! Jigsaw, the best negative augmentation of Sinha et al. (ICLR 2021, Sec. 4 and Table 2).
//!
//! Each image is cut into a `grid x grid` array of equal patches that are reassembled in a random
//! order. The order is never the identity, and the reassembly uses the same row-major patch layout
//! as the split. The reference code transposes the grid on reassembly, so one of its 23 allowed
//! permutations at `grid = 2` rebuilds the real image and trains it as fake; that leak is not copied.

use std::ops::RangeInclusive;

use burn::tensor::Tensor;
use rand::rngs::ChaCha8Rng;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};

use super::partner::index_tensor;
use super::{AugmentError, check_images, check_plan_shape};

/// Grids offered: 2 is the paper's default; 3 and 4 break structure at finer scales.
pub const ALLOWED_GRIDS: RangeInclusive<usize> = 2..=4;

/// Settings of the jigsaw augmentation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JigsawConfig {
    /// Number of patches per side (the image becomes `grid * grid` patches).
    pub grid: usize,
}

impl Default for JigsawConfig {
    /// A 2x2 grid, the paper's default.
    fn default() -> Self {
        Self { grid: 2 }
    }
}

impl JigsawConfig {
    /// Checks the settings on their own.
    pub fn validate(&self) -> Result<(), AugmentError> {
        if !ALLOWED_GRIDS.contains(&self.grid) {
            return Err(AugmentError::out_of_range(
                "jigsaw grid",
                self.grid,
                "2, 3 or 4 patches per side",
            ));
        }
        Ok(())
    }

    /// Checks the settings against a `[batch, channels, height, width]` batch shape.
    pub fn validate_for_shape(&self, shape: [usize; 4]) -> Result<(), AugmentError> {
        self.validate()?;
        check_images(shape)?;
        let [_, _, height, width] = shape;
        if !(height.is_multiple_of(self.grid) && width.is_multiple_of(self.grid)) {
            return Err(AugmentError::GridDoesNotDivide {
                grid: self.grid,
                height,
                width,
            });
        }
        Ok(())
    }

    /// Draws one non-identity patch permutation per image.
    pub fn plan(
        &self,
        shape: [usize; 4],
        rng: &mut ChaCha8Rng,
    ) -> Result<JigsawPlan, AugmentError> {
        self.validate_for_shape(shape)?;
        let num_patches = self.grid * self.grid;
        let permutations = (0..shape[0])
            .map(|_| non_identity_permutation(num_patches, rng))
            .collect();
        Ok(JigsawPlan {
            shape,
            grid: self.grid,
            permutations,
        })
    }

    /// Shuffles the patches of every image of `real` (`[batch, channels, height, width]`).
    pub fn apply(&self, real: Tensor<4>, rng: &mut ChaCha8Rng) -> Result<Tensor<4>, AugmentError> {
        self.plan(real.dims(), rng)?.apply(real)
    }
}

/// The random draws of one jigsaw call, kept so tests and the UI can see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JigsawPlan {
    /// The batch shape the plan was drawn for.
    pub shape: [usize; 4],
    /// Number of patches per side.
    pub grid: usize,
    /// `permutations[image][slot]` is the source patch shown at output `slot`; patches are numbered
    /// row-major (`row * grid + column`) in both the input and the output. Never the identity.
    pub permutations: Vec<Vec<usize>>,
}

impl JigsawPlan {
    /// Reassembles every image with its permutation, in one batched `select` over all patches.
    pub fn apply(&self, real: Tensor<4>) -> Result<Tensor<4>, AugmentError> {
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

    /// For every output patch in the flattened `[batch * grid * grid]` order, the flattened index
    /// of its source patch (always within the same image).
    fn flat_sources(&self) -> Vec<usize> {
        let num_patches = self.grid * self.grid;
        self.permutations
            .iter()
            .enumerate()
            .flat_map(|(image, permutation)| {
                permutation
                    .iter()
                    .map(move |&source| image * num_patches + source)
            })
            .collect()
    }
}

/// A uniformly random permutation of `0..num_patches` other than the identity (by rejection:
/// the identity has probability `1 / num_patches!`, at most 1 in 24 for the allowed grids).
fn non_identity_permutation(num_patches: usize, rng: &mut ChaCha8Rng) -> Vec<usize> {
    let mut permutation: Vec<usize> = (0..num_patches).collect();
    loop {
        permutation.shuffle(rng);
        if permutation
            .iter()
            .enumerate()
            .any(|(slot, &source)| slot != source)
        {
            return permutation;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::augment::test_support::{
        HostImages, assert_seed_determines_output, random_images, rng,
    };

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
    fn invalid_grids_are_refused() {
        let config = JigsawConfig { grid: 3 };
        assert_eq!(
            config.plan([2, 3, 32, 32], &mut rng(0)),
            Err(AugmentError::GridDoesNotDivide {
                grid: 3,
                height: 32,
                width: 32
            })
        );
        for grid in [0, 1, 5] {
            assert!(matches!(
                JigsawConfig { grid }.validate(),
                Err(AugmentError::ParameterOutOfRange { .. })
            ));
        }
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
