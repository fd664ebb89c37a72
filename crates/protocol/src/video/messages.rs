//! The video part of the page-worker protocol: its own controls in, small reports out.

use serde::{Deserialize, Serialize};

use crate::session_messages::{MeasuredControl, RunProgress, SessionStatus};
use nda_plain::train::video::{VideoConfig, VideoEvaluation, VideoPoint};

/// A step or evaluation of the video session.
pub type VideoControl = MeasuredControl;

/// The state of a video session, sent whenever it changes.
pub type VideoStatus = SessionStatus<VideoConfig>;

/// One run's latest values.
pub type VideoProgress = RunProgress<VideoPoint>;

/// One run's evaluation: motion k-NN and probe, the appearance-only control, anomaly AUROCs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VideoEvaluated {
    /// Index of the run.
    pub run: usize,
    /// The measures.
    pub evaluation: VideoEvaluation,
}

/// A run's whole history, after a run file was opened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VideoHistory {
    /// Index of the run.
    pub run: usize,
    /// Every point reported.
    pub points: Vec<VideoPoint>,
    /// Every evaluation.
    pub evaluations: Vec<VideoEvaluation>,
}
