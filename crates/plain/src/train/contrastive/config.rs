//! Settings of a MoCo-v2 + NDA run (Sinha et al., ICLR 2021, Sec. 5; He et al., 2020; Chen et
//! al., 2020). No public code exists for this part of the paper, so every default is a choice we
//! document here:
//!
//! - temperature 0.2, embedding 128: the paper's values;
//! - positive views = MoCo-v2's crop and flip with *stronger colour distortion* (jitter 0.8, as
//!   SimCLR's strength 1, and every view in grayscale): the built-in sets draw each image's colours
//!   at random, so with MoCo-v2's mild jitter the encoder tells images apart by their colours, which
//!   say nothing of their class. Measured on 600 digits, tiny encoder, 250 steps: k-NN accuracy
//!   fell from 0.26 to 0.13–0.18 with MoCo-v2's colours and rose to 0.44 with these (linear probe
//!   0.58). For photos whose colour matters, lower them;
//! - key momentum 0.99: the reference note's value for short runs (MoCo uses 0.999 over 200 epochs;
//!   over a few hundred browser steps the key encoder would barely move);
//! - queue 1024 keys, a multiple of the batch as MoCo requires, small enough that keys stay fresh
//!   in a short run;
//! - `m = 2` NDA views per image, 2x2 jigsaw (the paper's best negative);
//! - SGD, momentum 0.9, learning rate 0.06, weight decay 5e-4: MoCo-v2's optimiser with the
//!   values of its authors' CIFAR-10 demo, which trains small ResNets on 32x32 images (in the
//!   run above Adam at 1e-3 reached k-NN 0.29 instead of 0.44).

use serde::{Deserialize, Serialize};

use crate::augment::{NegativeAugmentation, PositiveConfig};
use crate::model::{EncoderConfig, ModelPreset};
use crate::train::TrainError;
use crate::train::gan::config::{check_finite_at_least, check_negatives};

/// Largest number of NDA views per image.
pub const MAX_NDA_VIEWS: usize = 8;
/// Largest key queue.
pub const MAX_QUEUE_SIZE: usize = 65_536;

/// How the query encoder is optimised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ContrastiveOptimizer {
    /// SGD with momentum 0.9 and weight decay, as MoCo-v2.
    #[default]
    Sgd,
    /// Adam (betas 0.9, 0.999) with the same weight decay: forgiving for very short runs.
    Adam,
}

/// Everything that defines a contrastive run; the same config gives the same run on the CPU.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ContrastiveConfig {
    /// Encoder size.
    pub preset: ModelPreset,
    /// Image side, 32 or 64.
    pub image_size: usize,
    /// Size of the embedding the loss compares (MoCo: 128).
    pub embedding_dim: usize,
    /// InfoNCE temperature `t` (paper: 0.2).
    pub temperature: f64,
    /// Key-encoder momentum in [0, 1).
    pub momentum: f64,
    /// Number of past keys in the queue; a multiple of the batch size.
    pub queue_size: usize,
    /// `m`: NDA views per image added to the denominator; 0 is the baseline.
    pub nda_views: usize,
    /// Negative augmentations and their relative weights; each NDA view draws one by weight.
    pub negatives: Vec<(NegativeAugmentation, f64)>,
    /// The positive views (crop, flip, colour jitter, grayscale).
    pub positive: PositiveConfig,
    /// The optimiser of the query encoder.
    pub optimizer: ContrastiveOptimizer,
    /// Its learning rate.
    pub learning_rate: f64,
    /// Its L2 weight decay.
    pub weight_decay: f64,
    /// Images per batch.
    pub batch_size: usize,
    /// Seed of the run.
    pub seed: u64,
}

impl Default for ContrastiveConfig {
    fn default() -> Self {
        Self {
            preset: ModelPreset::default(),
            image_size: 32,
            embedding_dim: 128,
            temperature: 0.2,
            momentum: 0.99,
            queue_size: 1024,
            nda_views: 2,
            negatives: vec![(NegativeAugmentation::default(), 1.0)],
            positive: strong_colour_views(),
            optimizer: ContrastiveOptimizer::default(),
            learning_rate: 0.06,
            weight_decay: 5e-4,
            batch_size: 64,
            seed: 2,
        }
    }
}

/// MoCo-v2's crop and flip with SimCLR-strength colour jitter and every view in grayscale (see
/// the module docs for why and what it changes).
pub fn strong_colour_views() -> PositiveConfig {
    PositiveConfig {
        jitter_strength: 0.8,
        grayscale_probability: 1.0,
        ..PositiveConfig::default()
    }
}

impl ContrastiveConfig {
    /// The same run without NDA negatives (`m = 0`).
    pub fn baseline(self) -> Self {
        Self {
            nda_views: 0,
            ..self
        }
    }

    /// The encoder these settings describe.
    pub fn encoder(&self) -> EncoderConfig {
        EncoderConfig {
            width: self.preset.width(),
            image_size: self.image_size,
            embedding_dim: self.embedding_dim,
        }
    }

    /// Checks every setting; the error names the one to change and its allowed range.
    pub fn validate(&self) -> Result<(), TrainError> {
        if !(0.01..=1.0).contains(&self.temperature) {
            return Err(TrainError::out_of_range(
                "temperature",
                self.temperature,
                "between 0.01 and 1",
            ));
        }
        if !(0.0..1.0).contains(&self.momentum) {
            return Err(TrainError::out_of_range(
                "key momentum",
                self.momentum,
                "in [0, 1)",
            ));
        }
        if !(2..=512).contains(&self.batch_size) {
            return Err(TrainError::out_of_range(
                "batch size",
                self.batch_size,
                "between 2 and 512",
            ));
        }
        let queue_fits = self.queue_size >= self.batch_size
            && self.queue_size <= MAX_QUEUE_SIZE
            && self.queue_size.is_multiple_of(self.batch_size);
        if !queue_fits {
            return Err(TrainError::out_of_range(
                "queue size",
                self.queue_size,
                "a multiple of the batch size, at most 65536",
            ));
        }
        if self.nda_views > MAX_NDA_VIEWS {
            return Err(TrainError::out_of_range(
                "NDA views per image",
                self.nda_views,
                "between 0 and 8",
            ));
        }
        check_finite_at_least("learning rate", self.learning_rate, false)?;
        if self.learning_rate > 10.0 {
            return Err(TrainError::out_of_range(
                "learning rate",
                self.learning_rate,
                "at most 10",
            ));
        }
        check_finite_at_least("weight decay", self.weight_decay, true)?;
        self.encoder().validate()?;
        self.positive.validate()?;
        self.validate_negatives()
    }

    fn validate_negatives(&self) -> Result<(), TrainError> {
        let shape = [self.batch_size, 3, self.image_size, self.image_size];
        let total = check_negatives(&self.negatives, shape)?;
        if self.nda_views > 0 && total <= 0.0 {
            return Err(TrainError::NoNdaAugmentation(self.nda_views));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_the_baseline_has_no_nda_views() {
        let config = ContrastiveConfig::default();
        assert!(config.validate().is_ok());
        assert_eq!((config.temperature, config.embedding_dim), (0.2, 128));
        assert_eq!(config.clone().baseline().nda_views, 0);
        assert!(config.baseline().validate().is_ok());
    }

    #[test]
    fn out_of_range_settings_name_the_setting() {
        let base = ContrastiveConfig::default();
        let cases = [
            (
                ContrastiveConfig {
                    temperature: 0.0,
                    ..base.clone()
                },
                "temperature",
            ),
            (
                ContrastiveConfig {
                    momentum: 1.0,
                    ..base.clone()
                },
                "momentum",
            ),
            (
                ContrastiveConfig {
                    queue_size: 100,
                    ..base.clone()
                },
                "queue size",
            ),
            (
                ContrastiveConfig {
                    nda_views: 9,
                    ..base.clone()
                },
                "NDA views",
            ),
            (
                ContrastiveConfig {
                    learning_rate: -1.0,
                    ..base.clone()
                },
                "learning rate",
            ),
            (
                ContrastiveConfig {
                    batch_size: 1,
                    ..base.clone()
                },
                "batch size",
            ),
            (
                ContrastiveConfig {
                    negatives: vec![],
                    ..base.clone()
                },
                "no negative",
            ),
        ];
        for (config, needle) in cases {
            let message = config.validate().expect_err(needle).to_string();
            assert!(message.contains(needle), "{message}");
        }
        let json = serde_json::to_string(&base).expect("json");
        assert_eq!(
            serde_json::from_str::<ContrastiveConfig>(&json).expect("parse"),
            base
        );
    }
}
