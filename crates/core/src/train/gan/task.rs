//! The GAN task as every driver sees it: its experiment builds [`GanRun`]s, and a run steps,
//! reports and continues through the shared [`Run`] trait (`train/run.rs`).

use std::future::Future;

use burn::tensor::Device;

use super::config::GanConfig;
use super::experiment::GanExperiment;
use super::run::GanRun;
use crate::data::ImageSet;
use crate::train::host_weights::HostWeights;
use crate::train::memory::{MemoryBudget, check_gan_fits};
use crate::train::{Experiment, Run, TrainError};

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

impl Run for GanRun {
    type Point = crate::train::GanPoint;
    type Data = ImageSet;

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
