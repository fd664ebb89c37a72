//! The contrastive anomaly section's view-model: the command that measures, the latest
//! measurement of every encoder, and a refusal or a lost worker, shown where they belong.

use crate::ui::pending::Pending;
use nda_protocol::contrastive::messages::ContrastiveAnomaly;
use nda_protocol::{Command, ContrastiveCommand, ContrastiveEvent, Event};

/// The metrics of the main table, in order.
pub const ANOMALY_METRICS: [&str; 5] = [
    "auroc",
    "auroc_nda_seen",
    "auroc_nda_unseen",
    "auroc_other_sets",
    "auroc_corruptions",
];

/// State of the contrastive anomaly section.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ContrastiveAnomalyState {
    /// The latest measurement of the session's encoders.
    pub result: Option<ContrastiveAnomaly>,
    /// The request on its way, or why the last one failed.
    pub request: Pending,
}

impl ContrastiveAnomalyState {
    /// The command of "Measure anomaly detection" with `anomaly_images` per set.
    pub fn measure(&mut self, anomaly_images: usize) -> Command {
        self.request.send();
        Command::Contrastive(ContrastiveCommand::Anomaly { anomaly_images })
    }

    /// Folds a worker event into the state.
    pub fn apply(&mut self, event: &Event) {
        self.request.apply(event);
        match event {
            Event::Contrastive(ContrastiveEvent::AnomalyMeasured(anomaly)) => {
                self.result = Some(anomaly.clone());
                self.request.answered();
            }
            // A new session (its held-out images arrive once) or a reset: old numbers go.
            Event::Contrastive(ContrastiveEvent::HeldOut(_))
            | Event::Contrastive(ContrastiveEvent::Status(None)) => {
                *self = Self::default();
            }
            _ => {}
        }
    }

    /// The worker crashed: an answer on its way will never come.
    pub fn worker_lost(&mut self, message: &str) {
        self.request.worker_lost(message);
    }

    /// One line on what was measured.
    pub fn summary(&self) -> Option<String> {
        let result = self.result.as_ref()?;
        Some(format!(
            "At step {} · in-distribution: {} · {} images per set · score: mean cosine \
             similarity to the 5 nearest training images · {:.1} s",
            result.step,
            result.in_distribution,
            result.images_per_set,
            result.millis / 1_000.0
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::evaluation::MetricRow;
    use crate::ui::evaluation::state::{compare_runs, run_labels, set_metrics_of};
    use nda_protocol::evaluation_messages::RunEvaluationView;

    fn run(index: usize, label: &str, auroc: f64) -> RunEvaluationView {
        let row = |metric: &str, value| MetricRow {
            iteration: 40,
            metric: metric.to_string(),
            value,
            sd: None,
        };
        RunEvaluationView {
            run: index,
            label: label.to_string(),
            rows: vec![row("auroc", auroc), row("auroc:jigsaw", auroc + 0.1)],
            roc: Vec::new(),
            histogram: None,
        }
    }

    fn measured() -> Event {
        Event::Contrastive(ContrastiveEvent::AnomalyMeasured(ContrastiveAnomaly {
            step: 40,
            runs: vec![run(0, "NDA", 0.7), run(1, "Baseline", 0.6)],
            images_per_set: 200,
            in_distribution: "fresh held-out Shapes images".to_string(),
            millis: 1_500.0,
        }))
    }

    #[test]
    fn a_measurement_fills_the_table_with_differences_and_a_new_session_clears_it() {
        let mut state = ContrastiveAnomalyState::default();
        assert_eq!(
            state.measure(200),
            Command::Contrastive(ContrastiveCommand::Anomaly {
                anomaly_images: 200
            })
        );
        assert!(state.request.awaiting);
        state.apply(&measured());
        assert!(!state.request.awaiting);
        let runs = &state.result.as_ref().expect("measured").runs;
        let rows = compare_runs(runs, &ANOMALY_METRICS);
        assert_eq!(rows.len(), 1, "only the metrics the runs have");
        let difference = rows[0].difference.expect("paired");
        assert!((difference - 0.1).abs() < 1e-12);
        assert_eq!(rows[0].favours, Some("NDA"));
        assert_eq!(set_metrics_of(runs), ["auroc:jigsaw"]);
        assert_eq!(run_labels(runs), ["NDA", "Baseline"]);
        let summary = state.summary().expect("summary");
        assert!(summary.contains("step 40") && summary.contains("200 images per set"));
        state.apply(&Event::Contrastive(ContrastiveEvent::Status(None)));
        assert_eq!(state, ContrastiveAnomalyState::default());
    }

    #[test]
    fn failures_and_a_lost_worker_are_shown_only_when_waiting() {
        let mut state = ContrastiveAnomalyState::default();
        let failed = Event::Failed {
            message: "anomaly detection failed: out of memory".to_string(),
        };
        state.apply(&failed);
        assert_eq!(state.request.error, None, "another panel's failure");
        let _ = state.measure(200);
        state.apply(&failed);
        assert_eq!(
            state.request.error.as_deref(),
            Some("anomaly detection failed: out of memory")
        );
        let _ = state.measure(200);
        state.worker_lost("RuntimeError: unreachable");
        assert!(!state.request.awaiting);
        assert!(
            state
                .request
                .error
                .as_deref()
                .is_some_and(|error| error.contains("unreachable"))
        );
    }
}
