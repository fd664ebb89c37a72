//! The worker's contrastive session: the MoCo + NDA run, and its baseline (`m = 0`, same seed)
//! stepped side by side. It turns the page's controls into steps and decides when to read values
//! back: points at most every [`REPORT_MILLIS`](crate::session_core::REPORT_MILLIS), an
//! evaluation (k-NN, probe, map, neighbours, similarity histogram) before the first step, every
//! `evaluate_every` steps and at the end. What every task's session shares is its
//! [`SessionCore`].
//!
//! Free of browser code (the clock is passed in, events are returned), so it is tested natively.

use burn::tensor::Device;
use nda_protocol::{ContrastiveEvent, Event};

use crate::measured_session::MeasuredSession;
use crate::session_control::controlled_session;
use crate::session_core::{SessionCore, keep_latest};
use nda_core::data::{BuiltinDataset, ImageSet};
use nda_core::eval::Projection2d;
use nda_core::train::teaching::{ContrastiveCapture, ExplainedContrastiveStep};
use nda_core::train::timeline::MAX_FRAMES;
use nda_core::train::{
    AccuracyPoint, ContrastiveConfig, ContrastiveExperiment, ContrastivePoint, ContrastiveRun,
    Timeline, TrainError,
};
use nda_protocol::contrastive::messages::{
    ContrastiveEvaluated, ContrastiveProgress, ContrastiveStatus,
};

/// A contrastive session in the worker.
pub struct ContrastiveSession {
    /// The encoders, phase, faults and host copies every task's session keeps.
    pub(crate) core: SessionCore<ContrastiveConfig, ContrastiveRun>,
    /// Per run, every point reported and every evaluation's accuracies and map (for run files).
    pub(crate) history: Vec<RunHistory>,
    pub(crate) evaluate_every: usize,
    /// Whether the encoders were evaluated yet: the first tick evaluates them untrained.
    pub(crate) evaluated: bool,
    pub(crate) builtin: Option<BuiltinDataset>,
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
    /// The held-out map at every evaluation (the run file's and the page's timeline).
    pub maps: Timeline<Projection2d>,
}

impl ContrastiveSession {
    /// Builds the runs of `experiment` on `set` (autodiff `device`); it runs from the next tick.
    pub fn start(
        experiment: &ContrastiveExperiment,
        set: &ImageSet,
        device: &Device,
        keep_host_copies: bool,
    ) -> Result<Self, TrainError> {
        let core = SessionCore::start(experiment, set, device, keep_host_copies)?;
        let history = RunHistory {
            maps: Timeline::every(experiment.evaluate_every),
            ..RunHistory::default()
        };
        Ok(Self {
            history: vec![history; core.runs.len()],
            core,
            evaluate_every: experiment.evaluate_every,
            evaluated: false,
            builtin: None,
        })
    }

    /// The state the page shows.
    pub fn status(&self) -> ContrastiveStatus {
        let no_accuracy_because = self
            .core
            .runs
            .first()
            .and_then(|(_, run)| run.evaluation_set().accuracy_unavailable_because.clone());
        self.core.status(no_accuracy_because)
    }

    /// Whether the worker should keep stepping.
    pub fn is_running(&self) -> bool {
        self.core.is_running()
    }

    /// Completed steps.
    pub fn steps(&self) -> usize {
        self.core.steps()
    }

    /// Continues a session whose device failed on `device` (autodiff) from the host copies of
    /// its weights; the session is paused afterwards.
    pub fn continue_on(&mut self, set: &ImageSet, device: &Device) -> Result<(), TrainError> {
        self.core.continue_on(set, device)
    }

    /// The session trains on `builtin` (`None`: on a person's images), which decides the
    /// in-distribution images of anomaly detection.
    pub fn trained_on(mut self, builtin: Option<BuiltinDataset>) -> Self {
        self.builtin = builtin;
        self
    }
}

impl MeasuredSession for ContrastiveSession {
    type Config = ContrastiveConfig;
    type Run = ContrastiveRun;
    type Capture = ContrastiveCapture;

    fn core(&mut self) -> &mut SessionCore<ContrastiveConfig, ContrastiveRun> {
        &mut self.core
    }

    fn evaluated(&self) -> bool {
        self.evaluated
    }

    fn evaluate_every(&self) -> usize {
        self.evaluate_every
    }

    fn status_now(&self) -> Event {
        Event::Contrastive(ContrastiveEvent::Status(Some(self.status())))
    }

    /// Stops on a fault with a message that says what happened and what is kept.
    fn fail(&mut self, error: TrainError) -> Event {
        self.core.fail(&error, "step", "evaluate");
        Event::Contrastive(ContrastiveEvent::Status(Some(self.status())))
    }

    /// Reads every run's latest point.
    async fn report(&mut self, now: fn() -> f64) -> Result<Vec<Event>, TrainError> {
        let mut events = Vec::new();
        for (index, (_, run)) in self.core.runs.iter_mut().enumerate() {
            if let Some(point) = run.read_point().await? {
                if let Some(history) = self.history.get_mut(index) {
                    keep_latest(&mut history.points, point.clone(), |kept| kept.step);
                }
                events.push(Event::Contrastive(ContrastiveEvent::Progress(
                    ContrastiveProgress {
                        run: index,
                        point,
                        training_millis: self.core.training_millis,
                    },
                )));
            }
        }
        self.core.last_report_at = now();
        Ok(events)
    }

    /// Evaluates every run (and keeps host copies of the weights on a GPU).
    async fn evaluate(&mut self) -> Result<Vec<Event>, TrainError> {
        let mut events = Vec::new();
        for (index, (_, run)) in self.core.runs.iter().enumerate() {
            let evaluation = run.evaluate().await?;
            if let Some(history) = self.history.get_mut(index) {
                let accuracy = AccuracyPoint {
                    step: evaluation.step,
                    knn: evaluation.knn_accuracy,
                    linear: evaluation.linear_accuracy,
                };
                keep_latest(&mut history.accuracy, accuracy, |kept| kept.step);
                history.map_csv = Some(evaluation.map_csv(run.evaluation_set().held_out.labels()));
                history
                    .maps
                    .push(evaluation.step, evaluation.map.clone(), MAX_FRAMES);
            }
            events.push(Event::Contrastive(ContrastiveEvent::Evaluated(
                ContrastiveEvaluated {
                    run: index,
                    evaluation,
                    evaluate_every: self.evaluate_every,
                },
            )));
        }
        self.core.keep_host_copies().await?;
        self.evaluated = true;
        Ok(events)
    }

    fn explained_step(run: &mut ContrastiveRun) -> Result<ContrastiveCapture, TrainError> {
        run.explained_step()
    }

    fn explained(steps: Vec<ExplainedContrastiveStep>) -> Event {
        Event::Contrastive(ContrastiveEvent::Explained(steps))
    }
}

controlled_session!(
    ContrastiveSession,
    ContrastiveConfig,
    ContrastiveRun,
    |status| Event::Contrastive(ContrastiveEvent::Status(status)),
    measured
);

#[cfg(test)]
#[path = "session_tests.rs"]
mod tests;
