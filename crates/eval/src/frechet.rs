//! The Fréchet distance between Gaussians fitted to real and fake features (Dowson & Landau 1982;
//! Heusel et al. 2017, arXiv 1706.08500, where it is FID on Inception features): the sample-quality
//! number Sinha et al. (ICLR 2021) report for their GANs, here on the features of an in-page
//! network since NDA Lab cannot load Inception.
//!
//! FD = ||μ_r − μ_f||² + Tr(Σ_r + Σ_f − 2 (Σ_r Σ_f)^{1/2}). The trace of the square root comes
//! from two symmetric eigen-decompositions (the Jacobi method of `symmetric_eigen.rs`): Σ_r^{1/2}
//! from the first, then Tr((Σ_r Σ_f)^{1/2}) = Σ_k sqrt(λ_k) over the eigenvalues λ_k of the symmetric
//! positive semi-definite Σ_r^{1/2} Σ_f Σ_r^{1/2}, which has the same eigenvalues as Σ_r Σ_f.
//! Rounding can make tiny eigenvalues negative; they are taken as 0.
//!
//! FD estimated from samples is biased: its expected value shrinks towards the true distance as the
//! sample count N grows, at a rate that depends on the model (Bińkowski et al. 2018, arXiv
//! 1801.01401; Chong & Forsyth 2020, arXiv 1911.07023). Only compare distances computed with the
//! same N: the result records the counts used.

use serde::{Deserialize, Serialize};

use super::symmetric_eigen::{symmetric_eigen, symmetric_eigenvalues};
use super::{EvalError, Features, validate_real_and_fake};

/// A Fréchet distance and the sample counts it was estimated from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FrechetResult {
    /// ||μ_r − μ_f||² + Tr(Σ_r + Σ_f − 2 (Σ_r Σ_f)^{1/2}), at least 0.
    pub distance: f64,
    /// Real rows the Gaussian was fitted to (the distance is biased by this count).
    pub num_real: usize,
    /// Fake rows the Gaussian was fitted to (the distance is biased by this count).
    pub num_fake: usize,
}

/// The Fréchet distance between the Gaussians fitted to `real` and `fake` rows (sample means and
/// unbiased covariances, divisor N − 1), in `f64`.
///
/// Refuses sets of different dimensions, fewer than 2 rows on either side and non-finite values.
/// Cost: O(N d²) for the covariances and O(d³) per Jacobi sweep (about 10 sweeps).
pub fn frechet_distance(real: &Features, fake: &Features) -> Result<FrechetResult, EvalError> {
    validate_frechet_input(real, fake)?;
    let dim = real.dim;
    let real_fit = GaussianFit::of(real);
    let fake_fit = GaussianFit::of(fake);
    let mean_term: f64 = real_fit
        .mean
        .iter()
        .zip(&fake_fit.mean)
        .map(|(a, b)| (a - b) * (a - b))
        .sum();
    let root_trace = trace_sqrt_product(&real_fit.covariance, &fake_fit.covariance, dim);
    let covariance_term =
        trace(&real_fit.covariance, dim) + trace(&fake_fit.covariance, dim) - 2.0 * root_trace;
    // The covariance term is the squared Wasserstein-2 distance of the centred Gaussians, so it is
    // never negative; rounding can push it a hair below 0 when the covariances agree.
    Ok(FrechetResult {
        distance: mean_term + covariance_term.max(0.0),
        num_real: real.len(),
        num_fake: fake.len(),
    })
}

/// Checks shapes and values of [`frechet_distance`].
fn validate_frechet_input(real: &Features, fake: &Features) -> Result<(), EvalError> {
    validate_real_and_fake(real, fake, 2)
}

/// The mean and unbiased covariance of a set of rows.
#[derive(Debug, Clone, PartialEq)]
struct GaussianFit {
    /// The mean row: `[dim]`.
    mean: Vec<f64>,
    /// Row-major `[dim, dim]` covariance with divisor N − 1 (exactly symmetric).
    covariance: Vec<f64>,
}

impl GaussianFit {
    /// The sample mean and unbiased covariance of `features` (at least 2 rows), summed in row order.
    fn of(features: &Features) -> Self {
        let dim = features.dim;
        let count = features.len() as f64;
        let mut mean = vec![0.0; dim];
        for row in features.values.chunks_exact(dim) {
            for (m, &x) in mean.iter_mut().zip(row) {
                *m += f64::from(x);
            }
        }
        mean.iter_mut().for_each(|m| *m /= count);
        let mut covariance = vec![0.0; dim * dim];
        let mut centred = vec![0.0; dim];
        for row in features.values.chunks_exact(dim) {
            for ((c, &x), m) in centred.iter_mut().zip(row).zip(&mean) {
                *c = f64::from(x) - m;
            }
            // Upper triangle only; mirrored below.
            for (i, &ci) in centred.iter().enumerate() {
                let out = &mut covariance[i * dim + i..(i + 1) * dim];
                for (o, &cj) in out.iter_mut().zip(&centred[i..]) {
                    *o += ci * cj;
                }
            }
        }
        for i in 0..dim {
            for j in i..dim {
                let value = covariance[i * dim + j] / (count - 1.0);
                covariance[i * dim + j] = value;
                covariance[j * dim + i] = value;
            }
        }
        Self { mean, covariance }
    }
}

/// Tr((A B)^{1/2}) for symmetric positive semi-definite row-major `[dim, dim]` `a` and `b`:
/// the sum of the square roots of the eigenvalues of A^{1/2} B A^{1/2}.
fn trace_sqrt_product(a: &[f64], b: &[f64], dim: usize) -> f64 {
    let root = psd_sqrt(a, dim);
    let mut sandwich = multiply(&multiply(&root, b, dim), &root, dim);
    symmetrise(&mut sandwich, dim);
    symmetric_eigenvalues(&sandwich, dim)
        .iter()
        .map(|&value| value.max(0.0).sqrt())
        .sum()
}

/// The symmetric square root V diag(sqrt(max(λ, 0))) Vᵀ of a symmetric positive semi-definite
/// matrix.
fn psd_sqrt(matrix: &[f64], dim: usize) -> Vec<f64> {
    let eigen = symmetric_eigen(matrix, dim);
    let roots: Vec<f64> = eigen.values.iter().map(|v| v.max(0.0).sqrt()).collect();
    let v = &eigen.vectors;
    let mut out = vec![0.0; dim * dim];
    for i in 0..dim {
        for j in i..dim {
            let value: f64 = (0..dim)
                .map(|k| v[i * dim + k] * roots[k] * v[j * dim + k])
                .sum();
            out[i * dim + j] = value;
            out[j * dim + i] = value;
        }
    }
    out
}

/// The product of two row-major `[dim, dim]` matrices (i-k-j order, so the inner loop runs along
/// rows).
fn multiply(a: &[f64], b: &[f64], dim: usize) -> Vec<f64> {
    let mut out = vec![0.0; dim * dim];
    for (out_row, a_row) in out.chunks_exact_mut(dim).zip(a.chunks_exact(dim)) {
        for (&aik, b_row) in a_row.iter().zip(b.chunks_exact(dim)) {
            for (o, &bkj) in out_row.iter_mut().zip(b_row) {
                *o += aik * bkj;
            }
        }
    }
    out
}

/// Replaces a nearly symmetric matrix by its symmetric part (A + Aᵀ) / 2, removing rounding.
fn symmetrise(m: &mut [f64], dim: usize) {
    for i in 0..dim {
        for j in i + 1..dim {
            let value = 0.5 * (m[i * dim + j] + m[j * dim + i]);
            m[i * dim + j] = value;
            m[j * dim + i] = value;
        }
    }
}

/// The trace of a row-major `[dim, dim]` matrix.
fn trace(m: &[f64], dim: usize) -> f64 {
    (0..dim).map(|i| m[i * dim + i]).sum()
}

#[cfg(test)]
#[path = "frechet_tests.rs"]
mod tests;
