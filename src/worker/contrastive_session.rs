//! The worker's contrastive session: the MoCo + NDA run, and its baseline (`m = 0`, same seed)
//! stepped side by side. It turns the page's controls into steps and decides when to read values
//! back: points at most every [`REPORT_MILLIS`], an evaluation (k-NN, probe, map, neighbours,
//! similarity histogram) before the first step, every `evaluate_every` steps and at the end.
//!
//! Free of browser code (the clock is passed in, events are returned), so it is tested natively.

use burn::tensor::Device;

use super::contrastive_messages::{
    ContrastiveAnomaly, ContrastiveControl, ContrastiveEvaluated, ContrastiveProgress,
    ContrastiveRunInfo, ContrastiveStatus, HeldOutImages,
};
use super::evaluation_messages::RunEvaluationView;
use super::explained::read_explained;
use super::fault::{FaultContext, fault_message, is_device_fault};
use super::gan_messages::TrainingPhase;
use super::gan_session::REPORT_MILLIS;
use super::protocol::Event;
use crate::data::{BuiltinDataset, ImageSet, mosaic_from_set};
use crate::train::evaluation::settings::{MAX_EVALUATION_IMAGES, MIN_EVALUATION_IMAGES};
use crate::train::evaluation::suite::anomaly_rows;
use crate::train::evaluation::{encoder_anomaly, encoder_benchmark, seen_kinds};
use crate::train::host_weights::HostWeights;
use crate::train::memory::{CPU_PAGE_BUDGET, WEBGPU_BUDGET, check_contrastive_fits};
use crate::train::teaching::ContrastiveCapture;
use crate::train::{
    AccuracyPoint, ContrastiveExperiment, ContrastivePoint, ContrastiveRun, TrainError,
};

/// A contrastive session in the worker.
pub struct ContrastiveSession {
    pub(super) runs: Vec<(ContrastiveRunInfo, ContrastiveRun)>,
    pub(super) phase: TrainingPhase,
    /// Per run, every point reported and every evaluation's accuracies and map (for run files).
    pub(super) history: Vec<RunHistory>,
    pub(super) total_steps: usize,
    pub(super) evaluate_every: usize,
    training_millis: f64,
    last_report_at: f64,
    /// Whether the encoders were evaluated yet: the first tick evaluates them untrained.
    pub(super) evaluated: bool,
    problem: Option<String>,
    keep_host_copies: bool,
    host_copies: Vec<HostWeights>,
    device_failed: bool,
    builtin: Option<BuiltinDataset>,
}

/// What a run reported, kept for its run file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunHistory {
    /// Every point reported.
    pub points: Vec<ContrastivePoint>,
    /// Every evaluation's accuracies.
    pub accuracy: Vec<AccuracyPoint>,
    /// The last evaluation's held-out map, `x,y,label` lines.
    pub map_csv: Option<String>,
}

impl ContrastiveSession {
    /// Builds the runs of `experiment` on `set` (autodiff `device`); it runs from the next tick.
    pub fn start(
        experiment: &ContrastiveExperiment,
        set: &ImageSet,
        device: &Device,
        keep_host_copies: bool,
    ) -> Result<Self, TrainError> {
        experiment.validate()?;
        // Host copies are kept exactly on a GPU; a step that cannot fit is refused up front.
        let budget = if keep_host_copies {
            &WEBGPU_BUDGET
        } else {
            &CPU_PAGE_BUDGET
        };
        check_contrastive_fits(&experiment.config, budget)?;
        let mut runs = Vec::new();
        for (name, config) in experiment.runs() {
            let label = if name == "nda" { "NDA" } else { "Baseline" };
            let run = ContrastiveRun::new(config.clone(), set, device)?;
            let info = ContrastiveRunInfo {
                label: label.to_string(),
                config,
            };
            runs.push((info, run));
        }
        Ok(Self {
            history: vec![RunHistory::default(); runs.len()],
            runs,
            phase: TrainingPhase::Running,
            total_steps: experiment.steps,
            evaluate_every: experiment.evaluate_every,
            training_millis: 0.0,
            last_report_at: f64::NEG_INFINITY,
            evaluated: false,
            problem: None,
            keep_host_copies,
            host_copies: Vec::new(),
            device_failed: false,
            builtin: None,
        })
    }

    /// The held-out images (the same for every run: they share the seed and the split).
    pub fn held_out_images(&self) -> Option<HeldOutImages> {
        let (_, run) = self.runs.first()?;
        let held_out = &run.evaluation_set().held_out;
        Some(HeldOutImages {
            thumbnails: (0..held_out.len())
                .map(|index| mosaic_from_set(held_out, &[index], 1))
                .collect(),
            labels: held_out.labels().to_vec(),
            class_names: held_out.class_names().to_vec(),
        })
    }

    /// The state the page shows.
    pub fn status(&self) -> ContrastiveStatus {
        ContrastiveStatus {
            phase: self.phase,
            runs: self.runs.iter().map(|(info, _)| info.clone()).collect(),
            total_steps: self.total_steps,
            problem: self.problem.clone(),
            can_continue_on_cpu_from: self.continue_point(),
            accuracy_unavailable_because: self
                .runs
                .first()
                .and_then(|(_, run)| run.evaluation_set().accuracy_unavailable_because.clone()),
        }
    }

    /// Whether the worker should keep stepping.
    pub fn is_running(&self) -> bool {
        self.phase == TrainingPhase::Running
    }

    /// Completed steps.
    pub fn steps(&self) -> usize {
        self.runs.first().map_or(0, |(_, run)| run.step_count())
    }

    /// One step of every run while running (after the first evaluation), with the due reports.
    pub async fn tick(&mut self, now: fn() -> f64) -> Vec<Event> {
        if !self.evaluated {
            return self.evaluate_or_fail().await;
        }
        let started = now();
        if let Err(error) = self.step() {
            return vec![self.fail(error)];
        }
        self.training_millis += now() - started;
        let step = self.steps();
        let finished = step >= self.total_steps;
        let evaluation_due = finished || step.is_multiple_of(self.evaluate_every);
        let mut events = Vec::new();
        if evaluation_due || started - self.last_report_at >= REPORT_MILLIS {
            match self.report(now).await {
                Ok(reports) => events.extend(reports),
                Err(error) => return vec![self.fail(error)],
            }
        }
        if evaluation_due {
            events.extend(self.evaluate_or_fail().await);
        }
        if finished && self.phase == TrainingPhase::Running {
            self.phase = TrainingPhase::Finished;
            events.push(Event::ContrastiveStatus(Some(self.status())));
        }
        events
    }

    /// Applies a control; returns the events to post.
    pub async fn control(&mut self, control: ContrastiveControl, now: fn() -> f64) -> Vec<Event> {
        match control {
            ContrastiveControl::Pause | ContrastiveControl::Stop => {
                let was_running = self.is_running();
                self.phase = match control {
                    ContrastiveControl::Pause if was_running => TrainingPhase::Paused,
                    ContrastiveControl::Pause => self.phase,
                    _ => TrainingPhase::Stopped,
                };
                let mut events = Vec::new();
                if was_running {
                    events.extend(self.report_or_fail(now).await);
                }
                events.push(Event::ContrastiveStatus(Some(self.status())));
                events
            }
            ContrastiveControl::Resume if self.phase == TrainingPhase::Paused => {
                self.phase = TrainingPhase::Running;
                vec![Event::ContrastiveStatus(Some(self.status()))]
            }
            ContrastiveControl::Resume => vec![Event::Failed {
                message: "only a paused run can resume: this one has ended; start a new run".into(),
            }],
            ContrastiveControl::Reset => vec![Event::ContrastiveStatus(None)],
            ContrastiveControl::Step => self.single_step(false, now).await,
            ContrastiveControl::Explain => self.single_step(true, now).await,
            ContrastiveControl::Evaluate => self.evaluate_or_fail().await,
        }
    }

    /// Continues a session whose device failed on `device` (autodiff) from the host copies of
    /// its weights; the session is paused afterwards.
    pub fn continue_on(&mut self, set: &ImageSet, device: &Device) -> Result<(), TrainError> {
        if self.host_copies.len() != self.runs.len() {
            return Err(TrainError::Readback(
                "no copy of the weights was saved".into(),
            ));
        }
        let mut moved = Vec::with_capacity(self.runs.len());
        for ((info, run), copy) in self.runs.iter().zip(&self.host_copies) {
            moved.push((info.clone(), run.continue_on(copy, set, device)?));
        }
        self.runs = moved;
        self.phase = TrainingPhase::Paused;
        self.problem = None;
        self.device_failed = false;
        self.keep_host_copies = false;
        Ok(())
    }

    /// One step of every run (pausing the session); with `explain`, also the walk-through of
    /// that step (NDA first) after its reports.
    async fn single_step(&mut self, explain: bool, now: fn() -> f64) -> Vec<Event> {
        if self.problem.is_some() || self.phase == TrainingPhase::Finished {
            return vec![Event::Failed {
                message: "this run has ended; start a new run to train again".into(),
            }];
        }
        self.phase = TrainingPhase::Paused;
        let started = now();
        let stepped = if explain {
            self.explained_step()
        } else {
            self.step().map(|()| Vec::new())
        };
        let captures = match stepped {
            Ok(captures) => captures,
            Err(error) => return vec![self.fail(error)],
        };
        self.training_millis += now() - started;
        let mut events = vec![Event::ContrastiveStatus(Some(self.status()))];
        events.extend(self.report_or_fail(now).await);
        if explain {
            events.push(match read_explained(captures).await {
                Ok(steps) => Event::ContrastiveExplained(steps),
                Err(message) => Event::Failed { message },
            });
        }
        events
    }

    /// One step of every run, keeping what the walk-through shows.
    fn explained_step(&mut self) -> Result<Vec<(String, ContrastiveCapture)>, TrainError> {
        let mut captures = Vec::with_capacity(self.runs.len());
        for (info, run) in &mut self.runs {
            captures.push((info.label.clone(), run.explained_step()?));
        }
        Ok(captures)
    }

    fn step(&mut self) -> Result<(), TrainError> {
        for (_, run) in &mut self.runs {
            run.step()?;
        }
        Ok(())
    }

    async fn report_or_fail(&mut self, now: fn() -> f64) -> Vec<Event> {
        match self.report(now).await {
            Ok(events) => events,
            Err(error) => vec![self.fail(error)],
        }
    }

    /// Reads every run's latest point.
    async fn report(&mut self, now: fn() -> f64) -> Result<Vec<Event>, TrainError> {
        let mut events = Vec::new();
        for (index, (_, run)) in self.runs.iter_mut().enumerate() {
            if let Some(point) = run.read_point().await? {
                if let Some(history) = self.history.get_mut(index) {
                    // Steps only grow: a repeated report (a pause after a step) is the last one.
                    if history
                        .points
                        .last()
                        .is_some_and(|kept| kept.step == point.step)
                    {
                        history.points.pop();
                    }
                    history.points.push(point.clone());
                }
                events.push(Event::ContrastiveProgress(ContrastiveProgress {
                    run: index,
                    point,
                    training_millis: self.training_millis,
                }));
            }
        }
        self.last_report_at = now();
        Ok(events)
    }

    async fn evaluate_or_fail(&mut self) -> Vec<Event> {
        match self.evaluate().await {
            Ok(events) => events,
            Err(error) => vec![self.fail(error)],
        }
    }

    /// Evaluates every run (and keeps host copies of the weights on a GPU).
    async fn evaluate(&mut self) -> Result<Vec<Event>, TrainError> {
        let mut events = Vec::new();
        for (index, (_, run)) in self.runs.iter().enumerate() {
            let evaluation = run.evaluate().await?;
            if let Some(history) = self.history.get_mut(index) {
                if history
                    .accuracy
                    .last()
                    .is_some_and(|kept| kept.step == evaluation.step)
                {
                    history.accuracy.pop();
                }
                history.accuracy.push(AccuracyPoint {
                    step: evaluation.step,
                    knn: evaluation.knn_accuracy,
                    linear: evaluation.linear_accuracy,
                });
                history.map_csv = Some(evaluation.map_csv(run.evaluation_set().held_out.labels()));
            }
            events.push(Event::ContrastiveEvaluated(ContrastiveEvaluated {
                run: index,
                evaluation,
            }));
        }
        if self.keep_host_copies {
            let mut copies = Vec::with_capacity(self.runs.len());
            for (_, run) in &self.runs {
                copies.push(run.read_host_weights().await?);
            }
            self.host_copies = copies;
        }
        self.evaluated = true;
        Ok(events)
    }

    /// The session trains on `builtin` (`None`: on a person's images), which decides the
    /// in-distribution images of anomaly detection.
    pub fn trained_on(mut self, builtin: Option<BuiltinDataset>) -> Self {
        self.builtin = builtin;
        self
    }

    /// Anomaly detection by every run's encoder now, on `count` images per set: fresh held-out
    /// images when the session trains on a built-in set, else its held-out split.
    pub async fn measure_anomaly(
        &self,
        count: usize,
        device: &Device,
        now: fn() -> f64,
    ) -> Result<ContrastiveAnomaly, TrainError> {
        let allowed = MIN_EVALUATION_IMAGES..=MAX_EVALUATION_IMAGES;
        if !allowed.contains(&count) {
            return Err(TrainError::out_of_range(
                "anomaly images",
                count,
                "between 20 and 5000",
            ));
        }
        let started = now();
        let (_, nda) = self
            .runs
            .first()
            .ok_or(TrainError::Evaluation("the session has no run".to_string()))?;
        let builtin = self.builtin;
        let benchmark = encoder_benchmark(builtin, nda, count)?;
        let seen = seen_kinds(&nda.config().negatives);
        let mut runs = Vec::new();
        for (index, (info, run)) in self.runs.iter().enumerate() {
            let report = encoder_anomaly(run, &benchmark, &seen, device).await?;
            let rows = anomaly_rows(&report, run.step_count());
            runs.push(RunEvaluationView::new(index, &info.label, rows, &report)?);
        }
        let in_distribution = match builtin {
            Some(dataset) => format!("fresh held-out {} images", dataset.label()),
            None => "your held-out images (never trained on)".to_string(),
        };
        Ok(ContrastiveAnomaly {
            step: self.steps(),
            runs,
            images_per_set: benchmark.images_per_set(),
            in_distribution,
            millis: now() - started,
        })
    }

    fn continue_point(&self) -> Option<usize> {
        let complete = self.device_failed && self.host_copies.len() == self.runs.len();
        complete
            .then(|| self.host_copies.iter().map(|copy| copy.iteration).min())
            .flatten()
    }

    /// Stops on a fault with a message that says what happened and what is kept.
    fn fail(&mut self, error: TrainError) -> Event {
        self.phase = TrainingPhase::Stopped;
        self.device_failed |= is_device_fault(&error);
        let context = FaultContext {
            unit: "step",
            position: self.steps(),
            still_usable_for: "evaluate",
            continue_from: self.continue_point(),
        };
        self.problem = Some(fault_message(&error, &context));
        Event::ContrastiveStatus(Some(self.status()))
    }
}

#[cfg(test)]
#[path = "contrastive_session_tests.rs"]
mod tests;
