//! What every task's session shares in the messages: the commands it takes alike, and where it
//! is. They have a neutral home so that no task imports another's messages for them.

use serde::{Deserialize, Serialize};

use nda_plain::experiment::ExperimentConfig;

/// What every task's session does alike (`Command::Session`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SessionCommand {
    /// Pause, resume, stop or forget the session.
    Control(SessionControl),
    /// Export the session as a run file; `config` is the page's settings.
    Export {
        /// The settings to store.
        config: Box<ExperimentConfig>,
        /// For the browser's saved runs (true) or a download (false).
        save: bool,
    },
    /// Open a run file: load its built-in data set (or check the uploads) and restore its runs,
    /// paused.
    Import {
        /// The zip file's bytes.
        #[serde(with = "serde_bytes")]
        bytes: Vec<u8>,
    },
    /// After a GPU fault: continue the session on the current (CPU) backend from the host copy
    /// of its weights. The page sends `SelectBackend { Cpu }` first.
    ContinueOnCurrentBackend,
}

/// A step or evaluation of a session measured on a schedule (the contrastive and the video
/// session: `ContrastiveControl` and `VideoControl` name it); pausing, resuming, stopping and
/// resetting are every task's [`SessionControl`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MeasuredControl {
    /// Exactly one step of every run (pauses a running session).
    Step,
    /// [`Self::Step`], and the walk-through of that step (the task's `Explained` event).
    Explain,
    /// Evaluate every run now.
    Evaluate,
}

/// The controls every task's session has; each task's own steps are its task control
/// (`GanControl`, [`MeasuredControl`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SessionControl {
    /// Stop training; the weights, charts and pictures stay.
    Pause,
    /// Continue training after a pause or a step.
    Resume,
    /// End the session for good (its results stay until reset or a new start).
    Stop,
    /// Forget the session.
    Reset,
}

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

/// One run's latest values; `P` is its task's point (a GAN iteration's losses and scores, a
/// contrastive step's loss and similarities).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunProgress<P> {
    /// Index of the run in its session's status.
    pub run: usize,
    /// The latest values.
    pub point: P,
    /// Milliseconds spent training so far (pauses, slow-motion waits and evaluations excluded).
    pub training_millis: f64,
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
