//! A prepared GAN evaluation of either kind of dataset, so the worker and the CLI drive one type:
//! a built-in set's ([`EvaluationSuite`], fresh held-out images and the trained evaluators) or a
//! person's images' ([`UploadSuite`], the images themselves and a contrastive baseline encoder).

use burn::tensor::Device;

use crate::train::evaluation::suite::{EvaluationSuite, GanEvaluation};
use crate::train::evaluation::upload_suite::UploadSuite;
use crate::train::{GanTrainer, TrainError};

/// Either prepared suite.
#[derive(Clone)]
pub enum GanSuite {
    /// A built-in set's.
    Builtin(Box<EvaluationSuite>),
    /// A person's images'.
    Uploads(Box<UploadSuite>),
}

impl GanSuite {
    /// Generated images (and real ones) per sample-quality metric.
    pub fn num_samples(&self) -> usize {
        match self {
            Self::Builtin(suite) => suite.num_samples(),
            Self::Uploads(suite) => suite.num_samples(),
        }
    }

    /// Images per anomaly set.
    pub fn anomaly_images(&self) -> usize {
        match self {
            Self::Builtin(suite) => suite.anomaly_images(),
            Self::Uploads(suite) => suite.anomaly_images(),
        }
    }

    /// What the evaluators' sentence leaves out that the suite adds (a probe's accuracy).
    pub fn note(&self) -> String {
        match self {
            Self::Builtin(_) => String::new(),
            Self::Uploads(suite) => suite.note(),
        }
    }

    /// What the real images are, for a summary line.
    pub fn real_images(&self) -> &'static str {
        match self {
            Self::Builtin(_) => "held-out real images",
            Self::Uploads(_) => "of your images (D trained on them)",
        }
    }

    /// Measures `trainer`'s run at `iteration`.
    pub async fn evaluate_gan(
        &self,
        trainer: &GanTrainer,
        iteration: usize,
        device: &Device,
    ) -> Result<GanEvaluation, TrainError> {
        match self {
            Self::Builtin(suite) => suite.evaluate_gan(trainer, iteration, device).await,
            Self::Uploads(suite) => suite.evaluate_gan(trainer, iteration, device).await,
        }
    }
}
