//! The video task as every driver sees it: its experiment builds [`VideoRun`]s on [`VideoData`]
//! (`data.rs`),
//! and a run steps, reports and continues through the shared [`Run`] trait (`train/run.rs`), so
//! the worker's session keeps its phase, faults and host copies as the image tasks' do.

use std::future::Future;

use burn::tensor::Device;

use super::data::VideoData;
use super::run::VideoRun;
use super::weights::read_video_weights;
use crate::train::host_weights::HostWeights;
use crate::train::memory::MemoryBudget;
use crate::train::video::{VideoConfig, VideoExperiment, VideoPoint, check_video_fits};
use crate::train::{Experiment, Run, TrainError};

impl Experiment for VideoExperiment {
    type Config = VideoConfig;
    type Run = VideoRun;

    fn check(&self) -> Result<(), TrainError> {
        self.validate()
    }

    fn total_steps(&self) -> usize {
        self.steps
    }

    fn run_configs(&self) -> Vec<(&'static str, VideoConfig)> {
        self.runs()
    }

    fn check_fits(config: &VideoConfig, budget: &MemoryBudget) -> Result<(), TrainError> {
        check_video_fits(config, budget)
    }

    fn new_run(
        config: VideoConfig,
        data: &VideoData,
        device: &Device,
    ) -> Result<VideoRun, TrainError> {
        VideoRun::new(config, data.clips.clone(), data.evaluation.clone(), device)
    }
}

impl Run for VideoRun {
    type Point = VideoPoint;
    type Data = VideoData;

    fn train_step(&mut self) -> Result<(), TrainError> {
        self.step()
    }

    fn steps_done(&self) -> usize {
        self.step_count()
    }

    fn read_point(&mut self) -> impl Future<Output = Result<Option<VideoPoint>, TrainError>> {
        VideoRun::read_point(self)
    }

    fn read_host_weights(&self) -> impl Future<Output = Result<HostWeights, TrainError>> {
        read_video_weights(self.trainer())
    }

    fn continue_from(
        &self,
        weights: &HostWeights,
        data: &VideoData,
        device: &Device,
    ) -> Result<Self, TrainError> {
        self.continue_on(weights, data, device)
    }
}
