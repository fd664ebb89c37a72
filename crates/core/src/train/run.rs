//! What every training run offers its driver, whatever its task: a step, an asynchronous read of
//! its latest point, a host copy of its last good weights, and the same run continued on another
//! device from such a copy. The worker's sessions keep their shared bookkeeping (phase, faults,
//! host copies, continuing on the CPU) once over any [`Run`] (`worker/session_core.rs`).

use std::future::Future;

use burn::tensor::Device;

use super::TrainError;
use super::contrastive::run::ContrastiveRun;
use super::gan::run::GanRun;
use super::host_weights::HostWeights;
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
