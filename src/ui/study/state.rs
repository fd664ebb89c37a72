//! The study section's view-model: the form of a paired multi-seed study of the page's GAN or
//! contrastive settings (its plan is in [`super::plan`]), the pairs finished so far (kept in the
//! browser so a reload resumes the study) and their statistics per metric.

use serde::{Deserialize, Serialize};

use crate::experiment::{ExperimentConfig, Task};
use crate::train::study::{
    DEFAULT_SEEDS, MAX_STUDY_SEEDS, MetricComparison, SeedResult, StudySettings, compare_arm,
};

use nda_protocol::study_messages::{StudyProgress, StudyUnitDone};
use nda_protocol::{Command, Event};

/// Primary metrics a GAN study in the page can declare: FD first, the one the metric validation
/// passes on every built-in set.
const GAN_PRIMARY_METRICS: [&str; 6] = ["fd", "kid", "diversity", "coverage", "structure", "auroc"];

/// Primary metrics a contrastive study in the page can declare (its encoders make no samples).
const CONTRASTIVE_PRIMARY_METRICS: [&str; 3] = ["knn_accuracy", "linear_accuracy", "auroc"];

/// Primary metrics of a video study (one the page shows from a link; the CLI runs it).
const VIDEO_PRIMARY_METRICS: [&str; 3] = ["motion_knn", "motion_linear_probe", "appearance_knn"];

/// The primary metrics a study of `task` can declare, the default first.
pub fn primary_metrics(task: Task) -> &'static [&'static str] {
    match task {
        Task::Gan => &GAN_PRIMARY_METRICS,
        Task::Contrastive => &CONTRASTIVE_PRIMARY_METRICS,
        Task::Video => &VIDEO_PRIMARY_METRICS,
    }
}

/// A study as the browser keeps it: its experiment and every finished pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredStudy {
    /// The experiment, with its study section.
    pub config: ExperimentConfig,
    /// The finished pairs, in the order they finished.
    pub pairs: Vec<StudyUnitDone>,
    /// What it runs, in one sentence (its plan when it started).
    #[serde(default)]
    pub description: String,
}

impl StoredStudy {
    /// Pairs in the plan.
    pub fn total(&self) -> usize {
        self.config.study_units().len()
    }
}

/// State of the study section.
#[derive(Debug, Clone, PartialEq)]
pub struct StudyState {
    /// The task whose settings the study runs.
    pub task: Task,
    /// Seeds 1 to this.
    pub seeds: usize,
    /// The declared primary metric.
    pub primary: String,
    /// Also run a control arm: the NDA arm's α without the NDA term (β 0).
    pub control_arm: bool,
    /// Browsers the study is split across (1: this one runs it all); see [`super::split`].
    pub split: usize,
    /// The study of an opened link or file that the form cannot express (its own arms or
    /// seeds); it runs instead of the form's until the form is edited.
    pub opened: Option<StudySettings>,
    /// Why the last edit was refused.
    pub form_error: Option<String>,
    /// The running or last study.
    pub study: Option<StoredStudy>,
    /// The worker is running it.
    pub running: bool,
    /// Where the running pair is.
    pub progress: Option<StudyProgress>,
    /// A refusal from the worker.
    pub error: Option<String>,
}

impl Default for StudyState {
    /// [`DEFAULT_SEEDS`] seeds (enough for the primary and the ten secondary metrics to reach
    /// p < 0.05 after Holm's correction), FD primary.
    fn default() -> Self {
        Self {
            task: Task::Gan,
            seeds: DEFAULT_SEEDS,
            primary: StudySettings::default().primary_metric,
            control_arm: false,
            split: 1,
            opened: None,
            form_error: None,
            study: None,
            running: false,
            progress: None,
            error: None,
        }
    }
}

impl StudyState {
    /// Sets the number of seeds from a field's text.
    pub fn edit_seeds(&mut self, text: &str) {
        match text.trim().parse::<usize>() {
            Ok(seeds) if (2..=MAX_STUDY_SEEDS).contains(&seeds) => {
                self.seeds = seeds;
                self.form_error = None;
                self.opened = None;
            }
            _ => {
                self.form_error = Some(format!(
                    "a study needs 2 to {MAX_STUDY_SEEDS} seeds, not \"{}\"",
                    text.trim()
                ));
            }
        }
    }

    /// Declares the primary metric.
    pub fn set_primary(&mut self, metric: &str) {
        if primary_metrics(self.task).contains(&metric) {
            self.primary = metric.to_string();
            self.opened = None;
        }
    }

    /// Adds or removes the GAN's α-only control arm.
    pub fn set_control_arm(&mut self, control: bool) {
        self.control_arm = control;
        self.opened = None;
    }

    /// Chooses the task the study runs; its primary metric becomes that task's first one unless
    /// the task has the declared one, and a contrastive study has no α-only control arm.
    pub fn set_task(&mut self, task: Task) {
        self.task = task;
        self.opened = None;
        let metrics = primary_metrics(task);
        if !metrics.contains(&self.primary.as_str()) {
            self.primary = metrics[0].to_string();
        }
        self.control_arm &= task == Task::Gan;
    }

    /// The command that runs the study of `page` from its first pair.
    pub fn start(&mut self, page: &ExperimentConfig) -> Option<Command> {
        match self.plan(page) {
            Ok(plan) => {
                self.study = Some(StoredStudy {
                    config: plan.config.clone(),
                    pairs: Vec::new(),
                    description: plan.description.clone(),
                });
                self.begin(plan.config, Vec::new())
            }
            Err(message) => {
                self.error = Some(message);
                None
            }
        }
    }

    /// Whether a stored study has pairs left and is not running.
    pub fn can_resume(&self) -> bool {
        !self.running
            && self
                .study
                .as_ref()
                .is_some_and(|study| study.pairs.len() < study.total())
    }

    /// The command that runs the rest of the stored study.
    pub fn resume(&mut self) -> Option<Command> {
        let study = self.study.as_ref().filter(|_| self.can_resume())?;
        let done = study.pairs.iter().map(|pair| pair.unit).collect();
        let config = study.config.clone();
        self.begin(config, done)
    }

    fn begin(&mut self, config: ExperimentConfig, done: Vec<usize>) -> Option<Command> {
        self.running = true;
        self.error = None;
        self.progress = None;
        Some(Command::StudyRun {
            config: Box::new(config),
            done,
        })
    }

    /// The command that stops the study.
    pub fn stop(&mut self) -> Command {
        Command::StudyStop
    }

    /// The worker crashed: the study no longer runs (its finished pairs are kept to resume).
    pub fn worker_lost(&mut self, message: &str) {
        if self.running {
            self.running = false;
            self.progress = None;
            self.error = Some(crate::ui::lost_worker::worker_lost_problem(message));
        }
    }

    /// Folds a worker event in; returns whether the stored study changed (to save it).
    pub fn apply(&mut self, event: &Event) -> bool {
        match event {
            Event::StudyProgress(progress) => {
                self.progress = Some(progress.clone());
                false
            }
            Event::StudyUnitDone(pair) => {
                let Some(study) = self.study.as_mut() else {
                    return false;
                };
                study.pairs.retain(|earlier| earlier.unit != pair.unit);
                study.pairs.push(pair.clone());
                true
            }
            Event::StudyEnded { .. } => {
                self.running = false;
                self.progress = None;
                false
            }
            Event::Failed { message } if message.starts_with("cannot run the study") => {
                self.running = false;
                self.error = Some(message.clone());
                false
            }
            _ => false,
        }
    }

    /// Per arm, the statistics of every metric over the finished pairs (primary first).
    pub fn comparisons(&self) -> Vec<(String, Vec<MetricComparison>)> {
        let Some(study) = &self.study else {
            return Vec::new();
        };
        let settings = &study.config.study;
        let mut arms: Vec<String> = Vec::new();
        for pair in &study.pairs {
            if !arms.contains(&pair.arm) {
                arms.push(pair.arm.clone());
            }
        }
        arms.into_iter()
            .map(|arm| {
                let mut seeds: Vec<SeedResult> = study
                    .pairs
                    .iter()
                    .filter(|pair| pair.arm == arm)
                    .map(|pair| SeedResult {
                        seed: pair.seed,
                        nda: pair.nda.clone(),
                        baseline: pair.baseline.clone(),
                    })
                    .collect();
                seeds.sort_by_key(|seed| seed.seed);
                let comparisons = compare_arm(
                    &settings.primary_metric,
                    &settings.secondary_metrics,
                    &seeds,
                );
                (arm, comparisons)
            })
            .collect()
    }

    /// Seconds the rest of the study needs at the pace of its finished pairs.
    pub fn seconds_left(&self) -> Option<f64> {
        let study = self.study.as_ref()?;
        if study.pairs.is_empty() {
            return None;
        }
        let mean =
            study.pairs.iter().map(|pair| pair.millis).sum::<f64>() / study.pairs.len() as f64;
        Some(mean * (study.total() - study.pairs.len()) as f64 / 1_000.0)
    }
}

#[cfg(test)]
#[path = "state_tests.rs"]
mod tests;
