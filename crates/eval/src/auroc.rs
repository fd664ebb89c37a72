//! AUROC of an anomaly score: how well the discriminator's raw output tells held-out real images
//! (in-distribution) from other data sets, corruptions and NDA images (out-of-distribution), the
//! anomaly-detection experiment of Sinha et al. (ICLR 2021).
//!
//! Convention: a higher score means *more in-distribution*. The reference `GAN_auroc_function`
//! (ermongroup/NDA) calls sklearn's `roc_auc_score` with in-distribution as label 1 on D's raw
//! logit, so a higher D output means "more real"; [`auroc`] computes the same number. For a score
//! where higher means *more anomalous*, swap the arguments: `auroc(out, in) = 1 − auroc(in, out)`.
//!
//! [`auroc`] is the Mann–Whitney U statistic divided by n_in · n_out: the probability that a random
//! in-distribution score exceeds a random out-of-distribution score, ties counting 1/2. It is
//! computed by one sort (O(n log n)) and exact integer counts. [`roc_curve`] gives the points to
//! draw, and [`hanley_mcneil_standard_error`] the standard error of Hanley & McNeil (1982).

use std::cmp::Ordering;

use super::EvalError;

/// The probability that a random in-distribution score exceeds a random out-of-distribution score,
/// ties counted 1/2 (the area under the ROC curve, as sklearn's `roc_auc_score` with in-distribution
/// as the positive label). 1 means every in-distribution score is higher, 0.5 no separation.
///
/// Refuses an empty list and NaN or infinite scores.
pub fn auroc(in_scores: &[f32], out_scores: &[f32]) -> Result<f64, EvalError> {
    let groups = tied_groups(in_scores, out_scores)?;
    // 2U = Σ over groups of 2 · n_in(group) · n_out(below) + n_in(group) · n_out(group), exact in
    // integers; one division at the end.
    let mut out_below = 0u128;
    let mut twice_u = 0u128;
    for group in groups.iter().rev() {
        let (num_in, num_out) = (group.num_in as u128, group.num_out as u128);
        twice_u += num_in * (2 * out_below + num_out);
        out_below += num_out;
    }
    let pairs = in_scores.len() as f64 * out_scores.len() as f64;
    Ok(twice_u as f64 / (2.0 * pairs))
}

/// The ROC curve as (false-positive rate, true-positive rate) points, calling a score
/// in-distribution when it is at least a threshold: one point per distinct score from the highest
/// down, after (0, 0) and ending at (1, 1). Tied in- and out-of-distribution scores make a diagonal
/// step, so the trapezoidal area under the points equals [`auroc`].
///
/// Refuses an empty list and NaN or infinite scores.
pub fn roc_curve(in_scores: &[f32], out_scores: &[f32]) -> Result<Vec<(f64, f64)>, EvalError> {
    let groups = tied_groups(in_scores, out_scores)?;
    let (num_in, num_out) = (in_scores.len() as f64, out_scores.len() as f64);
    let mut points = Vec::with_capacity(groups.len() + 1);
    points.push((0.0, 0.0));
    let (mut in_above, mut out_above) = (0usize, 0usize);
    for group in &groups {
        in_above += group.num_in;
        out_above += group.num_out;
        points.push((out_above as f64 / num_out, in_above as f64 / num_in));
    }
    Ok(points)
}

/// The standard error of an AUROC `auc` from `num_in` in-distribution and `num_out`
/// out-of-distribution scores (Hanley & McNeil 1982, Radiology 143(1), eq. 1, the in-distribution
/// class in the role of their "abnormal" class, whose scores rank higher):
/// SE² = (A(1 − A) + (n_in − 1)(Q₁ − A²) + (n_out − 1)(Q₂ − A²)) / (n_in n_out), with
/// Q₁ = A / (2 − A) and Q₂ = 2A² / (1 + A). About 0.007 for A = 0.8 at 2,000 vs 2,000.
///
/// Refuses `auc` outside `[0, 1]` and zero counts.
pub fn hanley_mcneil_standard_error(
    auc: f64,
    num_in: usize,
    num_out: usize,
) -> Result<f64, EvalError> {
    if !(0.0..=1.0).contains(&auc) {
        return Err(EvalError::InvalidArgument {
            name: "auc",
            value: auc,
            requirement: "between 0 and 1",
        });
    }
    for (count, kind) in [(num_in, IN_DISTRIBUTION), (num_out, OUT_OF_DISTRIBUTION)] {
        if count == 0 {
            return Err(EvalError::Empty { what: kind.list });
        }
    }
    let q1 = auc / (2.0 - auc);
    let q2 = 2.0 * auc * auc / (1.0 + auc);
    let squared = auc * auc;
    let variance = (auc * (1.0 - auc)
        + (num_in as f64 - 1.0) * (q1 - squared)
        + (num_out as f64 - 1.0) * (q2 - squared))
        / (num_in as f64 * num_out as f64);
    // Q₁ ≥ A² and Q₂ ≥ A² on [0, 1], so the variance is never negative; max guards rounding.
    Ok(variance.max(0.0).sqrt())
}

/// How many in- and out-of-distribution scores share one score value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct TiedGroup {
    /// In-distribution scores with this value.
    num_in: usize,
    /// Out-of-distribution scores with this value.
    num_out: usize,
}

/// The scores grouped by value, highest value first, after checking both lists.
fn tied_groups(in_scores: &[f32], out_scores: &[f32]) -> Result<Vec<TiedGroup>, EvalError> {
    validate_scores(in_scores, IN_DISTRIBUTION)?;
    validate_scores(out_scores, OUT_OF_DISTRIBUTION)?;
    let mut labelled: Vec<(f32, bool)> = in_scores
        .iter()
        .map(|&score| (score, true))
        .chain(out_scores.iter().map(|&score| (score, false)))
        .collect();
    labelled.sort_unstable_by(|a, b| higher_first(a.0, b.0));
    let mut groups: Vec<TiedGroup> = Vec::new();
    let mut previous: Option<f32> = None;
    for (score, is_in) in labelled {
        let same_value = previous.is_some_and(|value| higher_first(value, score).is_eq());
        if !same_value {
            groups.push(TiedGroup {
                num_in: 0,
                num_out: 0,
            });
            previous = Some(score);
        }
        if let Some(group) = groups.last_mut() {
            if is_in {
                group.num_in += 1;
            } else {
                group.num_out += 1;
            }
        }
    }
    Ok(groups)
}

/// A total order on finite scores, higher first. `+ 0.0` turns `-0.0` into `0.0`, so that the two
/// zeros tie instead of `total_cmp` ranking `-0.0` lower.
fn higher_first(a: f32, b: f32) -> Ordering {
    (b + 0.0).total_cmp(&(a + 0.0))
}

/// Refuses an empty score list or a NaN or infinite score (`kind` names the list in errors).
fn validate_scores(scores: &[f32], kind: ScoreKind) -> Result<(), EvalError> {
    if scores.is_empty() {
        return Err(EvalError::Empty { what: kind.list });
    }
    match scores.iter().position(|score| !score.is_finite()) {
        Some(index) => Err(EvalError::NonFiniteScore {
            what: kind.score,
            index,
        }),
        None => Ok(()),
    }
}

/// How errors name one of the two score lists.
#[derive(Debug, Clone, Copy)]
struct ScoreKind {
    /// The list, as in "the in-distribution score list is empty".
    list: &'static str,
    /// One score, as in "in-distribution score 3 is NaN".
    score: &'static str,
}

/// The names of the in-distribution scores.
const IN_DISTRIBUTION: ScoreKind = ScoreKind {
    list: "in-distribution score list",
    score: "in-distribution",
};

/// The names of the out-of-distribution scores.
const OUT_OF_DISTRIBUTION: ScoreKind = ScoreKind {
    list: "out-of-distribution score list",
    score: "out-of-distribution",
};

#[cfg(test)]
#[path = "auroc_tests.rs"]
mod tests;
