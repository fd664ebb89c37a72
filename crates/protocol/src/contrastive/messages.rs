//! The contrastive part of the page-worker protocol: controls in, small reports out, each already
//! reduced to what the page draws.

use serde::{Deserialize, Serialize};

use crate::evaluation_messages::RunEvaluationView;
use crate::session_messages::{MeasuredControl, RunInfo, RunProgress, SessionStatus};
use nda_plain::data::RgbaMosaic;
use nda_plain::eval::Projection2d;
use nda_plain::train::{AccuracyPoint, ContrastiveConfig, ContrastivePoint, Evaluation, Timeline};

/// A step or evaluation of the contrastive session.
pub type ContrastiveControl = MeasuredControl;

/// One trained model of a contrastive session and its settings.
pub type ContrastiveRunInfo = RunInfo<ContrastiveConfig>;

/// The state of a contrastive session, sent whenever it changes.
pub type ContrastiveStatus = SessionStatus<ContrastiveConfig>;

/// One run's latest values.
pub type ContrastiveProgress = RunProgress<ContrastivePoint>;

/// A run's whole history, after a run file was opened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContrastiveHistory {
    /// Index of the run.
    pub run: usize,
    /// Every point reported.
    pub points: Vec<ContrastivePoint>,
    /// Every evaluation's accuracies.
    pub accuracy: Vec<AccuracyPoint>,
    /// The held-out map at every evaluation.
    pub maps: Timeline<Projection2d>,
}

/// One run's evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContrastiveEvaluated {
    /// Index of the run.
    pub run: usize,
    /// Accuracies, map, neighbours and similarity histogram.
    pub evaluation: Evaluation,
    /// The session's evaluation interval, the unit of its maps' timeline (the page keeps the
    /// maps by the worker's rule).
    pub evaluate_every: usize,
}

/// Anomaly detection by every encoder of the session at one step: the AUROC rows of a GAN's
/// evaluation, with each encoder's k-NN similarity as the score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContrastiveAnomaly {
    /// The step measured.
    pub step: usize,
    /// One view per run, NDA first.
    pub runs: Vec<RunEvaluationView>,
    /// In-distribution (and out-of-distribution) images per set.
    pub images_per_set: usize,
    /// What the in-distribution images are, in words.
    pub in_distribution: String,
    /// Wall time, in milliseconds.
    pub millis: f64,
}

/// The held-out images the maps and retrieval show, sent once per session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeldOutImages {
    /// One thumbnail per image, in map order.
    pub thumbnails: Vec<RgbaMosaic>,
    /// Label of each image.
    pub labels: Vec<Option<u32>>,
    /// Class names, in label order.
    pub class_names: Vec<String>,
}
