//! A session's evaluation rows per run: merged as evaluations finish (what an exported run file
//! carries as `evaluation.csv`), and turned back into evaluations for the page when a run file
//! is opened.

use nda_core::train::evaluation::MetricRow;
use nda_protocol::evaluation_messages::{GanEvaluated, RunEvaluationView};

/// Adds `evaluated`'s rows to `kept` (per run), replacing any earlier ones of its iteration.
pub fn merge_rows(kept: &mut Vec<Vec<MetricRow>>, evaluated: &GanEvaluated) {
    kept.resize(evaluated.runs.len().max(kept.len()), Vec::new());
    for (rows, run) in kept.iter_mut().zip(&evaluated.runs) {
        rows.retain(|row| row.iteration != evaluated.iteration);
        rows.extend(run.rows.iter().cloned());
    }
}

/// One finished evaluation per iteration that `rows` (per run, `labels` in run order) hold,
/// labelled as read from a run file; without ROC curves, since a file keeps AUROCs, not scores.
pub fn evaluations_from_rows(rows: &[Vec<MetricRow>], labels: &[String]) -> Vec<GanEvaluated> {
    let mut iterations: Vec<usize> = rows.iter().flatten().map(|row| row.iteration).collect();
    iterations.sort_unstable();
    iterations.dedup();
    iterations
        .into_iter()
        .map(|iteration| GanEvaluated {
            iteration,
            runs: rows
                .iter()
                .zip(labels)
                .enumerate()
                .map(|(run, (rows, label))| RunEvaluationView {
                    run,
                    label: label.clone(),
                    rows: rows
                        .iter()
                        .filter(|row| row.iteration == iteration)
                        .cloned()
                        .collect(),
                    roc: Vec::new(),
                    histogram: None,
                })
                .collect(),
            evaluators: "from the run file".into(),
            num_samples: 0,
            real_images: String::new(),
            anomaly_images: 0,
            millis: 0.0,
        })
        .collect()
}
