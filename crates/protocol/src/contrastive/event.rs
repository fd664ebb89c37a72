//! What only the contrastive task's session reports to the page (`Event::Contrastive`).

use serde::{Deserialize, Serialize};

use super::messages::{
    ContrastiveAnomaly, ContrastiveEvaluated, ContrastiveHistory, ContrastiveProgress,
    ContrastiveStatus, HeldOutImages,
};
use nda_plain::train::teaching::ExplainedContrastiveStep;

/// A report of the contrastive session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ContrastiveEvent {
    /// The session changed phase or runs; `None` after a reset.
    Status(Option<ContrastiveStatus>),
    /// A run's latest values.
    Progress(ContrastiveProgress),
    /// A run's evaluation.
    Evaluated(ContrastiveEvaluated),
    /// A run's whole history (after an import).
    History(ContrastiveHistory),
    /// The held-out images of a new session.
    HeldOut(HeldOutImages),
    /// One step of every run taken apart for the walk-through, NDA first.
    Explained(Vec<ExplainedContrastiveStep>),
    /// Anomaly detection by the session's encoders.
    AnomalyMeasured(ContrastiveAnomaly),
}
