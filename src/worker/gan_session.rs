//! The worker's GAN session: one NDA run, or an NDA run and its baseline trained side by side
//! with the same seed (weights, data order, noise), step for step. It turns the page's controls
//! into steps and decides when to read values back: points at most every [`REPORT_MILLIS`], the
//! fixed-noise grid every `sample_every` iterations but at most every [`SNAPSHOT_MILLIS`], and
//! both at once after a teaching step, a pause, a stop or the end.
//!
//! It is free of browser code (the clock is passed in and events are returned), so it is tested
//! natively.

use burn::tensor::Device;

use super::explained::read_explained;
use super::fault::{FaultContext, fault_message, is_device_fault};
use super::gan_messages::{
    GanControl, GanHistory, GanProgress, GanRunInfo, GanSamples, GanSnapshot, GanStatus,
    TrainingPhase,
};
use super::protocol::Event;
use crate::data::ImageSet;
use crate::experiment::{ArchivedRun, ExperimentConfig, RUN_LABELS, RunArchive};
use crate::train::GanPoint;
use crate::train::evaluation::MetricRow;
use crate::train::host_weights::HostWeights;
use crate::train::memory::{CPU_PAGE_BUDGET, WEBGPU_BUDGET, check_gan_fits};
use crate::train::teaching::StepCapture;
use crate::train::{GanExperiment, GanRun, SampleRequest, TrainError, plan_samples};

/// Least time between two chart reports while running, in milliseconds.
pub const REPORT_MILLIS: f64 = 200.0;
/// Least time between two grid refreshes while running, in milliseconds.
pub const SNAPSHOT_MILLIS: f64 = 1_000.0;

/// A GAN session in the worker.
pub struct GanSession {
    runs: Vec<(GanRunInfo, GanRun)>,
    phase: TrainingPhase,
    total_iterations: usize,
    sample_every: usize,
    training_millis: f64,
    last_report_at: f64,
    last_snapshot_at: f64,
    last_snapshot_iteration: usize,
    problem: Option<String>,
    /// Keep host copies of the weights at every snapshot (on a GPU, which can be lost).
    keep_host_copies: bool,
    /// The latest host copy of each run's weights.
    host_copies: Vec<Option<HostWeights>>,
    /// The device failed: continuing needs another device.
    device_failed: bool,
    /// Every point reported, per run (what an exported run's metrics hold).
    history: Vec<Vec<GanPoint>>,
    /// Iterations after which the runs are evaluated (empty: only on request).
    evaluate_at: Vec<usize>,
    /// An evaluation fell due at the last iteration and waits for the worker to run it.
    evaluation_due: bool,
}

/// What a single step does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Discriminator,
    Generator,
    Iteration,
}

impl GanSession {
    /// Builds the runs of `experiment` on `set` (autodiff `device`) and starts running.
    pub fn start(
        experiment: &GanExperiment,
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
        check_gan_fits(&experiment.gan, budget)?;
        let mut runs = Vec::new();
        // One run, or the NDA run and its baseline.
        for (name, config) in experiment.runs() {
            let label = match name {
                "nda" => "NDA",
                _ => "Baseline",
            };
            let run = GanRun::new(config.clone(), set, device)?;
            let info = GanRunInfo {
                label: label.to_string(),
                config,
            };
            runs.push((info, run));
        }
        let count = runs.len();
        Ok(Self {
            runs,
            phase: TrainingPhase::Running,
            total_iterations: experiment.iterations,
            sample_every: experiment.sample_every,
            training_millis: 0.0,
            last_report_at: f64::NEG_INFINITY,
            last_snapshot_at: f64::NEG_INFINITY,
            last_snapshot_iteration: 0,
            problem: None,
            keep_host_copies,
            host_copies: Vec::new(),
            device_failed: false,
            history: vec![Vec::new(); count],
            evaluate_at: Vec::new(),
            evaluation_due: false,
        })
    }

    /// A paused session from an exported run: the same settings, the archive's weights and
    /// metrics, on `set` and the autodiff `device`.
    pub fn import(
        archive: &RunArchive,
        set: &ImageSet,
        device: &Device,
        keep_host_copies: bool,
    ) -> Result<Self, TrainError> {
        let experiment = archive.config.gan_experiment();
        let mut session = Self::start(&experiment, set, device, keep_host_copies)?;
        for ((_, run), (archived, history)) in session
            .runs
            .iter_mut()
            .zip(archive.runs.iter().zip(&mut session.history))
        {
            *run = run.continue_on(&archived.weights, set, device)?;
            history.clone_from(&archived.points);
        }
        session.phase = if session.iterations() >= session.total_iterations {
            TrainingPhase::Finished
        } else {
            TrainingPhase::Paused
        };
        Ok(session)
    }

    /// The whole session as a run file (see [`RunArchive`]): `config` is the page's settings,
    /// `evaluation` each run's evaluation rows so far (its `evaluation.csv`).
    pub async fn export(
        &self,
        config: &ExperimentConfig,
        evaluation: &[Vec<MetricRow>],
    ) -> Result<Vec<u8>, String> {
        let mut runs = Vec::with_capacity(self.runs.len());
        for (index, (((_, run), label), points)) in self
            .runs
            .iter()
            .zip(RUN_LABELS)
            .zip(&self.history)
            .enumerate()
        {
            let mut archived = ArchivedRun::read(label, run, points.clone()).await?;
            archived.evaluation = evaluation.get(index).cloned().unwrap_or_default();
            runs.push(archived);
        }
        let mut config = config.clone();
        config.gan.compare_with_baseline = self.runs.len() == 2;
        RunArchive { config, runs }
            .to_zip()
            .map_err(|error| error.to_string())
    }

    /// Evaluates the runs after these iterations of training (see
    /// [`crate::train::evaluation::EvaluationSettings::iterations`]).
    pub fn plan_evaluations(&mut self, at: Vec<usize>) {
        self.evaluate_at = at;
    }

    /// Whether an evaluation fell due since the last call (it is then no longer due).
    pub fn take_due_evaluation(&mut self) -> bool {
        std::mem::take(&mut self.evaluation_due)
    }

    /// The runs, NDA first, with their labels.
    pub fn runs(&self) -> impl Iterator<Item = (&GanRunInfo, &GanRun)> {
        self.runs.iter().map(|(info, run)| (info, run))
    }

    /// Completed iterations (all runs advance together).
    pub fn iteration(&self) -> usize {
        self.iterations()
    }

    /// Reads every run's latest values, grid and histogram now (after an import).
    pub async fn refresh(&mut self, now: fn() -> f64) -> Vec<Event> {
        self.report_or_fail(now).await
    }

    /// The reported points of every run, for a page that opened an imported run.
    pub fn history_events(&self) -> Vec<Event> {
        self.history
            .iter()
            .enumerate()
            .map(|(run, points)| {
                Event::GanHistory(GanHistory {
                    run,
                    points: points.clone(),
                })
            })
            .collect()
    }

    /// Continues a session whose device failed on `device` (autodiff) from the host copies of
    /// its weights; the session is paused afterwards.
    pub fn continue_on(&mut self, set: &ImageSet, device: &Device) -> Result<(), TrainError> {
        let mut moved = Vec::with_capacity(self.runs.len());
        for ((info, run), copy) in self.runs.iter().zip(&self.host_copies) {
            let copy = copy.as_ref().ok_or(TrainError::Readback(
                "no copy of the weights was saved".into(),
            ))?;
            moved.push((info.clone(), run.continue_on(copy, set, device)?));
        }
        self.runs = moved;
        self.phase = TrainingPhase::Paused;
        self.problem = None;
        self.device_failed = false;
        self.keep_host_copies = false;
        Ok(())
    }

    /// The state the page shows.
    pub fn status(&self) -> GanStatus {
        GanStatus {
            phase: self.phase,
            runs: self.runs.iter().map(|(info, _)| info.clone()).collect(),
            total_iterations: self.total_iterations,
            problem: self.problem.clone(),
            can_continue_on_cpu_from: self.continue_point(),
        }
    }

    /// Whether the worker should keep iterating.
    pub fn is_running(&self) -> bool {
        self.phase == TrainingPhase::Running
    }

    /// One iteration of every run while running, with the reports that are due.
    pub async fn tick(&mut self, now: fn() -> f64) -> Vec<Event> {
        let started = now();
        if let Err(error) = self.step(Step::Iteration) {
            return vec![self.fail(error)];
        }
        let iteration = self.iterations();
        self.evaluation_due |= self.evaluate_at.contains(&iteration);
        let finished = iteration >= self.total_iterations;
        let report_due = finished || started - self.last_report_at >= REPORT_MILLIS;
        let snapshot_due = finished
            || (iteration >= self.last_snapshot_iteration + self.sample_every
                && started - self.last_snapshot_at >= SNAPSHOT_MILLIS);
        let mut events = Vec::new();
        if report_due || snapshot_due {
            match self.report(snapshot_due, now).await {
                Ok(reports) => events.extend(reports),
                Err(error) => return vec![self.fail(error)],
            }
        }
        self.training_millis += now() - started;
        if finished {
            self.phase = TrainingPhase::Finished;
            events.push(Event::GanStatus(Some(self.status())));
        }
        events
    }

    /// Applies a control; returns the events to post.
    pub async fn control(&mut self, control: GanControl, now: fn() -> f64) -> Vec<Event> {
        let step = match control {
            GanControl::Pause | GanControl::Stop => {
                let was_running = self.is_running();
                self.phase = match control {
                    GanControl::Pause if self.phase == TrainingPhase::Running => {
                        TrainingPhase::Paused
                    }
                    GanControl::Pause => self.phase,
                    _ => TrainingPhase::Stopped,
                };
                // The last values first, then the new phase: once the page shows "Paused", its
                // counters are final.
                let mut events = Vec::new();
                if was_running {
                    events.extend(self.report_or_fail(now).await);
                }
                events.push(Event::GanStatus(Some(self.status())));
                return events;
            }
            GanControl::Resume => {
                if self.phase == TrainingPhase::Paused {
                    self.phase = TrainingPhase::Running;
                    return vec![Event::GanStatus(Some(self.status()))];
                }
                return vec![Event::Failed {
                    message: "only a paused run can resume: this one has ended; start a new run"
                        .into(),
                }];
            }
            GanControl::Reset => return vec![Event::GanStatus(None)],
            GanControl::StepDiscriminator => Step::Discriminator,
            GanControl::StepGenerator => Step::Generator,
            GanControl::StepIteration => Step::Iteration,
            GanControl::ExplainIteration => Step::Iteration,
        };
        if matches!(self.phase, TrainingPhase::Stopped) && self.problem.is_some() {
            return vec![Event::Failed {
                message: "this run stopped on a fault; start a new run to train again".into(),
            }];
        }
        // A step pauses a running session: the class sees exactly one update at a time.
        if self.phase == TrainingPhase::Running {
            self.phase = TrainingPhase::Paused;
        }
        let started = now();
        let explain = control == GanControl::ExplainIteration;
        let captures = if explain {
            self.explained_step()
        } else {
            self.step(step).map(|()| Vec::new())
        };
        let captures = match captures {
            Ok(captures) => captures,
            Err(error) => return vec![self.fail(error)],
        };
        let mut events = vec![Event::GanStatus(Some(self.status()))];
        events.extend(self.report_or_fail(now).await);
        self.training_millis += now() - started;
        if explain {
            events.push(match read_explained(captures).await {
                Ok(steps) => Event::GanExplained(steps),
                Err(message) => Event::Failed { message },
            });
        }
        events
    }

    /// A grid the user asked for from run `run`.
    pub async fn sample(&self, run: usize, request: SampleRequest) -> Event {
        let Some((info, gan_run)) = self.runs.get(run) else {
            return Event::Failed {
                message: format!("there is no run number {run} to sample from"),
            };
        };
        let plan = match plan_samples(request, info.config.latent_dim, info.config.num_classes) {
            Ok(plan) => plan,
            Err(error) => {
                return Event::Failed {
                    message: error.to_string(),
                };
            }
        };
        match gan_run.read_grid(&plan).await {
            Ok(grid) => Event::GanSamples(GanSamples {
                run,
                request,
                grid,
                iteration: gan_run.counters().iterations,
            }),
            Err(error) => Event::Failed {
                message: format!("could not draw samples: {error}"),
            },
        }
    }

    /// The iteration the host copies allow continuing from, after a device fault.
    fn continue_point(&self) -> Option<usize> {
        if !self.device_failed || self.host_copies.len() != self.runs.len() {
            return None;
        }
        self.host_copies
            .iter()
            .map(|copy| copy.as_ref().map(|copy| copy.iteration))
            .collect::<Option<Vec<_>>>()?
            .into_iter()
            .min()
    }

    fn iterations(&self) -> usize {
        self.runs
            .first()
            .map_or(0, |(_, run)| run.counters().iterations)
    }

    fn step(&mut self, step: Step) -> Result<(), TrainError> {
        for (_, run) in &mut self.runs {
            match step {
                Step::Discriminator => run.discriminator_step()?,
                Step::Generator => run.generator_step(),
                Step::Iteration => run.iteration()?,
            }
        }
        Ok(())
    }

    /// The rest of the iteration on every run, keeping what the walk-through shows.
    fn explained_step(&mut self) -> Result<Vec<(String, StepCapture)>, TrainError> {
        let mut captures = Vec::with_capacity(self.runs.len());
        for (info, run) in &mut self.runs {
            captures.push((info.label.clone(), run.explained_iteration()?));
        }
        Ok(captures)
    }

    async fn report_or_fail(&mut self, now: fn() -> f64) -> Vec<Event> {
        match self.report(true, now).await {
            Ok(events) => events,
            Err(error) => vec![self.fail(error)],
        }
    }

    /// Reads every run's latest point (and grid and histogram when `snapshot`).
    async fn report(&mut self, snapshot: bool, now: fn() -> f64) -> Result<Vec<Event>, TrainError> {
        let mut events = Vec::new();
        let training_millis = self.training_millis;
        for (index, (info, run)) in self.runs.iter_mut().enumerate() {
            if let Some(point) = run.read_point().await? {
                if let Some(history) = self.history.get_mut(index) {
                    history.push(point.clone());
                }
                events.push(Event::GanProgress(GanProgress {
                    run: index,
                    point,
                    training_millis,
                    real_images_per_iteration: info.config.n_dis * info.config.batch_size,
                }));
            }
            if snapshot {
                events.push(Event::GanSnapshot(GanSnapshot {
                    run: index,
                    iteration: run.counters().iterations,
                    grid: run.read_fixed_grid().await?,
                    histogram: run.read_histogram().await?,
                }));
            }
        }
        if snapshot && self.keep_host_copies {
            let mut copies = Vec::with_capacity(self.runs.len());
            for (_, run) in &self.runs {
                copies.push(Some(run.read_host_weights().await?));
            }
            self.host_copies = copies;
        }
        self.last_report_at = now();
        if snapshot {
            self.last_snapshot_at = self.last_report_at;
            self.last_snapshot_iteration = self.iterations();
        }
        Ok(events)
    }

    /// Stops on a fault with a message that says what happened and what is kept.
    fn fail(&mut self, error: TrainError) -> Event {
        self.phase = TrainingPhase::Stopped;
        self.device_failed |= is_device_fault(&error);
        let context = FaultContext {
            unit: "iteration",
            position: self.iterations(),
            still_usable_for: "sample",
            continue_from: self.continue_point(),
        };
        self.problem = Some(fault_message(&error, &context));
        Event::GanStatus(Some(self.status()))
    }
}

#[cfg(test)]
#[path = "gan_session_tests.rs"]
mod tests;
