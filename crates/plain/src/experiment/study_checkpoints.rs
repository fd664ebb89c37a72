//! The section of a study's report on its evaluations along the budget: at each fraction the
//! config asks for before the end, and at the end again, each arm's NDA runs against the shared
//! baselines, in the primary metric and the structure score (which says whether samples have
//! formed yet). Only the end of the budget answers the declared question; these rows show the
//! path to it, with uncorrected p-values, and are labelled so.

use std::fmt::Write;

use crate::train::study::{MetricComparison, study_csv};

/// The structure score's name in `evaluation.csv`: the share of samples the structure detector
/// calls NDA-like (1 before samples have formed).
pub const STRUCTURE: &str = "structure";

/// One evaluation of every arm along the budget.
#[derive(Debug, Clone, PartialEq)]
pub struct Checkpoint {
    /// The iteration it was taken after.
    pub iteration: usize,
    /// Per arm, the primary metric first, then the structure score.
    pub arms: Vec<(String, Vec<MetricComparison>)>,
}

/// The metrics a checkpoint compares besides the primary: the structure score, when the study
/// measures it (a person's images have no structure detector).
pub fn checkpoint_metrics(primary: &str, secondary: &[String]) -> Vec<String> {
    if primary != STRUCTURE && secondary.iter().any(|metric| metric == STRUCTURE) {
        vec![STRUCTURE.to_string()]
    } else {
        Vec::new()
    }
}

/// The section, or nothing when the study evaluated only at the end.
pub fn checkpoint_markdown(last_iteration: usize, checkpoints: &[Checkpoint]) -> String {
    if checkpoints.is_empty() {
        return String::new();
    }
    let mut text = format!(
        "## Along the budget (descriptive)\n\nThe runs were also evaluated before the end. Only \
         iteration {last_iteration}, the end of the budget, was declared to answer the study's \
         question; the rows below show how the difference developed, with p-values that are \
         not corrected for these extra looks, and end with iteration {last_iteration} again, \
         with both means. A mean structure score well below 1 means the samples have formed. A seed whose shared baseline has no checkpoint at an iteration \
         (trained before studies kept them) is left out of that iteration's rows.\n\n\
         | iteration | arm | metric | NDA (mean) | baseline (mean) | Δ [95 % CI] | wins | p (uncorrected) |\n\
         |---|---|---|---|---|---|---|---|\n"
    );
    for checkpoint in checkpoints {
        for (arm, comparisons) in &checkpoint.arms {
            for c in comparisons {
                let nda = mean(c.per_seed.iter().map(|&(_, nda, _)| nda));
                let baseline = mean(c.per_seed.iter().map(|&(_, _, baseline)| baseline));
                let stats = match &c.comparison {
                    Ok(s) => format!(
                        "{:+.4} [{:+.4}, {:+.4}] | {}/{} | {:.4}",
                        s.mean_difference,
                        s.interval.low,
                        s.interval.high,
                        s.num_wins,
                        s.num_pairs,
                        s.p_value
                    ),
                    Err(reason) => format!("— ({reason}) | | "),
                };
                let _ = writeln!(
                    text,
                    "| {} | {arm} | {} | {nda:.4} | {baseline:.4} | {stats} |",
                    checkpoint.iteration, c.metric
                );
            }
        }
    }
    text.push('\n');
    text
}

/// `checkpoints.csv`: `iteration,` then each row of [`study_csv`] of that checkpoint's arms.
pub fn checkpoint_csv(checkpoints: &[Checkpoint]) -> String {
    let mut csv = String::from("iteration,arm,seed,metric,nda,baseline,difference\n");
    for checkpoint in checkpoints {
        for row in study_csv(&checkpoint.arms).lines().skip(1) {
            let _ = writeln!(csv, "{},{row}", checkpoint.iteration);
        }
    }
    csv
}

/// The mean of the finite values (NaN when there are none).
fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let finite: Vec<f64> = values.filter(|value| value.is_finite()).collect();
    if finite.is_empty() {
        f64::NAN
    } else {
        finite.iter().sum::<f64>() / finite.len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::evaluation::MetricRow;
    use crate::train::study::{SeedResult, compare_arm};

    fn rows(kid: f64, structure: f64) -> Option<Vec<MetricRow>> {
        let row = |metric: &str, value| MetricRow {
            iteration: 250,
            metric: metric.to_string(),
            value,
            sd: None,
        };
        Some(vec![row("kid", kid), row(STRUCTURE, structure)])
    }

    #[test]
    fn a_checkpoint_row_gives_both_means_and_the_uncorrected_statistics() {
        let seeds: Vec<SeedResult> = (1..=3)
            .map(|seed| SeedResult {
                seed,
                nda: rows(1.0, 0.2 * seed as f64),
                baseline: rows(2.0 + seed as f64, 1.0),
            })
            .collect();
        let checkpoint = Checkpoint {
            iteration: 250,
            arms: vec![(
                "nda".to_string(),
                compare_arm(
                    "kid",
                    &checkpoint_metrics("kid", &["fd".to_string(), STRUCTURE.to_string()]),
                    &seeds,
                ),
            )],
        };
        let text = checkpoint_markdown(1000, std::slice::from_ref(&checkpoint));
        assert!(
            text.contains("Only iteration 1000, the end of the budget"),
            "{text}"
        );
        assert!(
            text.contains("| 250 | nda | kid | 1.0000 | 4.0000 | -3.0000 ["),
            "{text}"
        );
        assert!(text.contains("| 3/3 | 0.2500 |"), "{text}");
        assert!(
            text.contains("| 250 | nda | structure | 0.4000 | 1.0000 |"),
            "{text}"
        );
        let csv = checkpoint_csv(&[checkpoint]);
        assert_eq!(csv.lines().count(), 1 + 2 * 3);
        assert!(csv.contains("\n250,nda,1,kid,1,3,-2\n"), "{csv}");
        assert_eq!(checkpoint_markdown(1000, &[]), "");
        assert!(checkpoint_metrics("kid", &["fd".to_string()]).is_empty());
    }
}
