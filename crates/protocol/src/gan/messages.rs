//! The GAN part of the page-worker protocol: what the page asks of a training session and what
//! the session reports back. Every report is small and already reduced to what the page draws.

use serde::{Deserialize, Serialize};

use crate::session_messages::{RunInfo, RunProgress, SessionStatus};

use nda_plain::data::RgbaMosaic;
use nda_plain::train::{GanConfig, GanPoint, SampleRequest, ScoreHistogram, Timeline};

/// A step of the current session, for teaching (pausing, resuming, stopping and resetting are
/// every task's `SessionControl`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum GanControl {
    /// Exactly one discriminator step on every run.
    StepDiscriminator,
    /// Exactly one generator step (ends the iteration) on every run.
    StepGenerator,
    /// The rest of the current iteration: the missing D steps, then the G step.
    StepIteration,
    /// [`Self::StepIteration`], and the walk-through of its last D step and its G step
    /// (`GanEvent::Explained`).
    ExplainIteration,
}

/// One trained model of a Gan session and its settings.
pub type GanRunInfo = RunInfo<GanConfig>;

/// The state of a Gan session, sent whenever it changes.
pub type GanStatus = SessionStatus<GanConfig>;

/// One run's latest values.
pub type GanProgress = RunProgress<GanPoint>;

/// One run's fixed-noise grid and D-score histogram.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GanSnapshot {
    /// Index of the run.
    pub run: usize,
    /// Iteration the grid shows.
    pub iteration: usize,
    /// The EMA generator's images of the fixed noise.
    pub grid: RgbaMosaic,
    /// Scores of the last D step, if one was taken.
    pub histogram: Option<ScoreHistogram>,
    /// `Some(sample_every)` when the grid joins the run's timeline (an iteration of
    /// `sample_every`, or the last one): the page keeps it by the worker's rule.
    pub kept_every: Option<usize>,
}

/// A grid the user asked for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GanSamples {
    /// Index of the run.
    pub run: usize,
    /// What was asked.
    pub request: SampleRequest,
    /// The images.
    pub grid: RgbaMosaic,
    /// Iteration of the generator that drew them.
    pub iteration: usize,
}

/// Every reported point of a run and its timeline (sent after importing a run file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GanHistory {
    /// Index of the run.
    pub run: usize,
    /// Its points, oldest first.
    pub points: Vec<GanPoint>,
    /// Its fixed-noise grids every `sample_every` iterations.
    pub timeline: Timeline<RgbaMosaic>,
}
