//! Statistics of a paired comparison of an NDA arm with its baseline over seeds: the per-metric
//! report of the evaluation reference ("Comparing NDA with the baseline") behind every claim that
//! NDA (Sinha et al., ICLR 2021) helps or not.
//!
//! The same seed gives both runs the same initial weights, data order and noise, so the per-seed
//! difference `nda − baseline` cancels the seed's own luck. [`compare_paired`] reports the mean
//! difference Δ with a 95 % Student t interval, wins k of S, the two-sided sign-flip (paired
//! permutation) p-value, the effect size d_z = Δ / sd and the smallest p that S seeds can reach at
//! all (2 / 2^S: 5 seeds cannot reach 0.05). [`holm`] corrects the p-values of the metrics that
//! were not named primary before the study ran.
//!
//! Standard library only and deterministic: fixed summation orders and, above 20 seeds, a fixed
//! Monte Carlo seed ([`super::sign_flip`]).

use serde::{Deserialize, Serialize};

use super::EvalError;
use super::sign_flip::{SignFlipMethod, sign_flip_p_value};
use super::student_t::student_t_quantile;

/// Coverage of the interval around the mean difference.
pub const CONFIDENCE_LEVEL: f64 = 0.95;

/// Which way a metric improves, so wins and the wording follow the metric's own terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    /// Larger is better (k-NN accuracy, probe accuracy, Inception score).
    HigherIsBetter,
    /// Smaller is better (KID, FID, loss).
    LowerIsBetter,
}

impl Direction {
    /// Whether `nda` is strictly better than `baseline` in this direction.
    pub fn is_better(self, nda: f64, baseline: f64) -> bool {
        match self {
            Direction::HigherIsBetter => nda > baseline,
            Direction::LowerIsBetter => nda < baseline,
        }
    }
}

/// A closed interval `[low, high]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    /// Lower end.
    pub low: f64,
    /// Upper end.
    pub high: f64,
}

/// The statistics of one metric compared between an NDA arm and its baseline over seeds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairedComparison {
    /// The metric's direction, which defines wins and losses.
    pub direction: Direction,
    /// S: seeds where both runs ended finite; every statistic below uses only these.
    pub num_pairs: usize,
    /// Seeds left out because at least one of the two runs ended NaN or infinite (diverged).
    pub num_diverged: usize,
    /// Of those, seeds where the NDA run diverged.
    pub num_nda_diverged: usize,
    /// Of those, seeds where the baseline run diverged.
    pub num_baseline_diverged: usize,
    /// Δ: the mean of `nda − baseline` (negative means NDA is lower, whichever is better).
    pub mean_difference: f64,
    /// The sample standard deviation (n − 1) of the differences.
    pub sd_difference: f64,
    /// The [`CONFIDENCE_LEVEL`] Student t interval (S − 1 degrees of freedom) around Δ.
    pub interval: Interval,
    /// Seeds where NDA is strictly better in the metric's direction.
    pub num_wins: usize,
    /// Seeds where NDA is strictly worse.
    pub num_losses: usize,
    /// Seeds where both runs gave exactly the same value.
    pub num_ties: usize,
    /// Two-sided sign-flip p-value: the fraction of sign assignments of the differences whose
    /// |mean| is at least the observed |Δ| (the observed assignment included).
    pub p_value: f64,
    /// How [`PairedComparison::p_value`] was computed.
    pub method: SignFlipMethod,
    /// d_z = Δ / sd; `None` when all differences are equal (sd = 0).
    pub effect_size: Option<f64>,
    /// The smallest p-value the method can give with these seeds: 2 / 2^S when exact.
    pub min_p_value: f64,
}

/// Compares an NDA arm with its baseline from one `(nda, baseline)` pair of metric values per seed.
///
/// Pairs with a NaN or infinite value (diverged runs) are counted in
/// [`PairedComparison::num_diverged`] and left out. Refuses fewer than 2 finite pairs, and metric
/// values so large that their differences or sums overflow.
pub fn compare_paired(
    pairs: &[(f64, f64)],
    direction: Direction,
) -> Result<PairedComparison, EvalError> {
    let split = split_diverged(pairs);
    let num_pairs = split.differences.len();
    if num_pairs < 2 {
        return Err(EvalError::TooFewFinitePairs {
            num_finite: num_pairs,
            num_diverged: split.num_diverged,
        });
    }
    let (mean_difference, sd_difference) = mean_and_sd(&split.differences)?;
    let sd_difference = without_rounding_noise(sd_difference, pairs);
    let t = student_t_quantile(0.5 + CONFIDENCE_LEVEL / 2.0, (num_pairs - 1) as f64)?;
    let half_width = t * sd_difference / (num_pairs as f64).sqrt();
    // nda − baseline is 0 exactly when the finite values are equal (subnormals keep it nonzero).
    let differences = &split.differences;
    let num_wins = differences
        .iter()
        .filter(|&&d| direction.is_better(d, 0.0))
        .count();
    let num_ties = differences.iter().filter(|&&d| d == 0.0).count();
    let (p_value, method) = sign_flip_p_value(differences);
    Ok(PairedComparison {
        direction,
        num_pairs,
        num_diverged: split.num_diverged,
        num_nda_diverged: split.num_nda_diverged,
        num_baseline_diverged: split.num_baseline_diverged,
        mean_difference,
        sd_difference,
        interval: Interval {
            low: mean_difference - half_width,
            high: mean_difference + half_width,
        },
        num_wins,
        num_losses: num_pairs - num_wins - num_ties,
        num_ties,
        p_value,
        method,
        effect_size: (sd_difference > 0.0).then(|| mean_difference / sd_difference),
        min_p_value: method.min_p_value(num_pairs),
    })
}

/// `sd` of the differences, or 0 when it is below what rounding alone makes of equal
/// differences: 0.175 − 0.2 and 0.075 − 0.1 differ in their last bits, and a "spread" of 1e-17
/// would give a zero-width interval 12 decimals long and a d_z of −2·10^15 instead of none.
fn without_rounding_noise(sd: f64, pairs: &[(f64, f64)]) -> f64 {
    let scale = pairs
        .iter()
        .flat_map(|&(nda, baseline)| [nda, baseline])
        .filter(|value| value.is_finite())
        .fold(0.0_f64, |largest, value| largest.max(value.abs()));
    if sd <= 16.0 * f64::EPSILON * scale {
        0.0
    } else {
        sd
    }
}

/// Holm–Bonferroni adjusted p-values, in the input order: sorted ascending, the i-th smallest
/// (from 0) is multiplied by m − i, made non-decreasing by a running maximum and capped at 1.
///
/// Ties keep their input order. A NaN input stays NaN at its position and is ranked last.
pub fn holm(p_values: &[f64]) -> Vec<f64> {
    let num_tests = p_values.len();
    let mut order: Vec<usize> = (0..num_tests).collect();
    // NaN ranks last; `sort_by` is stable, so ties keep their input order.
    order.sort_by(|&a, &b| {
        let (pa, pb) = (p_values[a], p_values[b]);
        pa.is_nan().cmp(&pb.is_nan()).then(pa.total_cmp(&pb))
    });
    let mut adjusted = vec![f64::NAN; num_tests];
    let mut running_max = 0.0f64;
    for (rank, &index) in order.iter().enumerate() {
        let p = p_values[index];
        if p.is_nan() {
            continue;
        }
        running_max = running_max.max(((num_tests - rank) as f64 * p).min(1.0));
        adjusted[index] = running_max;
    }
    adjusted
}

/// The finite differences and the counts of diverged pairs.
struct SplitPairs {
    differences: Vec<f64>,
    num_diverged: usize,
    num_nda_diverged: usize,
    num_baseline_diverged: usize,
}

/// Separates finite pairs (as differences `nda − baseline`, in input order) from diverged ones.
fn split_diverged(pairs: &[(f64, f64)]) -> SplitPairs {
    let mut split = SplitPairs {
        differences: Vec::with_capacity(pairs.len()),
        num_diverged: 0,
        num_nda_diverged: 0,
        num_baseline_diverged: 0,
    };
    for &(nda, baseline) in pairs {
        if nda.is_finite() && baseline.is_finite() {
            split.differences.push(nda - baseline);
        } else {
            split.num_diverged += 1;
            split.num_nda_diverged += usize::from(!nda.is_finite());
            split.num_baseline_diverged += usize::from(!baseline.is_finite());
        }
    }
    split
}

/// The mean and the sample standard deviation (n − 1) of at least two differences; refuses
/// differences whose sums overflow.
///
/// The mean is taken relative to the first difference, so equal differences give exactly that
/// value and an sd of exactly 0.
fn mean_and_sd(differences: &[f64]) -> Result<(f64, f64), EvalError> {
    let count = differences.len() as f64;
    let first = differences[0];
    let shift: f64 = differences.iter().map(|d| d - first).sum::<f64>() / count;
    let mean = first + shift;
    let squares: f64 = differences.iter().map(|d| (d - mean) * (d - mean)).sum();
    let sd = (squares / (count - 1.0)).sqrt();
    // Σ|dᵢ| bounds every signed sum the sign-flip test forms, so it must be finite too.
    let scale: f64 = differences.iter().map(|d| d.abs()).sum();
    if !scale.is_finite() || !mean.is_finite() || !sd.is_finite() {
        return Err(EvalError::Overflow {
            what: "difference between NDA and baseline values",
        });
    }
    Ok((mean, sd))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compare(pairs: &[(f64, f64)], direction: Direction) -> PairedComparison {
        compare_paired(pairs, direction).expect("enough finite pairs")
    }

    /// Pairs `(d, 0)` whose differences are exactly `differences`.
    fn from_differences(differences: &[f64]) -> Vec<(f64, f64)> {
        differences.iter().map(|&d| (d, 0.0)).collect()
    }

    fn assert_close(found: f64, expected: f64, tolerance: f64) {
        assert!(
            (found - expected).abs() <= tolerance,
            "{found} vs {expected} (tolerance {tolerance})"
        );
    }

    #[test]
    fn differences_one_two_three_by_hand() {
        let result = compare(
            &from_differences(&[1.0, 2.0, 3.0]),
            Direction::HigherIsBetter,
        );
        assert_eq!(result.num_pairs, 3);
        assert_eq!(result.mean_difference, 2.0);
        assert_eq!(result.sd_difference, 1.0);
        // t_{0.975, 2} = 0.95 / √(2 · 0.975 · 0.025) = 4.302652729749464 (closed form for ν = 2;
        // the often-quoted 4.302652729911275 is off by 1.6e-10), half-width t · 1 / √3.
        let half_width = 4.302652729749464 * 0.5773502691896258;
        assert_close(result.interval.low, 2.0 - half_width, 1e-12);
        assert_close(result.interval.high, 2.0 + half_width, 1e-12);
        // Signed sums ±1 ±2 ±3: 6, 4, 2, 0, 0, −2, −4, −6; |sum| ≥ 6 for 2 of 8.
        assert_eq!(result.p_value, 0.25);
        assert_eq!(result.method, SignFlipMethod::Exact);
        assert_eq!(result.effect_size, Some(2.0));
        assert_eq!(result.min_p_value, 0.25);
        assert_eq!(
            (result.num_wins, result.num_losses, result.num_ties),
            (3, 0, 0)
        );
        assert_eq!(result.num_diverged, 0);
    }

    /// Reference numbers from scipy 1.17.1 / numpy 2.4.6, Python run once and pasted here:
    /// ```python
    /// import itertools, numpy as np
    /// from scipy import stats
    /// nda  = [0.041, 0.038, 0.045, 0.036, 0.040, 0.043, 0.044, 0.039]
    /// base = [0.052, 0.047, 0.049, 0.050, 0.046, 0.055, 0.041, 0.048]
    /// d = np.array(nda) - np.array(base)
    /// S = len(d); mean = d.mean(); sd = d.std(ddof=1)
    /// low, high = stats.t.interval(0.95, S - 1, loc=mean, scale=sd / np.sqrt(S))
    /// obs = abs(d.sum()); tol = 1e-12 * np.abs(d).sum()
    /// hits = sum(abs(sum(s * x for s, x in zip(signs, d))) >= obs - tol
    ///            for signs in itertools.product([1, -1], repeat=S))
    /// print(repr(mean), repr(sd), repr(low), repr(high), repr(mean / sd), hits, hits / 2**S)
    /// ```
    #[test]
    fn eight_seed_kid_example_matches_scipy() {
        let nda = [0.041, 0.038, 0.045, 0.036, 0.040, 0.043, 0.044, 0.039];
        let baseline = [0.052, 0.047, 0.049, 0.050, 0.046, 0.055, 0.041, 0.048];
        let pairs: Vec<(f64, f64)> = nda.into_iter().zip(baseline).collect();
        let result = compare(&pairs, Direction::LowerIsBetter);
        assert_close(result.mean_difference, -0.007750000000000002, 1e-15);
        assert_close(result.sd_difference, 0.005391792704790176, 1e-15);
        assert_close(result.interval.low, -0.012257651506295038, 1e-12);
        assert_close(result.interval.high, -0.0032423484937049657, 1e-12);
        let effect_size = result.effect_size.expect("differences vary");
        assert_close(effect_size, -1.437369799679937, 1e-12);
        // 4 of 256 sign assignments.
        assert_eq!(result.p_value, 0.015625);
        assert_eq!(result.min_p_value, 0.0078125);
        assert_eq!(
            (result.num_wins, result.num_losses, result.num_ties),
            (7, 1, 0)
        );
    }

    #[test]
    fn smallest_reachable_p_is_two_over_two_to_the_seeds() {
        for (num_seeds, expected) in [(2, 0.5), (5, 0.0625), (6, 0.03125), (8, 0.0078125)] {
            // Distinct same-sign differences reach the smallest p: only all-kept and all-flipped
            // signs give the largest |sum|.
            let differences: Vec<f64> = (1..=num_seeds).map(f64::from).collect();
            let result = compare(&from_differences(&differences), Direction::HigherIsBetter);
            assert_eq!(result.min_p_value, expected, "{num_seeds} seeds");
            assert_eq!(result.p_value, expected, "{num_seeds} seeds");
        }
    }

    #[test]
    fn ties_are_counted_apart_from_wins_and_losses() {
        let pairs = [(1.0, 1.0), (2.0, 1.0), (0.0, 1.0), (3.0, 3.0), (5.0, 1.0)];
        let result = compare(&pairs, Direction::HigherIsBetter);
        assert_eq!(
            (result.num_wins, result.num_losses, result.num_ties),
            (2, 1, 2)
        );
    }

    #[test]
    fn lower_is_better_swaps_wins_and_losses_but_not_the_sign_of_delta() {
        let pairs = [(1.0, 2.0), (1.5, 2.0), (3.0, 2.0), (2.0, 2.0)];
        let higher = compare(&pairs, Direction::HigherIsBetter);
        let lower = compare(&pairs, Direction::LowerIsBetter);
        assert_eq!((higher.num_wins, higher.num_losses), (1, 2));
        assert_eq!((lower.num_wins, lower.num_losses), (2, 1));
        assert_eq!(higher.num_ties, 1);
        assert_eq!(lower.num_ties, 1);
        assert_eq!(higher.mean_difference, lower.mean_difference);
        assert!(lower.mean_difference < 0.0);
        assert_eq!(higher.p_value, lower.p_value);
    }

    #[test]
    fn equal_differences_give_a_zero_width_interval_and_no_effect_size() {
        let pairs = vec![(1.1, 1.0); 4];
        let result = compare(&pairs, Direction::HigherIsBetter);
        let difference = 1.1 - 1.0;
        assert_eq!(result.mean_difference, difference);
        assert_eq!(result.sd_difference, 0.0);
        assert_eq!(result.interval.low, difference);
        assert_eq!(result.interval.high, difference);
        assert_eq!(result.effect_size, None);
        // Only all-kept and all-flipped signs reach |sum| = 4 d: 2 of 16.
        assert_eq!(result.p_value, 0.125);
    }

    #[test]
    fn differences_equal_but_for_rounding_count_as_equal() {
        // Two k-NN accuracies 0.025 below the baseline's (one held-out image in 40).
        let result = compare(&[(0.175, 0.2), (0.075, 0.1)], Direction::HigherIsBetter);
        assert_eq!(result.sd_difference, 0.0);
        assert_eq!(result.effect_size, None);
        assert_eq!(result.interval.low, result.interval.high);
        assert_eq!(result.num_losses, 2);
        // Differences that really vary keep their spread, however small the values.
        let tiny = compare(&[(3e-9, 1e-9), (2e-9, 1e-9)], Direction::LowerIsBetter);
        assert!(tiny.sd_difference > 0.0);
    }

    #[test]
    fn all_zero_differences_give_p_one() {
        let result = compare(
            &[(0.5, 0.5), (0.25, 0.25), (7.0, 7.0)],
            Direction::LowerIsBetter,
        );
        assert_eq!(result.mean_difference, 0.0);
        assert_eq!(result.p_value, 1.0);
        assert_eq!(result.effect_size, None);
        assert_eq!(result.num_ties, 3);
        assert_eq!((result.interval.low, result.interval.high), (0.0, 0.0));
    }

    #[test]
    fn diverged_pairs_are_counted_and_left_out() {
        let pairs = [
            (f64::NAN, 1.0),
            (2.0, 1.0),
            (1.0, f64::INFINITY),
            (3.0, 1.0),
            (f64::NAN, f64::NEG_INFINITY),
            (4.0, 1.0),
        ];
        let result = compare(&pairs, Direction::HigherIsBetter);
        assert_eq!(result.num_diverged, 3);
        assert_eq!(result.num_nda_diverged, 2);
        assert_eq!(result.num_baseline_diverged, 2);
        assert_eq!(result.num_pairs, 3);
        // The finite pairs are the differences [1, 2, 3].
        let finite = compare(
            &from_differences(&[1.0, 2.0, 3.0]),
            Direction::HigherIsBetter,
        );
        assert_eq!(result.mean_difference, finite.mean_difference);
        assert_eq!(result.interval, finite.interval);
        assert_eq!(result.p_value, finite.p_value);
    }

    #[test]
    fn fewer_than_two_finite_pairs_are_refused() {
        assert_eq!(
            compare_paired(&[(f64::NAN, 1.0), (1.0, 0.0)], Direction::HigherIsBetter),
            Err(EvalError::TooFewFinitePairs {
                num_finite: 1,
                num_diverged: 1
            })
        );
        assert_eq!(
            compare_paired(&[], Direction::LowerIsBetter),
            Err(EvalError::TooFewFinitePairs {
                num_finite: 0,
                num_diverged: 0
            })
        );
    }

    #[test]
    fn overflowing_differences_are_refused() {
        // The difference itself overflows, or only the sum of the differences does.
        for pairs in [
            [(f64::MAX, -f64::MAX), (0.0, 0.0)],
            [(f64::MAX, 0.0), (f64::MAX, 0.0)],
        ] {
            assert!(matches!(
                compare_paired(&pairs, Direction::HigherIsBetter),
                Err(EvalError::Overflow { .. })
            ));
        }
    }

    /// statsmodels 0.15.0:
    /// `multipletests([0.01, 0.04, 0.03, 0.005], method='holm')[1]` → `[0.03, 0.06, 0.06, 0.02]`;
    /// by hand: sorted (0.005, 0.01, 0.03, 0.04) × (4, 3, 2, 1) = (0.02, 0.03, 0.06, 0.04), running
    /// maximum (0.02, 0.03, 0.06, 0.06), back in input order.
    #[test]
    fn holm_matches_statsmodels() {
        let adjusted = holm(&[0.01, 0.04, 0.03, 0.005]);
        for (found, expected) in adjusted.into_iter().zip([0.03, 0.06, 0.06, 0.02]) {
            assert_close(found, expected, 1e-15);
        }
    }

    #[test]
    fn holm_caps_at_one_keeps_ties_and_passes_nan_through() {
        assert_eq!(holm(&[]), Vec::<f64>::new());
        assert_eq!(holm(&[0.3]), vec![0.3]);
        assert_eq!(holm(&[0.5, 0.4, 0.9]), vec![1.0, 1.0, 1.0]);
        assert_eq!(holm(&[0.02, 0.02]), vec![0.04, 0.04]);
        let with_nan = holm(&[0.01, f64::NAN, 0.2]);
        assert!(with_nan[1].is_nan());
        assert_eq!(with_nan[0], 0.03);
        assert_eq!(with_nan[2], 0.4);
    }

    #[test]
    fn direction_is_better_is_strict() {
        assert!(Direction::HigherIsBetter.is_better(2.0, 1.0));
        assert!(!Direction::HigherIsBetter.is_better(1.0, 1.0));
        assert!(Direction::LowerIsBetter.is_better(1.0, 2.0));
        assert!(!Direction::LowerIsBetter.is_better(f64::NAN, 2.0));
    }
}
