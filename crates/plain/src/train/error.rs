//! Errors of the trainers: every message says which setting to change.

use thiserror::Error;

use crate::augment::AugmentError;
use crate::model::ModelError;

/// Why a training run (GAN or contrastive) cannot start or continue.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum TrainError {
    /// A numeric setting is outside its allowed range.
    #[error("{parameter} is {value}, but it must be {expected}")]
    OutOfRange {
        /// The setting, e.g. `alpha`.
        parameter: &'static str,
        /// The value given, as text.
        value: String,
        /// What is allowed.
        expected: &'static str,
    },
    /// The model settings are invalid.
    #[error(transparent)]
    Model(#[from] ModelError),
    /// A negative augmentation cannot run on these batches.
    #[error(transparent)]
    Augment(#[from] AugmentError),
    /// NDA is on (beta > 0) but no negative augmentation is chosen.
    #[error("beta is {0} but no negative augmentation is selected: pick one or set beta to 0")]
    NoNegatives(f64),
    /// NDA views are asked for (`m > 0`) but no negative augmentation is chosen.
    #[error(
        "{0} NDA views per image are set but no negative augmentation is selected: pick one or set the views to 0"
    )]
    NoNdaAugmentation(usize),
    /// The trainer was given a device without autodiff, so it could not compute gradients.
    #[error("training needs an autodiff device: pass `device.autodiff()` to the trainer")]
    NeedsAutodiff,
    /// An iteration got the wrong number of real batches.
    #[error("an iteration takes {expected} real batches (one per D step), got {actual}")]
    WrongBatchCount {
        /// `n_dis`.
        expected: usize,
        /// Batches given.
        actual: usize,
    },
    /// Labels were missing for a class-conditional model, or given to an unconditional one.
    #[error("{0}")]
    Labels(&'static str),
    /// The dataset does not fit the model settings (size, count, labels).
    #[error("{0}")]
    Dataset(String),
    /// The settings need more memory than the device allows.
    #[error("{0}")]
    TooLarge(String),
    /// The frozen encoder could not be evaluated.
    #[error("the evaluation failed: {0}")]
    Evaluation(String),
    /// A value could not be read back from the device.
    #[error("could not read a training value back from the device: {0}")]
    Readback(String),
    /// A loss or logit became NaN or infinite: training diverged.
    #[error(
        "{0} is not finite: training diverged; lower the learning rate or restart with another seed"
    )]
    NonFinite(&'static str),
}

impl TrainError {
    /// A [`TrainError::Evaluation`] saying `error` (what the evaluation maths refused).
    pub fn evaluation(error: impl ToString) -> Self {
        Self::Evaluation(error.to_string())
    }

    /// An [`TrainError::OutOfRange`] for `parameter`.
    pub fn out_of_range(
        parameter: &'static str,
        value: impl ToString,
        expected: &'static str,
    ) -> Self {
        Self::OutOfRange {
            parameter,
            value: value.to_string(),
            expected,
        }
    }
}
