//! The contrastive task as every driver sees it: its experiment builds [`ContrastiveRun`]s, and a
//! run steps, reports and continues through the shared [`Run`] trait (`train/run.rs`).

use std::future::Future;

use burn::tensor::Device;

use super::config::ContrastiveConfig;
use super::experiment::ContrastiveExperiment;
use super::run::ContrastiveRun;
use crate::data::ImageSet;
use crate::train::host_weights::HostWeights;
use crate::train::memory::{MemoryBudget, check_contrastive_fits};
use crate::train::{Experiment, Run, TrainError};

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

impl Run for ContrastiveRun {
    type Point = crate::train::ContrastivePoint;
    type Data = ImageSet;

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
