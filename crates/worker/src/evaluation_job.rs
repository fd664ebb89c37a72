//! One evaluation the worker runs a slice at a time, and the stage it is at (reading kept
//! evaluators, training them, preparing the reference and anomaly sets, evaluating the runs),
//! with its progress as the page shows it.

use super::evaluator_kinds::{EvaluationData, EvaluatorKey, EvaluatorTraining};
use nda_core::train::evaluation::EvaluationSettings;
use nda_protocol::Event;
use nda_protocol::evaluation_messages::{EvaluationProgress, RunEvaluationView};

/// Where an evaluation is.
pub(super) enum Stage {
    /// Reading evaluators the page kept in the browser.
    Loading(Vec<u8>),
    Training {
        trainer: EvaluatorTraining,
        started: f64,
    },
    Preparing,
    Evaluating(Vec<RunEvaluationView>),
}

/// An evaluation of the GAN session's runs (or of a study pair's).
pub(super) struct EvaluationJob {
    pub(super) key: EvaluatorKey,
    /// What the session trained on (to train evaluators if a kept file cannot be read).
    pub(super) data: EvaluationData,
    pub(super) settings: EvaluationSettings,
    pub(super) iteration: usize,
    pub(super) runs: usize,
    /// For a study's pair rather than the GAN panel's session.
    pub(super) for_study: bool,
    pub(super) started: f64,
    pub(super) stage: Stage,
}

impl EvaluationJob {
    /// Where the evaluation is, as an event.
    pub(super) fn progress(&self) -> Event {
        let (stage, done, total) = match &self.stage {
            Stage::Loading(_) => (
                format!(
                    "reading the {} kept in this browser",
                    self.key.title().to_lowercase()
                ),
                0,
                1,
            ),
            Stage::Training { trainer, .. } => {
                let (done, total) = trainer.progress();
                let title = self.key.title().to_lowercase();
                (
                    format!("training the {title} (once per worker)"),
                    done,
                    total,
                )
            }
            Stage::Preparing => (
                format!(
                    "preparing {} real reference images and the anomaly sets",
                    self.settings.num_samples
                ),
                0,
                1,
            ),
            Stage::Evaluating(done) => ("evaluating the runs".to_string(), done.len(), self.runs),
        };
        Event::EvaluationProgress(EvaluationProgress {
            stage,
            done,
            total,
            iteration: self.iteration,
        })
    }
}
