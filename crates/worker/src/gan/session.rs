//! The worker's GAN session: one NDA run, or an NDA run and its baseline trained side by side
//! with the same seed (weights, data order, noise), step for step. It turns the page's controls
//! into steps and decides when to read values back: points at most every [`REPORT_MILLIS`], the
//! fixed-noise grid every `sample_every` iterations (each kept in the run's [`Timeline`], which
//! its run file carries), and both at once after a teaching step, a pause, a stop or the end.
//!
//! What every task's session shares (runs, phase, faults, host copies) is its [`SessionCore`];
//! its run files are `files.rs`. It is free of browser code (the clock is passed in and events
//! are returned), so it is tested natively.

use burn::tensor::Device;
use nda_protocol::{Event, GanEvent};

use crate::explained::explained_event;
use crate::session_control::controlled_session;
use crate::session_core::SessionCore;
use nda_core::data::ImageSet;
use nda_core::train::timeline::frames_within;
use nda_core::train::{GanConfig, GanExperiment, GanPoint, GanRun, Timeline, TrainError};
use nda_protocol::gan::messages::{GanControl, GanProgress, GanRunInfo, GanSnapshot, GanStatus};
use nda_protocol::session_messages::TrainingPhase;

pub use crate::session_core::REPORT_MILLIS;
/// Least time between two host copies of the weights while running, in milliseconds.
pub const HOST_COPY_MILLIS: f64 = 1_000.0;

/// A GAN session in the worker.
pub struct GanSession {
    /// The runs, phase, faults and host copies every task's session keeps.
    pub(crate) core: SessionCore<GanConfig, GanRun>,
    pub(crate) sample_every: usize,
    /// Every point reported, per run (what an exported run's metrics hold).
    pub(crate) history: Vec<Vec<GanPoint>>,
    /// Each run's fixed-noise grid every `sample_every` iterations, as PNG (its run file's
    /// timeline): encoded once when kept, so that saving the session every half minute does
    /// not encode them all again, and smaller than the pixels.
    pub(crate) timelines: Vec<Timeline<Vec<u8>>>,
    /// When the host copies of the weights were last read (at most every [`HOST_COPY_MILLIS`]
    /// while running: a grid may be kept every iteration, a copy of every weight should not).
    last_copy_at: f64,
    /// Iterations after which the runs are evaluated (empty: only on request).
    evaluate_at: Vec<usize>,
    /// An evaluation fell due at the last iteration and waits for the worker to run it.
    evaluation_due: bool,
    /// A run trained before this session that is evaluated with its runs and never trained: a
    /// study's baseline, shared by the arms of its seed.
    shared_baseline: Option<Box<(GanRunInfo, GanRun)>>,
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
        // One run, or the NDA run and its baseline.
        let core = SessionCore::start(experiment, set, device, keep_host_copies)?;
        let count = core.runs.len();
        Ok(Self {
            core,
            sample_every: experiment.sample_every.max(1),
            history: vec![Vec::new(); count],
            timelines: vec![Timeline::every(experiment.sample_every); count],
            last_copy_at: f64::NEG_INFINITY,
            evaluate_at: Vec::new(),
            evaluation_due: false,
            shared_baseline: None,
        })
    }

    /// Evaluates `baseline`, already trained, after this session's runs, as if it had trained
    /// beside them (a study's later arm of a seed whose baseline an earlier arm trained).
    pub fn share_baseline(&mut self, baseline: (GanRunInfo, GanRun)) {
        self.shared_baseline = Some(Box::new(baseline));
    }

    /// The baseline of this session, for the next arm of its seed: the shared one, else its
    /// second run (the baseline trained beside the NDA run).
    pub fn into_baseline(self) -> Option<(GanRunInfo, GanRun)> {
        self.shared_baseline
            .map(|baseline| *baseline)
            .or_else(|| self.core.runs.into_iter().nth(1))
    }

    /// Evaluates the runs after these iterations of training (see
    /// [`nda_core::train::evaluation::EvaluationSettings::iterations`]).
    pub fn plan_evaluations(&mut self, at: Vec<usize>) {
        self.evaluate_at = at;
    }

    /// Whether an evaluation fell due since the last call (it is then no longer due).
    pub fn take_due_evaluation(&mut self) -> bool {
        std::mem::take(&mut self.evaluation_due)
    }

    /// The runs, NDA first, with their labels (a shared baseline last).
    pub fn runs(&self) -> impl Iterator<Item = (&GanRunInfo, &GanRun)> {
        self.core
            .runs
            .iter()
            .chain(self.shared_baseline.as_deref())
            .map(|(info, run)| (info, run))
    }

    /// Completed iterations (all runs advance together).
    pub fn iteration(&self) -> usize {
        self.core.steps()
    }

    /// Reads every run's latest values, grid and histogram now (after an import).
    pub async fn refresh(&mut self, now: fn() -> f64) -> Vec<Event> {
        self.report_or_fail(now).await
    }

    /// Continues a session whose device failed on `device` (autodiff) from the host copies of
    /// its weights; the session is paused afterwards.
    pub fn continue_on(&mut self, set: &ImageSet, device: &Device) -> Result<(), TrainError> {
        self.core.continue_on(set, device)
    }

    /// The state the page shows.
    pub fn status(&self) -> GanStatus {
        self.core.status(None)
    }

    /// Whether the worker should keep iterating.
    pub fn is_running(&self) -> bool {
        self.core.is_running()
    }

    /// One iteration of every run while running, with the reports that are due.
    pub async fn tick(&mut self, now: fn() -> f64) -> Vec<Event> {
        let started = now();
        if let Err(error) = self.step(Step::Iteration) {
            return vec![self.fail(error)];
        }
        let iteration = self.iteration();
        self.evaluation_due |= self.evaluate_at.contains(&iteration);
        let finished = iteration >= self.core.total_steps;
        let report_due = finished || self.core.report_due(started);
        // Every grid of the timeline is read, however fast the run: the user chose how often.
        let snapshot_due = finished || iteration.is_multiple_of(self.sample_every);
        let mut events = Vec::new();
        if report_due || snapshot_due {
            let copies = finished || started - self.last_copy_at >= HOST_COPY_MILLIS;
            match self.report(snapshot_due, snapshot_due && copies, now).await {
                Ok(reports) => events.extend(reports),
                Err(error) => return vec![self.fail(error)],
            }
        }
        self.core.training_millis += now() - started;
        if finished {
            self.core.phase = TrainingPhase::Finished;
            events.push(Event::Gan(GanEvent::Status(Some(self.status()))));
        }
        events
    }

    /// Takes the step `control` asks for (pausing a running session); returns the events to
    /// post. Pausing, resuming, stopping and resetting are `session_control`'s.
    pub async fn control(&mut self, control: GanControl, now: fn() -> f64) -> Vec<Event> {
        let step = match control {
            GanControl::StepDiscriminator => Step::Discriminator,
            GanControl::StepGenerator => Step::Generator,
            GanControl::StepIteration => Step::Iteration,
            GanControl::ExplainIteration => Step::Iteration,
        };
        if matches!(self.core.phase, TrainingPhase::Stopped) && self.core.problem.is_some() {
            return vec![Event::Failed {
                message: "this run stopped on a fault; start a new run to train again".into(),
            }];
        }
        // A step pauses a running session: the class sees exactly one update at a time.
        if self.core.is_running() {
            self.core.phase = TrainingPhase::Paused;
        }
        let started = now();
        let explain = control == GanControl::ExplainIteration;
        let captures = if explain {
            self.core.step_each(GanRun::explained_iteration)
        } else {
            self.step(step).map(|()| Vec::new())
        };
        let captures = match captures {
            Ok(captures) => captures,
            Err(error) => return vec![self.fail(error)],
        };
        let mut events = vec![Event::Gan(GanEvent::Status(Some(self.status())))];
        events.extend(self.report_or_fail(now).await);
        self.core.training_millis += now() - started;
        if explain {
            events.push(
                explained_event(captures, |steps| Event::Gan(GanEvent::Explained(steps))).await,
            );
        }
        events
    }

    fn step(&mut self, step: Step) -> Result<(), TrainError> {
        for (_, run) in &mut self.core.runs {
            match step {
                Step::Discriminator => run.discriminator_step()?,
                Step::Generator => run.generator_step(),
                Step::Iteration => run.iteration()?,
            }
        }
        Ok(())
    }

    pub(crate) async fn report_or_fail(&mut self, now: fn() -> f64) -> Vec<Event> {
        match self.report(true, true, now).await {
            Ok(events) => events,
            Err(error) => vec![self.fail(error)],
        }
    }

    /// Reads every run's latest point (and grid and histogram when `snapshot`, and a host copy of
    /// the weights when `copies`).
    async fn report(
        &mut self,
        snapshot: bool,
        copies: bool,
        now: fn() -> f64,
    ) -> Result<Vec<Event>, TrainError> {
        let mut events = Vec::new();
        let training_millis = self.core.training_millis;
        for (index, (_, run)) in self.core.runs.iter_mut().enumerate() {
            if let Some(point) = run.read_point().await? {
                if let Some(history) = self.history.get_mut(index) {
                    history.push(point.clone());
                }
                events.push(Event::Gan(GanEvent::Progress(GanProgress {
                    run: index,
                    point,
                    training_millis,
                })));
            }
            if snapshot {
                let iteration = run.counters().iterations;
                let grid = run.read_fixed_grid().await?;
                let kept = iteration > 0
                    && (iteration.is_multiple_of(self.sample_every)
                        || iteration >= self.core.total_steps);
                if kept
                    && let Some(timeline) = self.timelines.get_mut(index)
                    && let Ok(png) = grid.to_png()
                {
                    // The page's rule (by the pixels' size), so both keep the same grids.
                    timeline.push(iteration, png, frames_within(grid.rgba.len()));
                }
                events.push(Event::Gan(GanEvent::Snapshot(GanSnapshot {
                    run: index,
                    iteration,
                    grid,
                    histogram: run.read_histogram().await?,
                    kept_every: kept.then_some(self.sample_every),
                })));
            }
        }
        if copies {
            self.core.keep_host_copies().await?;
            self.last_copy_at = now();
        }
        self.core.last_report_at = now();
        Ok(events)
    }

    /// Stops on a fault with a message that says what happened and what is kept.
    fn fail(&mut self, error: TrainError) -> Event {
        self.core.fail(&error, "iteration", "sample");
        Event::Gan(GanEvent::Status(Some(self.status())))
    }
}

controlled_session!(GanSession, GanConfig, GanRun, |status| Event::Gan(
    GanEvent::Status(status)
));

#[cfg(test)]
#[path = "session_tests.rs"]
mod tests;
