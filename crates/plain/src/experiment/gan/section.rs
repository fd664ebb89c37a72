//! The GAN's section of an experiment (config version 2): the model, objective and optimiser, and
//! how the page runs it. It mirrors the contrastive section ([`ContrastiveExperiment`]): settings
//! in `config`, then the length of the run and whether the baseline trains beside it.
//!
//! [`ContrastiveExperiment`]: crate::train::ContrastiveExperiment

use serde::{Deserialize, Serialize};

use crate::train::{GanConfig, GanExperiment};

/// The GAN's settings in an [`ExperimentConfig`](crate::experiment::ExperimentConfig).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GanSection {
    /// Model, objective, optimiser, negatives with weights, seed.
    pub config: GanConfig,
    /// Iterations (generator steps) to train.
    pub iterations: usize,
    /// Refresh the sample grid every this many iterations.
    pub sample_every: usize,
    /// Train the baseline next to the NDA run.
    pub compare_with_baseline: bool,
    /// Class-conditional GAN on labelled data.
    pub conditional: bool,
}

impl Default for GanSection {
    fn default() -> Self {
        let experiment = GanExperiment::default();
        Self {
            config: experiment.gan,
            iterations: experiment.iterations,
            sample_every: experiment.sample_every,
            compare_with_baseline: experiment.compare_with_baseline,
            conditional: false,
        }
    }
}
