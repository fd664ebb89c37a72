//! The evaluation section's view-model: its settings (part of the experiment, so links and
//! files carry them), the running evaluation's progress, every finished evaluation of the
//! session, the NDA-versus-baseline table of the latest one, each metric over training, and the
//! last scored image.

use crate::data::UploadFile;
use crate::train::evaluation::report::{favours_unless_collapsed, is_collapsed};
use crate::train::evaluation::{EvaluationSettings, MetricRow};
use nda_protocol::evaluation_messages::{
    EvaluationProgress, GanEvaluated, ImageScored, RunEvaluationView,
};
use nda_protocol::{Command, Event, GanCommand, GanEvent};

/// The metrics of the main table, in order (per-set AUROCs go to their own table); the
/// untrained control's rows exist only for a person's images.
pub const TABLE_METRICS: [&str; 23] = [
    "kid",
    "fd",
    "precision",
    "recall",
    "density",
    "density_gap",
    "coverage",
    "diversity",
    "kid_untrained",
    "fd_untrained",
    "precision_untrained",
    "recall_untrained",
    "density_untrained",
    "density_gap_untrained",
    "coverage_untrained",
    "structure",
    "structure_unseen",
    "class_accuracy",
    "auroc",
    "auroc_nda_seen",
    "auroc_nda_unseen",
    "auroc_other_sets",
    "auroc_corruptions",
];

/// A settings control of the section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvaluationField {
    /// Generated and reference images per sample-quality metric.
    Samples,
    /// Held-out images per anomaly set.
    AnomalyImages,
    /// Training steps per evaluator network.
    EvaluatorSteps,
}

/// One row of the comparison table.
#[derive(Debug, Clone, PartialEq)]
pub struct ComparisonRow {
    /// The metric's name as in `evaluation.csv`.
    pub metric: String,
    /// Its value (and spread) per run, in run order; `None` where a run lacks it.
    pub values: Vec<Option<(f64, Option<f64>)>>,
    /// NDA − baseline, with two runs that both have it.
    pub difference: Option<f64>,
    /// `"NDA"`, `"baseline"` or `"="`, with a difference.
    pub favours: Option<&'static str>,
}

/// State of the evaluation section.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EvaluationState {
    /// What to evaluate and when.
    pub settings: EvaluationSettings,
    /// Why the last settings edit was refused.
    pub form_error: Option<String>,
    /// The running evaluation, if any.
    pub progress: Option<EvaluationProgress>,
    /// Every finished evaluation of the session, oldest first.
    pub results: Vec<GanEvaluated>,
    /// The last scored image.
    pub score: Option<ImageScored>,
    /// A command is on its way; a `Failed` event now belongs to this section.
    pub awaiting: bool,
    /// The last refusal from the worker.
    pub error: Option<String>,
}

impl EvaluationState {
    /// Applies one settings control's text; a bad value is refused with a reason.
    pub fn edit(&mut self, field: EvaluationField, text: &str) {
        let Ok(value) = text.trim().parse::<usize>() else {
            self.form_error = Some(format!("\"{}\" is not a whole number", text.trim()));
            return;
        };
        let mut candidate = self.settings.clone();
        match field {
            EvaluationField::Samples => candidate.num_samples = value,
            EvaluationField::AnomalyImages => candidate.anomaly_images = value,
            EvaluationField::EvaluatorSteps => candidate.evaluator_steps = value,
        }
        match candidate.validate() {
            Ok(()) => {
                self.settings = candidate;
                self.form_error = None;
            }
            Err(error) => self.form_error = Some(error.to_string()),
        }
    }

    /// Turns evaluation during training on or off.
    pub fn set_enabled(&mut self, enabled: bool) {
        self.settings.enabled = enabled;
    }

    /// The command of "Evaluate now".
    pub fn evaluate_now(&mut self) -> Command {
        self.awaiting = true;
        self.error = None;
        Command::Gan(GanCommand::Evaluate {
            settings: self.settings.clone(),
        })
    }

    /// The command that scores a dropped image.
    pub fn score_image(&mut self, file: UploadFile) -> Command {
        self.awaiting = true;
        self.error = None;
        Command::Gan(GanCommand::ScoreImage { file })
    }

    /// Forgets the results of the last session (a new start, reset or import).
    pub fn clear(&mut self) {
        self.progress = None;
        self.results.clear();
        self.score = None;
        self.error = None;
        self.awaiting = false;
    }

    /// The worker crashed: a running evaluation will never finish.
    pub fn worker_lost(&mut self, message: &str) {
        if self.progress.take().is_some() || self.awaiting {
            self.error = Some(crate::ui::lost_worker::worker_lost_problem(message));
        }
        self.awaiting = false;
    }

    /// Folds a worker event into the state.
    pub fn apply(&mut self, event: &Event) {
        match event {
            Event::EvaluationProgress(progress) => {
                self.awaiting = false;
                self.progress = Some(progress.clone());
            }
            Event::Gan(GanEvent::Evaluated(evaluated)) => {
                self.progress = None;
                self.error = None;
                // An evaluation of the same iteration (asked again) replaces the earlier one.
                self.results
                    .retain(|earlier| earlier.iteration != evaluated.iteration);
                self.results.push(evaluated.clone());
                self.results.sort_by_key(|result| result.iteration);
            }
            Event::Gan(GanEvent::ImageScored(scored)) => {
                self.awaiting = false;
                self.error = None;
                self.score = Some(scored.clone());
            }
            Event::Gan(GanEvent::Status(None)) => self.clear(),
            Event::Failed { message } => {
                let ours = self.awaiting
                    || self.progress.is_some()
                    || message.starts_with("the evaluation stopped");
                if ours {
                    self.awaiting = false;
                    self.progress = None;
                    self.error = Some(message.clone());
                }
            }
            _ => {}
        }
    }

    /// The latest finished evaluation.
    pub fn latest(&self) -> Option<&GanEvaluated> {
        self.results.last()
    }

    /// `metric` over training, one `(iteration, value)` line per run in run order.
    pub fn over_training(&self, metric: &str) -> Vec<Vec<(f64, f64)>> {
        let runs = self.latest().map_or(0, |latest| latest.runs.len());
        (0..runs)
            .map(|index| {
                self.results
                    .iter()
                    .filter_map(|result| {
                        let row = find(&result.runs.get(index)?.rows, metric)?;
                        Some((result.iteration as f64, row.value))
                    })
                    .collect()
            })
            .collect()
    }
}

/// The labels of `runs`, in order.
pub fn run_labels(runs: &[RunEvaluationView]) -> Vec<String> {
    runs.iter().map(|run| run.label.clone()).collect()
}

/// The NDA-versus-baseline table of `runs` for `metrics` (those no run has are left out).
pub fn compare_runs(runs: &[RunEvaluationView], metrics: &[impl AsRef<str>]) -> Vec<ComparisonRow> {
    let collapsed: Vec<bool> = runs.iter().map(|run| is_collapsed(&run.rows)).collect();
    let (nda_collapsed, baseline_collapsed) = match collapsed.as_slice() {
        [nda, baseline] => (*nda, *baseline),
        _ => (false, false),
    };
    metrics
        .iter()
        .map(AsRef::as_ref)
        .filter_map(|metric| {
            let values: Vec<Option<(f64, Option<f64>)>> = runs
                .iter()
                .map(|run| find(&run.rows, metric).map(|row| (row.value, row.sd)))
                .collect();
            if values.iter().all(Option::is_none) {
                return None;
            }
            let difference = match values.as_slice() {
                [Some((nda, _)), Some((baseline, _))] => Some(nda - baseline),
                _ => None,
            };
            Some(ComparisonRow {
                metric: metric.to_string(),
                favours: difference.map(|difference| {
                    favours_unless_collapsed(metric, difference, nda_collapsed, baseline_collapsed)
                }),
                values,
                difference,
            })
        })
        .collect()
}

/// The per-set AUROC metrics (`auroc:<set>`) of the first of `runs`, in report order.
pub fn set_metrics_of(runs: &[RunEvaluationView]) -> Vec<String> {
    runs.first().map_or_else(Vec::new, |run| {
        run.rows
            .iter()
            .filter(|row| row.metric.starts_with("auroc:"))
            .map(|row| row.metric.clone())
            .collect()
    })
}

fn find<'a>(rows: &'a [MetricRow], metric: &str) -> Option<&'a MetricRow> {
    rows.iter().find(|row| row.metric == metric)
}

#[cfg(test)]
#[path = "state_tests.rs"]
mod tests;
