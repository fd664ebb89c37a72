//! Jigsaw, the best negative augmentation of Sinha et al. (ICLR 2021, Sec. 4 and Table 2).
//!
//! Each image is cut into a `grid x grid` array of equal patches that are reassembled in a random
//! order. The order is never the identity, and the reassembly uses the same row-major patch layout
//! as the split. The reference code transposes the grid on reassembly, so one of its 23 allowed
//! permutations at `grid = 2` rebuilds the real image and trains it as fake; that leak is not copied.

use std::ops::RangeInclusive;

use rand::rngs::ChaCha8Rng;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};

use super::{AugmentError, check_images};

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
    /// For every output patch in the flattened `[batch * grid * grid]` order, the flattened index
    /// of its source patch (always within the same image).
    pub fn flat_sources(&self) -> Vec<usize> {
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
    use crate::augment::seeded as rng;

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
}
