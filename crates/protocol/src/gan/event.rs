//! What only the GAN task's session reports to the page (`Event::Gan`).

use serde::{Deserialize, Serialize};

use super::messages::{GanHistory, GanProgress, GanSamples, GanSnapshot, GanStatus};
use crate::evaluation_messages::{GanEvaluated, ImageScored};
use crate::looking_messages::DLooked;
use nda_plain::train::teaching::ExplainedStep;

/// A report of the GAN session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum GanEvent {
    /// The session changed phase or runs; `None` after a reset.
    Status(Option<GanStatus>),
    /// A run's latest values.
    Progress(GanProgress),
    /// A run's fixed-noise grid and histogram.
    Snapshot(GanSnapshot),
    /// A grid the user asked for.
    Samples(GanSamples),
    /// A run's whole history (after an import).
    History(GanHistory),
    /// An evaluation of the session's runs finished.
    Evaluated(GanEvaluated),
    /// The answer to `GanCommand::ScoreImage`.
    ImageScored(ImageScored),
    /// What every discriminator looks at in one image.
    Looked(DLooked),
    /// One iteration of every run taken apart for the walk-through, NDA first.
    Explained(Vec<ExplainedStep>),
}
