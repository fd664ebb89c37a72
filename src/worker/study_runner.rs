//! A study in the worker: its NDA/baseline pairs one after another, each an ordinary GAN session
//! on the study's built-in set (generated here, so the Data panel's set is left alone) that is
//! evaluated once at its last iteration. Pairs already done (a reload midway) are skipped.
//!
//! Free of browser code (the clock is passed in, events are returned), so it is tested natively.

use burn::tensor::Device;

use super::evaluation_messages::GanEvaluated;
use super::gan_session::GanSession;
use super::protocol::Event;
use super::study_messages::{StudyProgress, StudyUnitDone};
use crate::data::{BuiltinSpec, ImageSet, generate};
use crate::experiment::{DatasetChoice, ExperimentConfig, StudyUnit};
use crate::train::evaluation::EvaluationSettings;

/// Least time between two progress reports while a pair trains, in milliseconds.
pub const PROGRESS_MILLIS: f64 = 500.0;

struct CurrentPair {
    unit: usize,
    session: GanSession,
    started: f64,
}

/// The pairs of a study still to run, and the one running.
pub struct StudyRunner {
    units: Vec<StudyUnit>,
    pending: Vec<usize>,
    spec: BuiltinSpec,
    set: ImageSet,
    current: Option<CurrentPair>,
    last_progress: f64,
}

impl StudyRunner {
    /// The study of `config` without the pairs in `done`; refuses a study on uploads or with
    /// bad settings.
    pub fn new(config: &ExperimentConfig, done: &[usize]) -> Result<Self, String> {
        config.validate().map_err(|error| error.to_string())?;
        let DatasetChoice::Builtin(spec) = config.dataset else {
            return Err(
                "a study needs a built-in dataset for now: uploaded images have no \
                        evaluators yet"
                    .into(),
            );
        };
        let units = config.study_units();
        let pending = (0..units.len())
            .filter(|unit| !done.contains(unit))
            .collect();
        let set = generate(&spec).map_err(|error| error.to_string())?;
        Ok(Self {
            units,
            pending,
            spec,
            set,
            current: None,
            last_progress: f64::NEG_INFINITY,
        })
    }

    /// The built-in set the study trains on.
    pub fn spec(&self) -> BuiltinSpec {
        self.spec
    }

    /// The running pair's session, if one runs.
    pub fn session(&self) -> Option<&GanSession> {
        self.current.as_ref().map(|pair| &pair.session)
    }

    /// The evaluation settings of the running pair.
    pub fn evaluation(&self) -> Option<EvaluationSettings> {
        let pair = self.current.as_ref()?;
        Some(self.units[pair.unit].config.evaluation.clone())
    }

    /// One step of the study: starts the next pair if none runs, else trains the running one an
    /// iteration. Returns the events to post and whether the pair is due for its evaluation;
    /// `None` when every pair is done.
    pub async fn tick(
        &mut self,
        device: &Device,
        on_gpu: bool,
        now: fn() -> f64,
    ) -> Option<(Vec<Event>, bool)> {
        if self.current.is_none() {
            if self.pending.is_empty() {
                return None;
            }
            let unit = self.pending.remove(0);
            let config = &self.units[unit].config;
            let experiment = config.gan_experiment();
            match GanSession::start(&experiment, &self.set, device, on_gpu) {
                Ok(mut session) => {
                    session.plan_evaluations(vec![experiment.iterations]);
                    self.current = Some(CurrentPair {
                        unit,
                        session,
                        started: now(),
                    });
                    self.last_progress = now();
                    return Some((vec![self.progress("training")], false));
                }
                Err(error) => {
                    return Some((vec![self.failed(unit, error.to_string(), 0.0)], false));
                }
            }
        }
        let pair = self.current.as_mut()?;
        let events = pair.session.tick(now).await;
        let problem = events.iter().find_map(|event| match event {
            Event::GanStatus(Some(status)) => status.problem.clone(),
            _ => None,
        });
        if let Some(problem) = problem {
            let (unit, millis) = (pair.unit, now() - pair.started);
            self.current = None;
            return Some((vec![self.failed(unit, problem, millis)], false));
        }
        let due = pair.session.take_due_evaluation();
        let mut events = Vec::new();
        if due || now() - self.last_progress >= PROGRESS_MILLIS {
            self.last_progress = now();
            events.push(self.progress(if due { "evaluating" } else { "training" }));
        }
        Some((events, due))
    }

    /// The running pair's evaluation finished (`Ok`) or failed: the pair is done.
    pub fn finish(&mut self, evaluated: Result<GanEvaluated, String>, now: fn() -> f64) -> Event {
        let Some(pair) = self.current.take() else {
            return Event::Failed {
                message: "the study has no running pair to finish".into(),
            };
        };
        let millis = now() - pair.started;
        match evaluated {
            Ok(evaluated) => {
                let unit = &self.units[pair.unit];
                let mut runs = evaluated.runs.into_iter().map(|run| run.rows);
                Event::StudyUnitDone(StudyUnitDone {
                    unit: pair.unit,
                    arm: unit.arm.clone(),
                    seed: unit.seed,
                    nda: runs.next(),
                    baseline: runs.next(),
                    problem: None,
                    millis,
                })
            }
            Err(problem) => self.failed(pair.unit, problem, millis),
        }
    }

    fn failed(&self, unit: usize, problem: String, millis: f64) -> Event {
        Event::StudyUnitDone(StudyUnitDone {
            unit,
            arm: self.units[unit].arm.clone(),
            seed: self.units[unit].seed,
            nda: None,
            baseline: None,
            problem: Some(problem),
            millis,
        })
    }

    fn progress(&self, stage: &str) -> Event {
        let (unit, iteration) = self
            .current
            .as_ref()
            .map_or((0, 0), |pair| (pair.unit, pair.session.iteration()));
        Event::StudyProgress(StudyProgress {
            unit,
            total: self.units.len(),
            arm: self.units[unit].arm.clone(),
            seed: self.units[unit].seed,
            iteration,
            iterations: self.units[unit].config.iterations,
            stage: stage.to_string(),
        })
    }
}

#[cfg(test)]
#[path = "study_runner_tests.rs"]
mod tests;
