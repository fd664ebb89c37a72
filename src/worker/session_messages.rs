//! What the status messages of every task's session share: where the session is. It has a neutral
//! home so that no task imports another's messages for it.

use serde::{Deserialize, Serialize};

/// Where a session is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TrainingPhase {
    /// Iterating on its own.
    Running,
    /// Waiting for resume or a step.
    Paused,
    /// Reached its number of iterations.
    Finished,
    /// Stopped by the user or by a fault.
    Stopped,
}
