//! One plain sentence per metric for the study report: what a [`PairedComparison`] of an NDA arm
//! with its baseline says, in the metric's own terms, without overstating it (evaluation reference,
//! "Comparing NDA with the baseline").
//!
//! A p-value at or above [`SIGNIFICANCE_LEVEL`] reads "No detectable difference", never "no
//! difference", unless the 95 % interval excludes zero: that reads "Interval excludes zero, not
//! significant (after correction)", so an effect the correction hides is not called absent; diverged seeds are reported; and when the seeds cannot reach p < 0.05 at all (5 or
//! fewer with the exact sign-flip test) the sentence says so and how many seeds would.

use super::paired::{Direction, PairedComparison};
use super::sign_flip::SignFlipMethod;

/// p-values below this are reported as a difference (the usual 0.05).
pub const SIGNIFICANCE_LEVEL: f64 = 0.05;

/// The minus sign of the report (U+2212), wider and clearer than a hyphen.
const MINUS: char = '\u{2212}';

/// One sentence on `comparison` of the metric called `metric` (e.g. "KID", "k-NN accuracy"), e.g.
/// "NDA lower KID (better) in 7 of 8 seeds, Δ = −0.0078 [−0.0123, −0.0032], p = 0.016 (exact
/// sign-flip, 8 seeds)." Pass `holm_adjusted_p` for a secondary metric: the sentence then reports
/// and judges that p instead of the raw one.
pub fn paired_sentence(
    metric: &str,
    comparison: &PairedComparison,
    holm_adjusted_p: Option<f64>,
) -> String {
    let p_value = holm_adjusted_p.unwrap_or(comparison.p_value);
    let interval_excludes_zero = comparison.interval.low > 0.0 || comparison.interval.high < 0.0;
    let mut sentence = if p_value < SIGNIFICANCE_LEVEL {
        format!("NDA {}", detected_difference(metric, comparison))
    } else if interval_excludes_zero {
        // The t-interval and the sign-flip test can disagree, and with few seeds or many
        // corrected metrics the test cannot pass at all: say both, claim neither.
        format!(
            "Interval excludes zero, not significant{} in {metric}: NDA {}",
            if holm_adjusted_p.is_some() {
                " after correction"
            } else {
                ""
            },
            detected_difference(metric, comparison)
        )
    } else {
        format!(
            "No detectable difference in {metric}: NDA {}",
            seed_counts(comparison)
        )
    };
    let decimals = decimals_for(comparison);
    let interval = comparison.interval;
    sentence += &format!(
        ", Δ = {} [{}, {}], p = {} ({}{}, {} seeds).",
        signed(comparison.mean_difference, decimals),
        signed(interval.low, decimals),
        signed(interval.high, decimals),
        p_text(p_value),
        if holm_adjusted_p.is_some() {
            "Holm-adjusted; "
        } else {
            ""
        },
        method_text(comparison.method),
        comparison.num_pairs,
    );
    sentence += &diverged_note(comparison);
    sentence += &too_few_seeds_note(comparison);
    sentence
}

/// "lower KID (better) in 7 of 8 seeds": the direction of Δ, whether that is better, and how many
/// seeds went that way.
fn detected_difference(metric: &str, comparison: &PairedComparison) -> String {
    if comparison.mean_difference == 0.0 {
        return seed_counts(comparison);
    }
    let higher = comparison.mean_difference > 0.0;
    let better = higher == (comparison.direction == Direction::HigherIsBetter);
    let (word, count) = direction_of_delta(comparison);
    let quality = if better { "better" } else { "worse" };
    format!(
        "{word} {metric} ({quality}) in {count} of {}",
        seeds_and_ties(comparison)
    )
}

/// "lower in 4 of 8 seeds", or "higher in 3 and lower in 3 of 8 seeds" when Δ is exactly 0.
fn seed_counts(comparison: &PairedComparison) -> String {
    if comparison.mean_difference == 0.0 {
        let (higher, lower) = match comparison.direction {
            Direction::HigherIsBetter => (comparison.num_wins, comparison.num_losses),
            Direction::LowerIsBetter => (comparison.num_losses, comparison.num_wins),
        };
        return format!(
            "higher in {higher} and lower in {lower} of {}",
            seeds_and_ties(comparison)
        );
    }
    let (word, count) = direction_of_delta(comparison);
    format!("{word} in {count} of {}", seeds_and_ties(comparison))
}

/// "higher" or "lower" after the sign of Δ (not 0), and the seeds where NDA went that way.
fn direction_of_delta(comparison: &PairedComparison) -> (&'static str, usize) {
    let higher = comparison.mean_difference > 0.0;
    let count = if higher == (comparison.direction == Direction::HigherIsBetter) {
        comparison.num_wins
    } else {
        comparison.num_losses
    };
    (if higher { "higher" } else { "lower" }, count)
}

/// "8 seeds", or "8 seeds (2 tied)".
fn seeds_and_ties(comparison: &PairedComparison) -> String {
    match comparison.num_ties {
        0 => format!("{} seeds", comparison.num_pairs),
        ties => format!("{} seeds ({ties} tied)", comparison.num_pairs),
    }
}

/// " 1 more seed diverged and was left out (NDA 1, baseline 0)." or nothing.
fn diverged_note(comparison: &PairedComparison) -> String {
    let (nda, baseline) = (
        comparison.num_nda_diverged,
        comparison.num_baseline_diverged,
    );
    match comparison.num_diverged {
        0 => String::new(),
        1 => format!(" 1 more seed diverged and was left out (NDA {nda}, baseline {baseline})."),
        count => format!(
            " {count} more seeds diverged and were left out (NDA {nda}, baseline {baseline})."
        ),
    }
}

/// A warning when no outcome with these seeds could reach p < [`SIGNIFICANCE_LEVEL`].
fn too_few_seeds_note(comparison: &PairedComparison) -> String {
    if comparison.min_p_value < SIGNIFICANCE_LEVEL {
        return String::new();
    }
    // The exact test's smallest p is 2 / 2^S = 0.5^(S − 1).
    let mut needed: i32 = 2;
    while 0.5f64.powi(needed - 1) >= SIGNIFICANCE_LEVEL {
        needed += 1;
    }
    // Display prints the exact powers of two in full: 0.5, 0.25, 0.125, 0.0625.
    format!(
        " With {} seeds no result can reach p < {SIGNIFICANCE_LEVEL} (the smallest possible p is \
         {}): run at least {needed}.",
        comparison.num_pairs, comparison.min_p_value
    )
}

/// "exact sign-flip" or "Monte Carlo sign-flip, 100000 draws".
fn method_text(method: SignFlipMethod) -> String {
    match method {
        SignFlipMethod::Exact => "exact sign-flip".to_string(),
        SignFlipMethod::MonteCarlo { draws } => format!("Monte Carlo sign-flip, {draws} draws"),
    }
}

/// A p-value with two significant digits ("0.016", "0.73"), "1" for 1 and "< 0.0001" below that.
fn p_text(p_value: f64) -> String {
    if p_value >= 1.0 {
        "1".to_string()
    } else if p_value < 1e-4 {
        "< 0.0001".to_string()
    } else {
        let decimals = (1 - p_value.log10().floor() as i32).max(2) as usize;
        format!("{p_value:.decimals$}")
    }
}

/// Decimals that show the interval's half-width to two significant digits (or Δ's, when the
/// interval has zero width; 3 when Δ is 0 as well), at most 12.
fn decimals_for(comparison: &PairedComparison) -> usize {
    let half_width = (comparison.interval.high - comparison.interval.low) / 2.0;
    let scale = if half_width > 0.0 {
        half_width
    } else {
        comparison.mean_difference.abs()
    };
    if scale > 0.0 && scale.is_finite() {
        (1 - scale.log10().floor() as i32).clamp(0, 12) as usize
    } else {
        3
    }
}

/// `value` with `decimals` decimals and a real minus sign, never "−0.000".
fn signed(value: f64, decimals: usize) -> String {
    let digits = format!("{:.decimals$}", value.abs());
    let is_zero = digits.chars().all(|c| c == '0' || c == '.');
    if value < 0.0 && !is_zero {
        format!("{MINUS}{digits}")
    } else {
        digits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paired::compare_paired;

    fn sentence(pairs: &[(f64, f64)], direction: Direction, metric: &str) -> String {
        let comparison = compare_paired(pairs, direction).expect("enough finite pairs");
        paired_sentence(metric, &comparison, None)
    }

    /// The 8-seed example of `paired.rs` (scipy: Δ = −0.00775, interval [−0.012258, −0.003242],
    /// exact p = 4/256).
    fn kid_pairs() -> Vec<(f64, f64)> {
        let nda = [0.041, 0.038, 0.045, 0.036, 0.040, 0.043, 0.044, 0.039];
        let baseline = [0.052, 0.047, 0.049, 0.050, 0.046, 0.055, 0.041, 0.048];
        nda.into_iter().zip(baseline).collect()
    }

    #[test]
    fn a_detected_improvement_names_direction_wins_interval_and_test() {
        assert_eq!(
            sentence(&kid_pairs(), Direction::LowerIsBetter, "KID"),
            "NDA lower KID (better) in 7 of 8 seeds, Δ = −0.0078 [−0.0123, −0.0032], \
             p = 0.016 (exact sign-flip, 8 seeds)."
        );
    }

    /// Python: d = [0.02, −0.01, 0.015, −0.012, 0.004, −0.003, 0.01, −0.001]; mean 0.002875,
    /// `stats.t.interval(0.95, 7, loc=mean, scale=sd/√8)` = (−0.0067555, 0.0125055), exact p by
    /// `itertools.product` enumeration = 132/256 = 0.515625.
    #[test]
    fn a_large_p_reads_no_detectable_difference() {
        let differences = [0.02, -0.01, 0.015, -0.012, 0.004, -0.003, 0.01, -0.001];
        let pairs: Vec<(f64, f64)> = differences.iter().map(|&d| (d, 0.0)).collect();
        assert_eq!(
            sentence(&pairs, Direction::HigherIsBetter, "k-NN accuracy"),
            "No detectable difference in k-NN accuracy: NDA higher in 4 of 8 seeds, \
             Δ = 0.0029 [−0.0068, 0.0125], p = 0.52 (exact sign-flip, 8 seeds)."
        );
    }

    #[test]
    fn equal_differences_read_with_the_decimals_of_delta() {
        let text = sentence(
            &[(0.175, 0.2), (0.075, 0.1)],
            Direction::HigherIsBetter,
            "k-NN accuracy",
        );
        assert!(
            text.starts_with(
                "Interval excludes zero, not significant in k-NN accuracy: NDA lower k-NN \
                 accuracy (worse) in 2 of 2 seeds, Δ = −0.025 [−0.025, −0.025], p = 0.50"
            ),
            "{text}"
        );
    }

    #[test]
    fn five_seeds_warn_that_p_cannot_reach_the_level() {
        let pairs = [(1.0, 0.0), (2.0, 0.0), (3.0, 0.0), (4.0, 0.0), (5.0, 0.0)];
        let text = sentence(&pairs, Direction::HigherIsBetter, "accuracy");
        assert!(
            text.starts_with(
                "Interval excludes zero, not significant in accuracy: NDA higher accuracy \
                 (better) in 5 of 5"
            ),
            "{text}"
        );
        assert!(text.ends_with(
            " With 5 seeds no result can reach p < 0.05 (the smallest possible p is 0.0625): \
             run at least 6."
        ));
        let six = [
            (1.0, 0.0),
            (2.0, 0.0),
            (3.0, 0.0),
            (4.0, 0.0),
            (5.0, 0.0),
            (6.0, 0.0),
        ];
        assert!(!sentence(&six, Direction::HigherIsBetter, "accuracy").contains("run at least"));
    }

    #[test]
    fn a_holm_adjusted_p_is_reported_and_judged() {
        let comparison = compare_paired(&kid_pairs(), Direction::LowerIsBetter).expect("valid");
        assert_eq!(
            paired_sentence("KID", &comparison, Some(0.06)),
            "Interval excludes zero, not significant after correction in KID: NDA lower KID \
             (better) in 7 of 8 seeds, Δ = −0.0078 [−0.0123, −0.0032], p = 0.060 \
             (Holm-adjusted; exact sign-flip, 8 seeds)."
        );
    }

    /// Differences 0..=6: Δ = 3, scipy `t.interval(0.95, 6, loc=3, scale=sd/√7)` = (1.0021, 4.9979),
    /// p = 4/128 (the 0 difference flips to itself).
    #[test]
    fn a_worse_result_with_ties_and_divergence_says_so() {
        let mut pairs: Vec<(f64, f64)> = (0..7).map(|d| (f64::from(d) + 10.0, 10.0)).collect();
        pairs.push((f64::NAN, 10.0));
        assert_eq!(
            sentence(&pairs, Direction::LowerIsBetter, "FID"),
            "NDA higher FID (worse) in 6 of 7 seeds (1 tied), Δ = 3.0 [1.0, 5.0], p = 0.031 \
             (exact sign-flip, 7 seeds). 1 more seed diverged and was left out (NDA 1, baseline 0)."
        );
    }

    #[test]
    fn an_exactly_zero_delta_lists_both_directions() {
        let pairs = [(1.0, 1.0), (2.0, 2.0)];
        assert_eq!(
            sentence(&pairs, Direction::LowerIsBetter, "loss"),
            "No detectable difference in loss: NDA higher in 0 and lower in 0 of 2 seeds \
             (2 tied), Δ = 0.000 [0.000, 0.000], p = 1 (exact sign-flip, 2 seeds). With 2 seeds \
             no result can reach p < 0.05 (the smallest possible p is 0.5): run at least 6."
        );
    }

    #[test]
    fn numbers_are_formatted_without_negative_zero() {
        assert_eq!(signed(-0.0004, 3), "0.000");
        assert_eq!(signed(-0.0006, 3), "−0.001");
        assert_eq!(signed(2.5, 0), "2");
        assert_eq!(p_text(0.0078125), "0.0078");
        assert_eq!(p_text(0.73), "0.73");
        assert_eq!(p_text(0.00001), "< 0.0001");
        assert_eq!(
            method_text(SignFlipMethod::MonteCarlo { draws: 100 }),
            "Monte Carlo sign-flip, 100 draws"
        );
    }
}
