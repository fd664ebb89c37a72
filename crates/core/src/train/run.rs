//! What every training run offers its driver, whatever its task: a step, an asynchronous read of
//! its latest point, a host copy of its last good weights, and the same run continued on another
//! device from such a copy; and what every task's experiment offers to build its runs
//! ([`Experiment`]). The worker's sessions keep their shared bookkeeping (phase, faults, host
//! copies, continuing on the CPU) once over these two traits (`worker/session_core.rs`).

use std::future::Future;

use burn::tensor::Device;

use super::TrainError;
use super::contrastive::config::ContrastiveConfig;
use super::contrastive::experiment::ContrastiveExperiment;
use super::contrastive::run::ContrastiveRun;
use super::gan::config::GanConfig;
use super::gan::experiment::GanExperiment;
use super::gan::run::GanRun;
use super::host_weights::HostWeights;
use super::memory::{MemoryBudget, check_contrastive_fits, check_gan_fits};
use crate::data::ImageSet;

/// A run a session can drive.
pub trait Run: Sized {
    /// The values one step reports (losses, timings).
    type Point: Clone;

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
        set: &ImageSet,
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

    /// A fresh run of `config` on `set` (autodiff `device`).
    fn new_run(
        config: Self::Config,
        set: &ImageSet,
        device: &Device,
    ) -> Result<Self::Run, TrainError>;
}

impl Experiment for GanExperiment {
    type Config = GanConfig;
    type Run = GanRun;

    fn check(&self) -> Result<(), TrainError> {
        self.validate()
    }

    fn total_steps(&self) -> usize {
        self.iterations
    }

    fn run_configs(&self) -> Vec<(&'static str, GanConfig)> {
        self.runs()
    }

    fn check_fits(config: &GanConfig, budget: &MemoryBudget) -> Result<(), TrainError> {
        check_gan_fits(config, budget)
    }

    fn new_run(config: GanConfig, set: &ImageSet, device: &Device) -> Result<GanRun, TrainError> {
        GanRun::new(config, set, device)
    }
}

impl Experiment for ContrastiveExperiment {
    type Config = ContrastiveConfig;
    type Run = ContrastiveRun;

    fn check(&self) -> Result<(), TrainError> {
        self.validate()
    }

    fn total_steps(&self) -> usize {
        self.steps
    }

    fn run_configs(&self) -> Vec<(&'static str, ContrastiveConfig)> {
        self.runs()
    }

    fn check_fits(config: &ContrastiveConfig, budget: &MemoryBudget) -> Result<(), TrainError> {
        check_contrastive_fits(config, budget)
    }

    fn new_run(
        config: ContrastiveConfig,
        set: &ImageSet,
        device: &Device,
    ) -> Result<ContrastiveRun, TrainError> {
        ContrastiveRun::new(config, set, device)
    }
}

impl Run for GanRun {
    type Point = super::GanPoint;

    fn train_step(&mut self) -> Result<(), TrainError> {
        self.iteration()
    }

    fn steps_done(&self) -> usize {
        self.counters().iterations
    }

    fn read_point(&mut self) -> impl Future<Output = Result<Option<Self::Point>, TrainError>> {
        GanRun::read_point(self)
    }

    fn read_host_weights(&self) -> impl Future<Output = Result<HostWeights, TrainError>> {
        GanRun::read_host_weights(self)
    }

    fn continue_from(
        &self,
        weights: &HostWeights,
        set: &ImageSet,
        device: &Device,
    ) -> Result<Self, TrainError> {
        self.continue_on(weights, set, device)
    }
}

impl Run for ContrastiveRun {
    type Point = super::ContrastivePoint;

    fn train_step(&mut self) -> Result<(), TrainError> {
        self.step()
    }

    fn steps_done(&self) -> usize {
        self.step_count()
    }

    fn read_point(&mut self) -> impl Future<Output = Result<Option<Self::Point>, TrainError>> {
        ContrastiveRun::read_point(self)
    }

    fn read_host_weights(&self) -> impl Future<Output = Result<HostWeights, TrainError>> {
        ContrastiveRun::read_host_weights(self)
    }

    fn continue_from(
        &self,
        weights: &HostWeights,
        set: &ImageSet,
        device: &Device,
    ) -> Result<Self, TrainError> {
        self.continue_on(weights, set, device)
    }
}
