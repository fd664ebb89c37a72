//! What every training run offers its driver, whatever its task: a step, an asynchronous read of
//! its latest point, a host copy of its last good weights, and the same run continued on another
//! device from such a copy; and what every task's experiment offers to build its runs
//! ([`Experiment`]). The worker's sessions keep their shared bookkeeping (phase, faults, host
//! copies, continuing on the CPU) once over these two traits (`crates/worker/src/session_core.rs`); each
//! task implements them in its folder's `task.rs`.

use std::future::Future;

use burn::tensor::Device;

use super::TrainError;
use super::host_weights::HostWeights;
use super::memory::MemoryBudget;

/// A run a session can drive.
pub trait Run: Sized {
    /// The values one step reports (losses, timings).
    type Point: Clone;
    /// What a run trains on and is rebuilt with: the image tasks' [`ImageSet`](crate::data::ImageSet), the video
    /// task's clips.
    type Data: ?Sized;

    /// One unit of training: a GAN iteration (`n_dis` D steps and a G step), a MoCo step.
    fn train_step(&mut self) -> Result<(), TrainError>;

    /// Units trained so far.
    fn steps_done(&self) -> usize;

    /// The latest step's point, read back asynchronously (`None` before the first step).
    fn read_point(&mut self) -> impl Future<Output = Result<Option<Self::Point>, TrainError>>;

    /// A host copy of the last good weights (what continues the run after a device fault).
    fn read_host_weights(&self) -> impl Future<Output = Result<HostWeights, TrainError>>;

    /// The same run continued from `weights` on another (autodiff) `device`.
    fn continue_from(
        &self,
        weights: &HostWeights,
        data: &Self::Data,
        device: &Device,
    ) -> Result<Self, TrainError>;
}

/// What a driver needs of a task's experiment to build its runs, whatever the task.
pub trait Experiment {
    /// One run's settings.
    type Config: Clone;
    /// The task's run.
    type Run: Run;

    /// Checks every setting; the error names the one to change.
    fn check(&self) -> Result<(), TrainError>;

    /// Units to train: GAN iterations, contrastive steps.
    fn total_steps(&self) -> usize;

    /// Each run's name and settings: `"nda"`, then `"baseline"` when compared.
    fn run_configs(&self) -> Vec<(&'static str, Self::Config)>;

    /// Refuses settings whose step does not fit `budget`, saying what the step needs.
    fn check_fits(config: &Self::Config, budget: &MemoryBudget) -> Result<(), TrainError>;

    /// A fresh run of `config` on `data` (autodiff `device`).
    fn new_run(
        config: Self::Config,
        data: &<Self::Run as Run>::Data,
        device: &Device,
    ) -> Result<Self::Run, TrainError>;
}
