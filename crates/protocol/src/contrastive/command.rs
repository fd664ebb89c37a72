//! What the page asks only of the contrastive task's session (`Command::Contrastive`).

use serde::{Deserialize, Serialize};

use super::messages::ContrastiveControl;
use nda_plain::train::ContrastiveExperiment;

/// A request to the contrastive session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ContrastiveCommand {
    /// Start a session on the active dataset (replacing any): the NDA run, and the baseline
    /// (`m = 0`) next to it when `experiment.compare_with_baseline`.
    Start {
        /// The settings.
        experiment: ContrastiveExperiment,
    },
    /// Step or evaluate the session.
    Control(ContrastiveControl),
    /// Measure anomaly detection by the session's encoders now (training waits).
    Anomaly {
        /// Images per set.
        anomaly_images: usize,
    },
}
