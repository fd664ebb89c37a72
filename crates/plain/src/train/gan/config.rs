//! Settings of an NDA-GAN run, with the defaults of Sinha et al. (ICLR 2021) and their reference
//! BigGAN code: hinge loss with alpha 0.25 and beta 0.75, 4 D steps per G step, Adam lr 2e-4 with
//! betas (0, 0.999), batch 64, 2x2 jigsaw negatives, generator EMA.

use serde::{Deserialize, Serialize};

/// Weight of the generated-fake term with NDA (`lambda` of the paper).
pub const NDA_ALPHA: f64 = 0.25;
/// Weight of the NDA term (`1 - lambda`).
pub const NDA_BETA: f64 = 0.75;

use crate::augment::NegativeAugmentation;
use crate::model::{DiscriminatorConfig, GeneratorConfig, ModelPreset};
use crate::train::TrainError;
use crate::train::ema_schedule::EmaConfig;

/// Everything that defines a GAN run; the same config gives the same run on the CPU.
///
/// In JSON, a missing field takes its default and an unknown field is refused, so a typo in a
/// config file is reported instead of silently ignored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GanConfig {
    /// Model size.
    pub preset: ModelPreset,
    /// Size of the latent vector `z` (128 in BigGAN).
    pub latent_dim: usize,
    /// Image side, 32 or 64.
    pub image_size: usize,
    /// `Some(classes)` for a class-conditional GAN (projection discriminator).
    pub num_classes: Option<usize>,
    /// Weight of the generated-fake hinge term (`lambda`); must be > 0.
    pub alpha: f64,
    /// Weight of the NDA hinge term (`1 - lambda`); 0 is the baseline GAN.
    pub beta: f64,
    /// Discriminator steps per generator step (4 in the reference).
    pub n_dis: usize,
    /// Adam learning rate of both networks (2e-4 in the reference).
    pub learning_rate: f64,
    /// Adam `(beta_1, beta_2)`, `(0, 0.999)` in the reference.
    pub adam_betas: (f64, f64),
    /// Images per batch (64 in the reference).
    pub batch_size: usize,
    /// Negative augmentations and their relative weights; each D step draws one by weight.
    pub negatives: Vec<(NegativeAugmentation, f64)>,
    /// Generator EMA schedule.
    pub ema: EmaConfig,
    /// Seed of the run's one RNG (2 in the reference).
    pub seed: u64,
}

impl Default for GanConfig {
    /// NDA-GAN with the reference hyper-parameters on a small 32x32 model.
    fn default() -> Self {
        Self {
            preset: ModelPreset::default(),
            latent_dim: 128,
            image_size: 32,
            num_classes: None,
            alpha: NDA_ALPHA,
            beta: NDA_BETA,
            n_dis: 4,
            learning_rate: 2e-4,
            adam_betas: (0.0, 0.999),
            batch_size: 64,
            negatives: vec![(NegativeAugmentation::default(), 1.0)],
            ema: EmaConfig::default(),
            seed: 2,
        }
    }
}

impl GanConfig {
    /// The default settings with another model width, batch and image size (for tests that
    /// compare sizes).
    #[cfg(test)]
    pub(crate) fn sized(
        preset: crate::model::ModelPreset,
        batch_size: usize,
        image_size: usize,
    ) -> Self {
        Self {
            preset,
            batch_size,
            image_size,
            ..Self::default()
        }
    }

    /// The same run without NDA: `alpha = 1`, `beta = 0`.
    pub fn baseline(self) -> Self {
        Self {
            alpha: 1.0,
            beta: 0.0,
            ..self
        }
    }

    /// The generator these settings describe.
    pub fn generator(&self) -> GeneratorConfig {
        GeneratorConfig {
            latent_dim: self.latent_dim,
            width: self.preset.width(),
            image_size: self.image_size,
            num_classes: self.num_classes,
        }
    }

    /// The discriminator these settings describe.
    pub fn discriminator(&self) -> DiscriminatorConfig {
        DiscriminatorConfig {
            width: self.preset.width(),
            image_size: self.image_size,
            num_classes: self.num_classes,
        }
    }

    /// Whether the discriminator sees negatives (beta > 0).
    pub fn uses_negatives(&self) -> bool {
        self.beta > 0.0
    }

    /// Checks every setting; the error names the one to change.
    pub fn validate(&self) -> Result<(), TrainError> {
        check_finite_at_least("alpha", self.alpha, false)?;
        check_finite_at_least("beta", self.beta, true)?;
        check_finite_at_least("learning rate", self.learning_rate, false)?;
        let (beta_1, beta_2) = self.adam_betas;
        for (name, value) in [("Adam beta_1", beta_1), ("Adam beta_2", beta_2)] {
            if !(0.0..1.0).contains(&value) {
                return Err(TrainError::out_of_range(name, value, "in [0, 1)"));
            }
        }
        if self.n_dis == 0 {
            return Err(TrainError::out_of_range("n_dis", 0, "at least 1"));
        }
        if self.batch_size < 2 {
            return Err(TrainError::out_of_range(
                "batch size",
                self.batch_size,
                "at least 2",
            ));
        }
        self.generator().validate()?;
        self.discriminator().validate()?;
        self.ema.validate()?;
        self.validate_negatives()
    }

    fn validate_negatives(&self) -> Result<(), TrainError> {
        let shape = [self.batch_size, 3, self.image_size, self.image_size];
        let total = check_negatives(&self.negatives, shape)?;
        if self.uses_negatives() && total <= 0.0 {
            return Err(TrainError::NoNegatives(self.beta));
        }
        Ok(())
    }
}

/// Checks each negative augmentation's weight and its settings against the batch `shape`;
/// returns the total weight (0 when none is chosen).
pub(crate) fn check_negatives(
    negatives: &[(NegativeAugmentation, f64)],
    shape: [usize; 4],
) -> Result<f64, TrainError> {
    for (augmentation, weight) in negatives {
        check_finite_at_least("negative augmentation weight", *weight, true)?;
        augmentation.validate(shape)?;
    }
    Ok(negatives.iter().map(|(_, weight)| weight).sum())
}

/// `value` must be finite and > 0 (or >= 0 when `zero_allowed`).
pub(crate) fn check_finite_at_least(
    parameter: &'static str,
    value: f64,
    zero_allowed: bool,
) -> Result<(), TrainError> {
    let ok = value.is_finite() && (value > 0.0 || (zero_allowed && value == 0.0));
    if ok {
        return Ok(());
    }
    let expected = match zero_allowed {
        true => "a finite number >= 0",
        false => "a finite number > 0",
    };
    Err(TrainError::out_of_range(parameter, value, expected))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_follow_the_reference() {
        let config = GanConfig::default();
        assert!(config.validate().is_ok());
        assert_eq!((config.alpha, config.beta, config.n_dis), (0.25, 0.75, 4));
        assert_eq!(config.adam_betas, (0.0, 0.999));
        let baseline = config.baseline();
        assert_eq!((baseline.alpha, baseline.beta), (1.0, 0.0));
        assert!(baseline.validate().is_ok());
    }

    #[test]
    fn bad_settings_name_the_culprit() {
        let cases = [
            (
                GanConfig {
                    alpha: 0.0,
                    ..GanConfig::default()
                },
                "alpha",
            ),
            (
                GanConfig {
                    beta: -0.1,
                    ..GanConfig::default()
                },
                "beta",
            ),
            (
                GanConfig {
                    n_dis: 0,
                    ..GanConfig::default()
                },
                "n_dis",
            ),
            (
                GanConfig {
                    learning_rate: f64::NAN,
                    ..GanConfig::default()
                },
                "learning rate",
            ),
            (
                GanConfig {
                    negatives: vec![],
                    ..GanConfig::default()
                },
                "no negative",
            ),
            (
                GanConfig {
                    image_size: 48,
                    ..GanConfig::default()
                },
                "48x48",
            ),
        ];
        for (config, needle) in cases {
            let message = config.validate().expect_err(needle).to_string();
            assert!(message.contains(needle), "{message}");
        }
        let round_trip: GanConfig =
            serde_json::from_str(&serde_json::to_string(&GanConfig::default()).expect("json"))
                .expect("parse");
        assert_eq!(round_trip, GanConfig::default());
    }
}
