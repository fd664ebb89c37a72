//! The two-sided sign-flip (paired permutation) test behind the p-value of an NDA arm against its
//! baseline over seeds ([`super::paired`]; evaluation reference, "Comparing NDA with the baseline").
//!
//! Under "NDA makes no difference" each per-seed difference `nda − baseline` is as likely positive as
//! negative, so every assignment of signs to the differences is equally likely; p is the fraction of
//! assignments whose |sum| reaches the observed |sum|. Exact over all 2^S assignments up to
//! [`MAX_EXACT_PAIRS`] seeds; above, [`MONTE_CARLO_DRAWS`] random assignments from a fixed seed.
//! Standard library only and deterministic.

use serde::{Deserialize, Serialize};

/// Up to this many seeds the sign-flip p-value enumerates all 2^S sign assignments exactly
/// (2^20 ≈ 10^6 sums, a few milliseconds); above, it draws [`MONTE_CARLO_DRAWS`] of them.
pub const MAX_EXACT_PAIRS: usize = 20;
/// Random sign assignments drawn above [`MAX_EXACT_PAIRS`] seeds; the p-value's standard error is
/// then at most 0.0016.
pub const MONTE_CARLO_DRAWS: usize = 100_000;
/// The fixed seed of the Monte Carlo draws, so the same differences always give the same p.
const MONTE_CARLO_SEED: u64 = 0x5EED_5167_0F11_9000;
/// Sums within this fraction of Σ|dᵢ| (the scale of every rounding error in them) of the observed
/// one count as equal to it.
const RELATIVE_TOLERANCE: f64 = 1e-12;

/// How the sign-flip p-value was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignFlipMethod {
    /// All 2^S sign assignments (S ≤ [`MAX_EXACT_PAIRS`]).
    Exact,
    /// `draws` random sign assignments from a fixed seed, p = (1 + hits) / (1 + draws).
    MonteCarlo {
        /// Number of random sign assignments.
        draws: usize,
    },
}

impl SignFlipMethod {
    /// The smallest p-value this method can give for `num_values` differences: 2 / 2^S when exact
    /// (5 seeds: 0.0625, 6: 0.03125, 8: 0.0078125), 1 / (draws + 1) for Monte Carlo.
    pub fn min_p_value(self, num_values: usize) -> f64 {
        match self {
            SignFlipMethod::Exact => 0.5f64.powi(num_values.saturating_sub(1).min(1100) as i32),
            SignFlipMethod::MonteCarlo { draws } => 1.0 / (draws as f64 + 1.0),
        }
    }
}

/// The two-sided sign-flip p-value of `differences` (finite; `nda − baseline` per seed) and how it
/// was computed: the fraction of sign assignments whose |sum| is at least the observed |sum|, the
/// observed assignment included, so p is never 0. Sums within 1e-12 · Σ|dᵢ| of the observed one
/// count as reaching it (rounding must not decide). All differences 0 give p = 1; a NaN or
/// infinite difference gives p = NaN (never a p that would look like evidence).
pub fn sign_flip_p_value(differences: &[f64]) -> (f64, SignFlipMethod) {
    let method = if differences.len() <= MAX_EXACT_PAIRS {
        SignFlipMethod::Exact
    } else {
        SignFlipMethod::MonteCarlo {
            draws: MONTE_CARLO_DRAWS,
        }
    };
    let scale: f64 = differences.iter().map(|d| d.abs()).sum();
    if !scale.is_finite() {
        return (f64::NAN, method);
    }
    let tolerance = RELATIVE_TOLERANCE * scale;
    let p_value = match method {
        SignFlipMethod::Exact => exact_sign_flip(differences, tolerance),
        SignFlipMethod::MonteCarlo { draws } => {
            monte_carlo_sign_flip(differences, tolerance, draws)
        }
    };
    (p_value, method)
}

/// The fraction of all 2^S sign assignments whose |sum| is at least the observed |sum| − tolerance.
///
/// Meet in the middle: each sum is one half's sum plus the other's, both computed directly in a
/// fixed order, so no rounding error accumulates. Index 0 of each half is the observed signs.
fn exact_sign_flip(differences: &[f64], tolerance: f64) -> f64 {
    let (front, back) = differences.split_at(differences.len() / 2);
    let (front_sums, back_sums) = (signed_sums(front), signed_sums(back));
    let threshold = (front_sums[0] + back_sums[0]).abs() - tolerance;
    let mut hits: u64 = 0;
    for front_sum in &front_sums {
        for back_sum in &back_sums {
            hits += u64::from((front_sum + back_sum).abs() >= threshold);
        }
    }
    hits as f64 / (front_sums.len() * back_sums.len()) as f64
}

/// The sums of `values` under every sign assignment: bit i of the index set flips value i.
fn signed_sums(values: &[f64]) -> Vec<f64> {
    (0..1usize << values.len())
        .map(|mask| {
            values
                .iter()
                .enumerate()
                .map(|(i, v)| if mask >> i & 1 == 1 { -v } else { *v })
                .sum()
        })
        .collect()
}

/// (1 + hits) / (1 + draws) over `draws` random sign assignments from [`MONTE_CARLO_SEED`]: a
/// valid p-value estimate (Phipson & Smyth, 2010) that never claims 0.
fn monte_carlo_sign_flip(differences: &[f64], tolerance: f64, draws: usize) -> f64 {
    let threshold = differences.iter().sum::<f64>().abs() - tolerance;
    let mut state = MONTE_CARLO_SEED;
    let mut hits: u64 = 0;
    for _ in 0..draws {
        let mut sum = 0.0;
        for chunk in differences.chunks(64) {
            let bits = split_mix_64(&mut state);
            for (i, d) in chunk.iter().enumerate() {
                sum += if bits >> i & 1 == 1 { -d } else { *d };
            }
        }
        hits += u64::from(sum.abs() >= threshold);
    }
    (1 + hits) as f64 / (1 + draws) as f64
}

/// SplitMix64 (Steele, Lea & Flood, 2014): a tiny, well-mixed generator, enough for sign bits.
fn split_mix_64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Signed sums ±1 ±2 ±3: 6, 4, 2, 0, 0, −2, −4, −6; |sum| ≥ 6 for 2 of 8.
    #[test]
    fn one_two_three_by_hand() {
        assert_eq!(
            sign_flip_p_value(&[1.0, 2.0, 3.0]),
            (0.25, SignFlipMethod::Exact)
        );
        // Observed 1 + 2 − 3 = 0: every assignment reaches it.
        assert_eq!(sign_flip_p_value(&[1.0, 2.0, -3.0]).0, 1.0);
        // Observed 1 + 3 − 2 = 2; |sums| 6, 2, 0, 4 (twice each): 6 of 8 reach 2.
        assert_eq!(sign_flip_p_value(&[1.0, 3.0, -2.0]).0, 0.75);
    }

    #[test]
    fn all_zero_differences_give_p_one() {
        assert_eq!(sign_flip_p_value(&[0.0; 5]), (1.0, SignFlipMethod::Exact));
    }

    #[test]
    fn non_finite_differences_give_nan_not_a_small_p() {
        assert!(sign_flip_p_value(&[1.0, f64::NAN, 2.0]).0.is_nan());
        assert!(sign_flip_p_value(&[1.0, f64::INFINITY]).0.is_nan());
        assert!(sign_flip_p_value(&[f64::MAX, f64::MAX]).0.is_nan());
    }

    #[test]
    fn smallest_p_values_for_a_few_seeds() {
        let exact = SignFlipMethod::Exact;
        assert_eq!(exact.min_p_value(5), 0.0625);
        assert_eq!(exact.min_p_value(6), 0.03125);
        assert_eq!(exact.min_p_value(8), 0.0078125);
    }

    /// Equal |sums| that rounding makes unequal still count as reaching the observed one. The
    /// decimal-exact count, in Python with `fractions.Fraction(str(v))` over
    /// `itertools.product([1, -1], repeat=6)`, is 34 of 64; these half sums compared without the
    /// tolerance find only 30.
    #[test]
    fn rounding_ties_count_as_reaching_the_observed_sum() {
        let differences = [-0.8, -0.5, -0.4, 0.5, 0.5, -0.3];
        assert_eq!(
            sign_flip_p_value(&differences),
            (34.0 / 64.0, SignFlipMethod::Exact)
        );
    }

    /// Exact reference by enumeration in numpy (meet in the middle over 11 + 11 values):
    /// ```python
    /// fs, bs = (np.array(list(itertools.product([1, -1], repeat=11))) @ h for h in (d[:11], d[11:]))
    /// hits = sum(int((np.abs(f + bs) >= abs(d.sum()) - 1e-12 * np.abs(d).sum()).sum()) for f in fs)
    /// ```
    /// gives 234488 of 2^22, p = 0.05590629577636719.
    #[test]
    fn monte_carlo_above_twenty_seeds_is_close_to_the_exact_p_and_repeatable() {
        let differences = [
            0.3, -0.1, 0.5, 0.2, -0.4, 0.6, 0.1, -0.2, 0.35, 0.05, -0.15, 0.25, 0.45, -0.3, 0.15,
            0.2, -0.05, 0.4, 0.1, -0.25, 0.3, 0.12,
        ];
        let (p_value, method) = sign_flip_p_value(&differences);
        let draws = MONTE_CARLO_DRAWS;
        assert_eq!(method, SignFlipMethod::MonteCarlo { draws });
        // Standard error √(p (1 − p) / 100000) ≈ 0.00073; allow 5 of them.
        assert!((p_value - 0.05590629577636719).abs() < 0.0037, "{p_value}");
        assert_eq!(method.min_p_value(differences.len()), 1.0 / 100_001.0);
        assert_eq!(sign_flip_p_value(&differences), (p_value, method));
    }

    #[test]
    fn twenty_seeds_are_still_enumerated_exactly() {
        let differences: Vec<f64> = (1..=20).map(f64::from).collect();
        let expected = 2.0 / f64::from(1 << 20);
        assert_eq!(
            sign_flip_p_value(&differences),
            (expected, SignFlipMethod::Exact)
        );
        assert_eq!(SignFlipMethod::Exact.min_p_value(20), expected);
    }
}
