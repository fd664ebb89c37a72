//! A complete GAN experiment as a config file describes it: the built-in dataset, the model and
//! training settings, how long to train and how often to draw samples, and whether to train the
//! baseline (beta 0, alpha 1) next to it. The native CLI reads it; the page builds the same
//! settings from its form.

use serde::{Deserialize, Serialize};

use crate::data::BuiltinSpec;
use crate::train::TrainError;
use crate::train::ema_schedule::EmaConfig;
use crate::train::gan::config::GanConfig;

/// Most iterations one run may ask for.
pub const MAX_ITERATIONS: usize = 1_000_000;

/// One GAN experiment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GanExperiment {
    /// The built-in dataset to train on (the CLI's data source).
    pub dataset: BuiltinSpec,
    /// Model, objective and optimiser settings.
    pub gan: GanConfig,
    /// Iterations (generator steps) to train.
    pub iterations: usize,
    /// Draw the fixed-noise grid every this many iterations.
    pub sample_every: usize,
    /// Also train the baseline with the same seed, step for step.
    pub compare_with_baseline: bool,
    /// Replace `gan.ema` by the reference schedule scaled to `iterations`
    /// ([`EmaConfig::scaled_for_run`]); the reference's decay 0.9999 from iteration 1000 only
    /// suits runs of many thousands of iterations.
    pub scale_ema_to_run: bool,
}

impl Default for GanExperiment {
    fn default() -> Self {
        Self {
            dataset: BuiltinSpec::default(),
            gan: GanConfig::default(),
            iterations: 2_000,
            sample_every: 100,
            compare_with_baseline: false,
            scale_ema_to_run: true,
        }
    }
}

impl GanExperiment {
    /// The trainer settings of the NDA run (with the scaled EMA when asked for).
    pub fn nda_config(&self) -> GanConfig {
        let mut config = self.gan.clone();
        if self.scale_ema_to_run {
            config.ema = EmaConfig::scaled_for_run(self.iterations);
        }
        config
    }

    /// The runs to train, labelled: the NDA run, then the baseline when compared.
    pub fn runs(&self) -> Vec<(&'static str, GanConfig)> {
        let nda = self.nda_config();
        let mut runs = vec![("nda", nda.clone())];
        if self.compare_with_baseline {
            runs.push(("baseline", nda.baseline()));
        }
        runs
    }

    /// Checks every setting; the error names the one to change.
    pub fn validate(&self) -> Result<(), TrainError> {
        if !(1..=MAX_ITERATIONS).contains(&self.iterations) {
            return Err(TrainError::out_of_range(
                "iterations",
                self.iterations,
                "between 1 and 1000000",
            ));
        }
        if self.sample_every == 0 {
            return Err(TrainError::out_of_range("sample_every", 0, "at least 1"));
        }
        self.nda_config().validate()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partial_file_takes_defaults_and_a_typo_is_refused() {
        let experiment: GanExperiment =
            serde_json::from_str(r#"{"iterations": 50, "gan": {"preset": "Tiny", "seed": 7}}"#)
                .expect("partial JSON");
        assert_eq!(experiment.iterations, 50);
        assert_eq!(experiment.gan.seed, 7);
        assert_eq!(experiment.gan.beta, 0.75);
        assert!(experiment.validate().is_ok());
        let typo = serde_json::from_str::<GanExperiment>(r#"{"iteratons": 50}"#);
        assert!(
            typo.expect_err("typo")
                .to_string()
                .contains("unknown field `iteratons`")
        );
    }

    #[test]
    fn the_baseline_differs_only_in_alpha_and_beta_and_ema_is_scaled() {
        let experiment = GanExperiment {
            iterations: 1_000,
            compare_with_baseline: true,
            ..GanExperiment::default()
        };
        let runs = experiment.runs();
        assert_eq!(runs.len(), 2);
        let (nda, baseline) = (&runs[0].1, &runs[1].1);
        assert_eq!(nda.ema, EmaConfig::scaled_for_run(1_000));
        assert_eq!(
            GanConfig {
                alpha: nda.alpha,
                beta: nda.beta,
                ..baseline.clone()
            },
            *nda
        );
        assert_eq!((baseline.alpha, baseline.beta), (1.0, 0.0));
        let zero = GanExperiment {
            iterations: 0,
            ..GanExperiment::default()
        };
        assert!(
            zero.validate()
                .expect_err("zero")
                .to_string()
                .contains("iterations")
        );
    }
}
