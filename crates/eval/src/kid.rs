//! Kernel Inception Distance (Bińkowski et al., "Demystifying MMD GANs", ICLR 2018, arXiv
//! 1801.01401) on arbitrary feature vectors: how far GAN samples are from real images. Sinha et al.
//! (ICLR 2021) report FID with Inception features; NDA Lab cannot load Inception, so it measures in
//! the features of an in-page network, where KID is the natural primary metric: it is unbiased, so
//! it stays usable at the few thousand samples a browser can afford.
//!
//! KID is the squared maximum mean discrepancy (MMD²) with the cubic polynomial kernel
//! k(x, y) = (x·y / d + 1)^3, estimated by the unbiased U-statistic (which can be negative) on
//! `num_subsets` random subsets of `subset_size` real and `subset_size` fake rows, as torch-fidelity
//! does (defaults: 100 subsets of 1,000). Sums run in `f64` in a fixed order and the subsets come
//! from a seeded ChaCha8 stream, so the same input and seed give the same result bit for bit.

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};

use super::{EvalError, Features, validate_real_and_fake};

/// Kernel values are computed once for all pairs of rows when there are at most this many pairs
/// (64 MiB of `f64`, enough for 2,048 real + 2,048 fake rows); above it, once per subset, which
/// costs about 25 times more at the default settings (seconds instead of a fraction of one).
const MAX_CACHED_PAIRS: usize = 1 << 23;

/// Settings of [`kid`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KidSettings {
    /// Random subsets the estimate is averaged over (at least 1).
    pub num_subsets: usize,
    /// Rows drawn from each side per subset (at least 2), clipped to the smaller set.
    pub subset_size: usize,
    /// Seed of the ChaCha8 stream that draws the subsets.
    pub seed: u64,
}

impl Default for KidSettings {
    /// torch-fidelity's defaults (`kid_subsets = 100`, `kid_subset_size = 1000`), seed 0.
    fn default() -> Self {
        Self {
            num_subsets: 100,
            subset_size: 1000,
            seed: 0,
        }
    }
}

/// KID as the mean and spread of the unbiased MMD² over random subsets.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct KidResult {
    /// Mean of the per-subset unbiased MMD² estimates; it can be slightly negative when the two
    /// sets come from one distribution.
    pub mean: f64,
    /// Sample standard deviation (divisor `num_subsets − 1`) of the per-subset estimates; 0 with
    /// one subset, and 0 when `subset_size` takes every row of both sets (all subsets are then the
    /// same). torch-fidelity reports the population one (divisor `num_subsets`). Subsets overlap,
    /// so `std / sqrt(num_subsets)` understates the uncertainty of `mean`.
    pub std: f64,
    /// Subsets the estimate is averaged over.
    pub num_subsets: usize,
    /// Rows per side in each subset, after clipping to the smaller set.
    pub subset_size: usize,
}

/// The Kernel Inception Distance between `real` and `fake` rows (any features, same `dim`): the
/// unbiased MMD² with the kernel (x·y / d + 1)^3 on `num_subsets` subsets, each drawn without
/// replacement on either side, of `min(subset_size, real rows, fake rows)` rows per side.
///
/// Refuses sets of different dimensions, fewer than 2 rows on either side, non-finite values,
/// `num_subsets = 0` and `subset_size < 2`.
pub fn kid(
    real: &Features,
    fake: &Features,
    settings: KidSettings,
) -> Result<KidResult, EvalError> {
    kid_with_cache_limit(real, fake, settings, MAX_CACHED_PAIRS)
}

/// [`kid`] caching the kernel values when there are at most `max_cached_pairs` pairs of rows.
fn kid_with_cache_limit(
    real: &Features,
    fake: &Features,
    settings: KidSettings,
    max_cached_pairs: usize,
) -> Result<KidResult, EvalError> {
    validate_kid_input(real, fake, settings)?;
    let subset_size = settings.subset_size.min(real.len()).min(fake.len());
    let kernels = Kernels::new(real, fake, max_cached_pairs);
    let mut rng = ChaCha8Rng::seed_from_u64(settings.seed);
    let mut real_order: Vec<usize> = (0..real.len()).collect();
    // Fake rows follow the real ones in the stacked numbering of `Kernels`.
    let mut fake_order: Vec<usize> = (real.len()..real.len() + fake.len()).collect();
    let estimates: Vec<f64> = (0..settings.num_subsets)
        .map(|_| {
            let real_subset = draw_subset(&mut real_order, subset_size, &mut rng);
            let fake_subset = draw_subset(&mut fake_order, subset_size, &mut rng);
            kernels.unbiased_mmd2(&real_subset, &fake_subset)
        })
        .collect();
    let (mean, std) = mean_and_sample_std(&estimates);
    Ok(KidResult {
        mean,
        std,
        num_subsets: settings.num_subsets,
        subset_size,
    })
}

/// Checks settings, shapes and values of [`kid`].
fn validate_kid_input(
    real: &Features,
    fake: &Features,
    settings: KidSettings,
) -> Result<(), EvalError> {
    if settings.num_subsets == 0 {
        return Err(EvalError::InvalidSetting {
            name: "num_subsets",
            value: 0.0,
            requirement: "at least 1",
        });
    }
    if settings.subset_size < 2 {
        return Err(EvalError::InvalidSetting {
            name: "subset_size",
            value: settings.subset_size as f32,
            requirement: "at least 2 (the unbiased estimate needs pairs of rows)",
        });
    }
    validate_real_and_fake(real, fake, 2)
}

/// Kernel values between the stacked rows `[real; fake]` (fake row `j` is row `real.len() + j`).
struct Kernels<'a> {
    real: &'a Features,
    fake: &'a Features,
    /// k(a, b) for every pair a < b, row after row (row `a` holds `b = a + 1 .. total`), when small
    /// enough to keep.
    cache: Option<Vec<f64>>,
}

impl<'a> Kernels<'a> {
    /// Computes and keeps every pair's kernel value if there are at most `max_cached_pairs` pairs.
    fn new(real: &'a Features, fake: &'a Features, max_cached_pairs: usize) -> Self {
        let mut kernels = Self {
            real,
            fake,
            cache: None,
        };
        let total = kernels.total();
        // `checked_mul`: on wasm32 `usize` is 32 bits, and total² overflows past 65,535 rows.
        let num_pairs = total.checked_mul(total - 1).map(|twice| twice / 2);
        if let Some(num_pairs) = num_pairs.filter(|&pairs| pairs <= max_cached_pairs) {
            let mut cache = Vec::with_capacity(num_pairs);
            for a in 0..total {
                let row = kernels.row(a);
                cache.extend((a + 1..total).map(|b| polynomial_kernel(row, kernels.row(b))));
            }
            kernels.cache = Some(cache);
        }
        kernels
    }

    /// The number of stacked rows.
    fn total(&self) -> usize {
        self.real.len() + self.fake.len()
    }

    /// Stacked row `index`.
    fn row(&self, index: usize) -> &[f32] {
        match index.checked_sub(self.real.len()) {
            Some(fake_index) => self.fake.row(fake_index),
            None => self.real.row(index),
        }
    }

    /// Σ k(a, b) over `later` in order; every `b` in `later` is greater than `a`.
    fn sum_after(&self, a: usize, later: &[usize]) -> f64 {
        match &self.cache {
            Some(cache) => {
                let total = self.total();
                // Rows 0..a hold (total - 1) + ... + (total - a) pairs.
                let start = a * (2 * total - a - 1) / 2;
                let row = &cache[start..start + total - a - 1];
                later.iter().map(|&b| row[b - a - 1]).sum()
            }
            None => {
                let x = self.row(a);
                later
                    .iter()
                    .map(|&b| polynomial_kernel(x, self.row(b)))
                    .sum()
            }
        }
    }

    /// Σ over pairs i ≠ j of `subset` (sorted ascending) of k(x_i, x_j).
    fn off_diagonal_sum(&self, subset: &[usize]) -> f64 {
        let upper: f64 = (0..subset.len())
            .map(|i| self.sum_after(subset[i], &subset[i + 1..]))
            .sum();
        2.0 * upper
    }

    /// The unbiased MMD² (Gretton et al. 2012, Lemma 6) of two sorted subsets of equal size m:
    /// Σ_{i≠j} k(x_i, x_j) / (m(m−1)) + Σ_{i≠j} k(y_i, y_j) / (m(m−1)) − 2 Σ_{i,j} k(x_i, y_j) / m².
    fn unbiased_mmd2(&self, real_subset: &[usize], fake_subset: &[usize]) -> f64 {
        let m = real_subset.len() as f64;
        let within = self.off_diagonal_sum(real_subset) + self.off_diagonal_sum(fake_subset);
        // Every real index is below every fake index, so each real row sums over the fake subset.
        let across: f64 = real_subset
            .iter()
            .map(|&a| self.sum_after(a, fake_subset))
            .sum();
        within / (m * (m - 1.0)) - 2.0 * across / (m * m)
    }
}

/// The cubic polynomial kernel of KID: (x·y / d + 1)^3, with the dot product in `f64`.
fn polynomial_kernel(x: &[f32], y: &[f32]) -> f64 {
    let base = dot_f64(x, y) / x.len() as f64 + 1.0;
    base * base * base
}

/// The dot product in `f64`, summed in four fixed lanes and then in a fixed order.
fn dot_f64(a: &[f32], b: &[f32]) -> f64 {
    let mut lanes = [0.0f64; 4];
    let (a_chunks, a_rest) = a.as_chunks::<4>();
    let (b_chunks, b_rest) = b.as_chunks::<4>();
    for (x, y) in a_chunks.iter().zip(b_chunks) {
        for ((lane, &xa), &yb) in lanes.iter_mut().zip(x).zip(y) {
            *lane += f64::from(xa) * f64::from(yb);
        }
    }
    let mut sum = (lanes[0] + lanes[2]) + (lanes[1] + lanes[3]);
    for (&x, &y) in a_rest.iter().zip(b_rest) {
        sum += f64::from(x) * f64::from(y);
    }
    sum
}

/// A uniformly random `size`-subset of `order`'s entries, sorted ascending (so cached kernel values
/// are read forwards). A partial Fisher–Yates shuffle; `order` keeps its shuffled state, which is
/// still a valid start for the next draw.
fn draw_subset(order: &mut [usize], size: usize, rng: &mut ChaCha8Rng) -> Vec<usize> {
    for i in 0..size {
        let j = rng.random_range(i..order.len());
        order.swap(i, j);
    }
    let mut subset = order[..size].to_vec();
    subset.sort_unstable();
    subset
}

/// The mean and the sample standard deviation (divisor n − 1; 0 for one value) of `values`.
fn mean_and_sample_std(values: &[f64]) -> (f64, f64) {
    let count = values.len() as f64;
    let mean = values.iter().sum::<f64>() / count;
    if values.len() < 2 {
        return (mean, 0.0);
    }
    let squares: f64 = values.iter().map(|v| (v - mean) * (v - mean)).sum();
    (mean, (squares / (count - 1.0)).sqrt())
}

#[cfg(test)]
#[path = "kid_tests.rs"]
mod tests;
