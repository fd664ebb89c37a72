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

/// One trained model of a session ("NDA" or "Baseline") with the settings `C` it trains with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunInfo<C> {
    /// Shown in the legends and above the run's pictures.
    pub label: String,
    /// Its exact settings (the page shows the task's NDA settings from them).
    pub config: C,
}

/// The state of a session, sent whenever it changes; `C` is its task's run settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionStatus<C> {
    /// Where the session is.
    pub phase: TrainingPhase,
    /// The runs trained side by side, NDA first.
    pub runs: Vec<RunInfo<C>>,
    /// Units the session trains for: GAN iterations, contrastive steps.
    pub total_steps: usize,
    /// Why it stopped, when a fault stopped it.
    pub problem: Option<String>,
    /// The unit of the host copy of the weights it can continue from on the CPU, when the device
    /// failed and such a copy exists.
    pub can_continue_on_cpu_from: Option<usize>,
    /// Why a part of the task's results cannot be shown, if so (the contrastive task's accuracy
    /// on unlabelled uploads or a single class).
    pub results_unavailable_because: Option<String>,
}
