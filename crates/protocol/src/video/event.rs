//! What only the video task's session reports to the page (`Event::Video`).

use serde::{Deserialize, Serialize};

use nda_plain::train::video::{ExplainedVideoStep, VideoExperiment};

use super::messages::{VideoEvaluated, VideoHistory, VideoProgress, VideoStatus};

/// A report of the video session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum VideoEvent {
    /// The session changed phase or runs; `None` after a reset.
    Status(Option<VideoStatus>),
    /// A run's latest values.
    Progress(VideoProgress),
    /// A run's evaluation.
    Evaluated(VideoEvaluated),
    /// The walk-through of the step just taken, one per run (NDA first).
    Explained(Vec<ExplainedVideoStep>),
    /// A run file was opened: the experiment it ran (the panel's settings from now on).
    Imported {
        /// Its settings.
        experiment: VideoExperiment,
    },
    /// A run's whole history, after a run file was opened.
    History(VideoHistory),
}
