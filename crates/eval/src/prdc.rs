//! Precision, recall, density and coverage of generated samples from k-nearest-neighbour balls
//! (Kynkäänniemi et al. 2019, arXiv 1904.06991; Naeem et al. 2020, arXiv 2002.09797). Sinha et al.
//! (ICLR 2021) argue that NDA keeps the generator off regions outside the data; precision and
//! density measure exactly that ("are the samples where real images are?"), recall and coverage
//! whether the samples still reach all of the real images.
//!
//! Every point gets a ball whose radius is the distance to its k-th nearest neighbour in its own set
//! (itself excluded; a duplicate counts as a neighbour at distance 0). With N real and M fake rows:
//! - precision: the fraction of fake rows inside at least one real ball;
//! - recall: the fraction of real rows inside at least one fake ball;
//! - density: (1 / (k M)) Σ_fake Σ_real 1[fake inside the real ball], about 1 when the two sets
//!   come from one distribution and above 1 when samples crowd where real images are dense;
//! - coverage: the fraction of real rows whose ball holds at least one fake row, about 1 − 2^−k for
//!   one distribution with N = M.
//!
//! As in Naeem et al.'s reference code, "inside" is strict (distance < radius), so for two identical
//! sets without ties in distance, density is exactly 1. Distances are compared squared, in `f64`;
//! the k-th smallest distance is a value, so ties cannot change the result.

use serde::{Deserialize, Serialize};

use super::{EvalError, Features, validate_real_and_fake};

/// Settings of [`prdc`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrdcSettings {
    /// Neighbours that set each ball's radius (at least 1; each set needs more than `k` rows).
    pub k: usize,
}

impl Default for PrdcSettings {
    /// `k = 5`, Naeem et al.'s choice for density and coverage. Kynkäänniemi et al. use `k = 3` for
    /// precision and recall, which are more sensitive to outliers: run twice to report both.
    fn default() -> Self {
        Self { k: 5 }
    }
}

/// Precision, recall, density and coverage of fake rows against real rows.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PrdcResult {
    /// Fraction of fake rows inside at least one real ball, in `[0, 1]`.
    pub precision: f64,
    /// Fraction of real rows inside at least one fake ball, in `[0, 1]`.
    pub recall: f64,
    /// Mean number of real balls around a fake row, divided by k, in `[0, N / k]`.
    pub density: f64,
    /// Fraction of real rows whose ball holds at least one fake row, in `[0, 1]`.
    pub coverage: f64,
}

/// Precision, recall, density and coverage (Naeem et al. 2020) of `fake` against `real` with
/// k-nearest-neighbour balls in Euclidean distance.
///
/// Refuses `k = 0`, sets of different dimensions, a set with `k` rows or fewer, and non-finite
/// values. Cost: O((N + M)² d) time and O(N + M) memory.
pub fn prdc(
    real: &Features,
    fake: &Features,
    settings: PrdcSettings,
) -> Result<PrdcResult, EvalError> {
    validate_prdc_input(real, fake, settings.k)?;
    let real_radii = kth_neighbour_squared_distances(real, settings.k);
    let fake_radii = kth_neighbour_squared_distances(fake, settings.k);
    let mut real_ball_counts = vec![0usize; fake.len()];
    let mut real_covered = vec![false; real.len()];
    let mut real_recalled = vec![false; real.len()];
    for (i, real_row) in real.values.chunks_exact(real.dim).enumerate() {
        for (j, fake_row) in fake.values.chunks_exact(fake.dim).enumerate() {
            let distance = squared_distance(real_row, fake_row);
            if distance < real_radii[i] {
                real_ball_counts[j] += 1;
                real_covered[i] = true;
            }
            if distance < fake_radii[j] {
                real_recalled[i] = true;
            }
        }
    }
    let num_fake = fake.len() as f64;
    let num_real = real.len() as f64;
    let inside_any = real_ball_counts.iter().filter(|&&count| count > 0).count();
    let total_inside: usize = real_ball_counts.iter().sum();
    Ok(PrdcResult {
        precision: inside_any as f64 / num_fake,
        recall: count_true(&real_recalled) as f64 / num_real,
        density: total_inside as f64 / (settings.k as f64 * num_fake),
        coverage: count_true(&real_covered) as f64 / num_real,
    })
}

/// Checks settings, shapes and values of [`prdc`].
fn validate_prdc_input(real: &Features, fake: &Features, k: usize) -> Result<(), EvalError> {
    if k == 0 {
        return Err(EvalError::ZeroK);
    }
    validate_real_and_fake(real, fake, k + 1)
}

/// For every row, the squared distance to its k-th nearest other row of the same set (`len() > k`).
fn kth_neighbour_squared_distances(features: &Features, k: usize) -> Vec<f64> {
    let rows: Vec<&[f32]> = features.values.chunks_exact(features.dim).collect();
    let mut distances = Vec::with_capacity(rows.len());
    rows.iter()
        .enumerate()
        .map(|(index, row)| {
            distances.clear();
            distances.extend(
                rows.iter()
                    .enumerate()
                    .filter(|&(other, _)| other != index)
                    .map(|(_, other_row)| squared_distance(row, other_row)),
            );
            *distances.select_nth_unstable_by(k - 1, f64::total_cmp).1
        })
        .collect()
}

/// The squared Euclidean distance in `f64`, summed in four fixed lanes and then in a fixed order.
fn squared_distance(a: &[f32], b: &[f32]) -> f64 {
    let mut lanes = [0.0f64; 4];
    let (a_chunks, a_rest) = a.as_chunks::<4>();
    let (b_chunks, b_rest) = b.as_chunks::<4>();
    for (x, y) in a_chunks.iter().zip(b_chunks) {
        for ((lane, &xa), &yb) in lanes.iter_mut().zip(x).zip(y) {
            let difference = f64::from(xa) - f64::from(yb);
            *lane += difference * difference;
        }
    }
    let mut sum = (lanes[0] + lanes[2]) + (lanes[1] + lanes[3]);
    for (&x, &y) in a_rest.iter().zip(b_rest) {
        let difference = f64::from(x) - f64::from(y);
        sum += difference * difference;
    }
    sum
}

/// The number of `true` entries.
fn count_true(flags: &[bool]) -> usize {
    flags.iter().filter(|&&flag| flag).count()
}

#[cfg(test)]
#[path = "prdc_tests.rs"]
mod tests;
