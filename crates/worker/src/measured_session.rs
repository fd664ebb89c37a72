//! What the sessions that measure their runs on a schedule share (the contrastive and the video
//! session; the GAN's samples grids instead): the runs are measured untrained on the first tick,
//! then every `evaluate_every` steps and at the end; points are read at most every
//! [`REPORT_MILLIS`](crate::session_core::REPORT_MILLIS); "One step" and "Explain one step"
//! pause the session. A session says how to read a point, how to measure, and which events carry
//! its status and walk-through; the schedule is written once, here.

use nda_core::train::teaching::Capture;
use nda_core::train::{Run, TrainError};
use nda_protocol::Event;
use nda_protocol::session_messages::{MeasuredControl, TrainingPhase};

use crate::explained::explained_event;
use crate::session_core::{PausedStepError, SessionCore};

/// A session measured on a schedule. The provided methods are its tick and single steps.
// `async fn` without a `Send` bound: the worker steps sessions on the browser's one thread.
#[allow(async_fn_in_trait)]
pub trait MeasuredSession {
    /// Its runs' settings.
    type Config: Clone;
    /// Its runs.
    type Run: Run;
    /// A run's step kept for "Explain one step".
    type Capture: Capture;

    /// The runs, phase, faults and host copies.
    fn core(&mut self) -> &mut SessionCore<Self::Config, Self::Run>;
    /// Whether the runs were measured yet: the first tick measures them untrained.
    fn evaluated(&self) -> bool;
    /// Measure every this many steps (and at the end).
    fn evaluate_every(&self) -> usize;
    /// The event that carries the session's status.
    fn status_now(&self) -> Event;
    /// Stops on a fault with a message that says what happened; the status event.
    fn fail(&mut self, error: TrainError) -> Event;
    /// Reads every run's latest point (kept in its history).
    async fn report(&mut self, now: fn() -> f64) -> Result<Vec<Event>, TrainError>;
    /// Measures every run, keeps host copies of the weights on a GPU, and marks the session
    /// evaluated.
    async fn evaluate(&mut self) -> Result<Vec<Event>, TrainError>;
    /// One run's step, kept for a walk-through.
    fn explained_step(run: &mut Self::Run) -> Result<Self::Capture, TrainError>;
    /// The event of every run's walk-through.
    fn explained(steps: Vec<<Self::Capture as Capture>::Explained>) -> Event;

    /// Applies a step or an evaluation; returns the events to post.
    async fn control(&mut self, control: MeasuredControl, now: fn() -> f64) -> Vec<Event> {
        match control {
            MeasuredControl::Step => self.single_step(false, now).await,
            MeasuredControl::Explain => self.single_step(true, now).await,
            MeasuredControl::Evaluate => self.evaluate_or_fail().await,
        }
    }

    /// One step of every run while running (after the first measurement), with the due
    /// reports and measurements; finishes at the last step.
    async fn tick(&mut self, now: fn() -> f64) -> Vec<Event> {
        if !self.evaluated() {
            return self.evaluate_or_fail().await;
        }
        let started = now();
        if let Err(error) = self.core().train_step() {
            return vec![self.fail(error)];
        }
        let core = self.core();
        core.training_millis += now() - started;
        let step = core.steps();
        let finished = step >= core.total_steps;
        let report_due = core.report_due(started);
        let evaluation_due = finished || step.is_multiple_of(self.evaluate_every());
        let mut events = Vec::new();
        if evaluation_due || report_due {
            match self.report(now).await {
                Ok(reports) => events.extend(reports),
                Err(error) => return vec![self.fail(error)],
            }
        }
        if evaluation_due {
            events.extend(self.evaluate_or_fail().await);
        }
        if finished && self.core().is_running() {
            self.core().phase = TrainingPhase::Finished;
            events.push(self.status_now());
        }
        events
    }

    /// One step of every run, pausing the session; with `explain`, also the walk-through of
    /// that step (NDA first) after its reports.
    async fn single_step(&mut self, explain: bool, now: fn() -> f64) -> Vec<Event> {
        let captures = match self.core().paused_step(explain, Self::explained_step, now) {
            Ok(captures) => captures,
            Err(PausedStepError::Ended(message)) => {
                return vec![Event::Failed {
                    message: message.into(),
                }];
            }
            Err(PausedStepError::Failed(error)) => return vec![self.fail(error)],
        };
        let mut events = vec![self.status_now()];
        events.extend(self.report_or_fail(now).await);
        if explain {
            events.push(explained_event(captures, Self::explained).await);
        }
        events
    }

    /// [`Self::report`], a failure stopping the session.
    async fn report_or_fail(&mut self, now: fn() -> f64) -> Vec<Event> {
        match self.report(now).await {
            Ok(events) => events,
            Err(error) => vec![self.fail(error)],
        }
    }

    /// [`Self::evaluate`], a failure stopping the session.
    async fn evaluate_or_fail(&mut self) -> Vec<Event> {
        match self.evaluate().await {
            Ok(events) => events,
            Err(error) => vec![self.fail(error)],
        }
    }
}
