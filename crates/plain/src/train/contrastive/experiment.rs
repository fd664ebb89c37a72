//! A complete contrastive experiment: the MoCo + NDA settings, how many steps to train, how often
//! to evaluate the frozen encoder, and whether to train the baseline (`m = 0`, same seed) next to
//! it. The page builds it from its form; the CLI reads it from the experiment file.

use serde::{Deserialize, Serialize};

use crate::train::TrainError;
use crate::train::contrastive::config::ContrastiveConfig;
pub use crate::train::run_budget::MAX_STEPS;
use crate::train::run_budget::{check_budget, nda_and_baseline};

/// One contrastive experiment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ContrastiveExperiment {
    /// Model, objective and optimiser settings.
    pub config: ContrastiveConfig,
    /// Training steps.
    pub steps: usize,
    /// Evaluate (k-NN, linear probe, map) every this many steps, and at the end.
    pub evaluate_every: usize,
    /// Also train the baseline (`m = 0`) with the same seed, step for step.
    pub compare_with_baseline: bool,
}

impl Default for ContrastiveExperiment {
    fn default() -> Self {
        Self {
            config: ContrastiveConfig::default(),
            steps: 500,
            evaluate_every: 100,
            compare_with_baseline: true,
        }
    }
}

impl ContrastiveExperiment {
    /// The runs to train, labelled: the NDA run, then the baseline when compared.
    pub fn runs(&self) -> Vec<(&'static str, ContrastiveConfig)> {
        nda_and_baseline(
            &self.config,
            self.compare_with_baseline,
            ContrastiveConfig::baseline,
        )
    }

    /// Checks every setting; the error names the one to change.
    pub fn validate(&self) -> Result<(), TrainError> {
        check_budget(self.steps, self.evaluate_every)?;
        self.config.validate()
    }
}
