//! ROC curves small enough to send to the page: one per group of out-of-distribution sets (the
//! other built-in sets, the corruptions, the NDA kinds), each pooling its sets' scores against
//! the held-out real images, thinned to a fixed number of points for drawing.

use serde::{Deserialize, Serialize};

use super::anomaly_report::{AnomalyReport, OutOfDistribution};
use crate::eval::{EvalError, roc_curve};

/// Most points kept per drawn curve.
pub const ROC_POINTS: usize = 64;

/// A group of out-of-distribution sets with one pooled curve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RocGroup {
    /// The other built-in sets.
    OtherSets,
    /// Every corruption at every severity.
    Corruptions,
    /// The five NDA kinds.
    NdaKinds,
}

impl RocGroup {
    /// Every group, in the order the page draws them.
    pub const ALL: [RocGroup; 3] = [Self::NdaKinds, Self::OtherSets, Self::Corruptions];

    /// What the curve is of, for a chart's title.
    pub fn label(self) -> &'static str {
        match self {
            Self::OtherSets => "real vs the other built-in sets",
            Self::Corruptions => "real vs corrupted real images",
            Self::NdaKinds => "real vs NDA images (all five kinds)",
        }
    }

    fn holds(self, set: &OutOfDistribution) -> bool {
        match self {
            Self::OtherSets => matches!(set, OutOfDistribution::OtherSet(_)),
            Self::Corruptions => matches!(set, OutOfDistribution::Corrupted(..)),
            Self::NdaKinds => matches!(set, OutOfDistribution::Negative { .. }),
        }
    }
}

/// The pooled ROC curve of `group`, `(false-positive rate, true-positive rate)` from (0, 0) to
/// (1, 1), at most [`ROC_POINTS`] points; `None` when the report has no set of the group.
pub fn pooled_roc(
    report: &AnomalyReport,
    group: RocGroup,
) -> Result<Option<Vec<(f64, f64)>>, EvalError> {
    let out: Vec<f32> = report
        .sets
        .iter()
        .filter(|set| group.holds(&set.set))
        .flat_map(|set| set.scores.iter().copied())
        .collect();
    if out.is_empty() {
        return Ok(None);
    }
    Ok(Some(thin(roc_curve(&report.in_scores, &out)?, ROC_POINTS)))
}

/// Keeps at most `limit` points, evenly spread over the curve, always with its two ends.
fn thin(points: Vec<(f64, f64)>, limit: usize) -> Vec<(f64, f64)> {
    if points.len() <= limit || limit < 2 {
        return points;
    }
    let last = points.len() - 1;
    (0..limit)
        .map(|index| points[index * last / (limit - 1)])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::augment::NegativeKind;
    use crate::train::evaluation::SetAuroc;

    #[test]
    fn a_perfect_detector_hugs_the_top_left_corner() {
        let report = AnomalyReport {
            in_scores: vec![2.0, 3.0],
            sets: vec![SetAuroc {
                set: OutOfDistribution::Negative {
                    kind: NegativeKind::Jigsaw,
                    seen: true,
                },
                auroc: 1.0,
                standard_error: 0.0,
                scores: vec![0.0, 1.0],
            }],
        };
        let curve = pooled_roc(&report, RocGroup::NdaKinds)
            .expect("valid")
            .expect("a curve");
        assert_eq!(curve.first(), Some(&(0.0, 0.0)));
        assert_eq!(curve.last(), Some(&(1.0, 1.0)));
        assert!(curve.contains(&(0.0, 1.0)), "{curve:?}");
        assert_eq!(
            pooled_roc(&report, RocGroup::OtherSets).expect("valid"),
            None
        );
    }

    #[test]
    fn thinning_keeps_both_ends_and_the_limit() {
        let points: Vec<(f64, f64)> = (0..=1000).map(|i| (i as f64 / 1000.0, 1.0)).collect();
        let thinned = thin(points, ROC_POINTS);
        assert_eq!(thinned.len(), ROC_POINTS);
        assert_eq!(thinned.first(), Some(&(0.0, 1.0)));
        assert_eq!(thinned.last(), Some(&(1.0, 1.0)));
    }
}
