//! The two kinds of evaluators the worker trains and keeps: a built-in set's (label classifier
//! and structure detector, trained on fresh images) and a person's images' (a contrastive
//! baseline encoder and its untrained twin), behind one key, one training a slice at a time and
//! one prepared suite.

use burn::tensor::Device;

use nda_core::data::{BuiltinDataset, BuiltinSpec, ImageSet};
use nda_core::train::evaluation::{
    EVALUATOR_VERSION, EvaluationSettings, EvaluationSuite, EvaluatorBudget, EvaluatorTrainer,
    Evaluators, GanSuite, UploadEvaluatorTrainer, UploadEvaluators, UploadSuite, check_evaluators,
};
use nda_core::train::{GanConfig, TrainError, read_floats};

/// What a GAN session trained on, as its evaluation needs it.
#[derive(Debug, Clone)]
pub enum EvaluationData {
    /// A built-in set: fresh held-out images can be drawn.
    Builtin(BuiltinSpec),
    /// A person's images: they are all there is.
    Uploads(ImageSet),
}

/// Where evaluators come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvaluatorSource {
    /// A built-in set.
    Builtin(BuiltinDataset),
    /// A person's images, by fingerprint.
    Uploads(String),
}

/// What identifies trained evaluators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvaluatorKey {
    /// Their data.
    pub source: EvaluatorSource,
    /// Image side.
    pub size: usize,
    /// Training steps per network.
    pub steps: usize,
}

impl EvaluatorKey {
    /// The key of `data`'s evaluators trained `steps` steps.
    pub fn of(data: &EvaluationData, steps: usize) -> Self {
        match data {
            EvaluationData::Builtin(spec) => Self {
                source: EvaluatorSource::Builtin(spec.dataset),
                size: spec.size,
                steps,
            },
            EvaluationData::Uploads(images) => Self {
                source: EvaluatorSource::Uploads(images.fingerprint()),
                size: images.size(),
                steps,
            },
        }
    }

    /// The name under which the page keeps them in the browser, for a built-in set's (a
    /// person's images' encoder is not kept: it would outlive the images).
    pub fn storage_name(&self) -> Option<String> {
        match &self.source {
            EvaluatorSource::Builtin(dataset) => Some(format!(
                "v{EVALUATOR_VERSION}-{}-{}-{}",
                dataset.label().to_lowercase(),
                self.size,
                self.steps
            )),
            EvaluatorSource::Uploads(_) => None,
        }
    }

    /// What they are, for the progress line and the description.
    pub fn title(&self) -> String {
        match &self.source {
            EvaluatorSource::Builtin(dataset) => format!(
                "Evaluators of {} at {} px (version {EVALUATOR_VERSION}, {} steps per network)",
                dataset.label(),
                self.size,
                self.steps
            ),
            EvaluatorSource::Uploads(_) => format!(
                "Encoder of your images at {} px (trained without NDA, {} steps)",
                self.size, self.steps
            ),
        }
    }
}

/// Trained evaluators of either kind.
#[derive(Clone)]
pub enum TrainedEvaluators {
    /// A built-in set's.
    Builtin(Box<Evaluators>),
    /// A person's images'.
    Uploads(Box<UploadEvaluators>),
}

impl TrainedEvaluators {
    /// Their sentence: the checks of a built-in set's, what a person's images' are.
    pub async fn describe(&self, device: &Device) -> Result<String, TrainError> {
        match self {
            Self::Builtin(evaluators) => Ok(check_evaluators(evaluators, device).await?.describe()),
            Self::Uploads(evaluators) => Ok(evaluators.describe()),
        }
    }

    /// The suite of an experiment whose NDA run is `nda`.
    pub async fn prepare(
        self,
        settings: &EvaluationSettings,
        nda: &GanConfig,
        device: &Device,
    ) -> Result<GanSuite, TrainError> {
        Ok(match self {
            Self::Builtin(evaluators) => GanSuite::Builtin(Box::new(
                EvaluationSuite::prepare(*evaluators, settings, nda, device).await?,
            )),
            Self::Uploads(evaluators) => GanSuite::Uploads(Box::new(
                UploadSuite::prepare(*evaluators, settings, nda, device).await?,
            )),
        })
    }
}

impl TrainedEvaluators {
    /// A built-in set's evaluators read from their file (`None` for a person's images).
    pub fn from_file(key: &EvaluatorKey, bytes: &[u8], device: &Device) -> Option<Self> {
        let EvaluatorSource::Builtin(dataset) = key.source else {
            return None;
        };
        Evaluators::from_safetensors(bytes, dataset, key.size, device)
            .ok()
            .map(|evaluators| Self::Builtin(Box::new(evaluators)))
    }

    /// Their file, for a built-in set's.
    pub async fn to_file(&self) -> Result<Option<Vec<u8>>, TrainError> {
        match self {
            Self::Builtin(evaluators) => Ok(Some(evaluators.to_safetensors().await?)),
            Self::Uploads(_) => Ok(None),
        }
    }
}

/// Training of either kind, a step at a time.
pub enum EvaluatorTraining {
    /// A built-in set's two networks.
    Builtin(Box<EvaluatorTrainer>),
    /// A person's images' encoder.
    Uploads(Box<UploadEvaluatorTrainer>),
}

impl EvaluatorTraining {
    /// Starts training `data`'s evaluators for `steps` steps per network on the autodiff `device`.
    pub fn new(data: &EvaluationData, steps: usize, device: &Device) -> Result<Self, TrainError> {
        Ok(match data {
            EvaluationData::Builtin(spec) => Self::Builtin(Box::new(EvaluatorTrainer::new(
                spec.dataset,
                spec.size,
                EvaluatorBudget::with_steps(steps),
                device,
            )?)),
            EvaluationData::Uploads(images) => Self::Uploads(Box::new(
                UploadEvaluatorTrainer::new(images, steps, device)?,
            )),
        })
    }

    /// Steps done and steps in all.
    pub fn progress(&self) -> (usize, usize) {
        match self {
            Self::Builtin(trainer) => (trainer.steps_done(), trainer.total_steps()),
            Self::Uploads(trainer) => (trainer.steps_done(), trainer.total_steps()),
        }
    }

    /// Whether every step is done.
    pub fn is_done(&self) -> bool {
        let (done, total) = self.progress();
        done >= total
    }

    /// Steps until `more` says stop or training is done, then waits for the last step's values
    /// (a GPU queue never grows without bound).
    pub async fn slice(&mut self, more: impl Fn() -> bool) -> Result<(), TrainError> {
        match self {
            Self::Builtin(trainer) => {
                let mut last = None;
                while trainer.stage().is_some() && more() {
                    last = Some(trainer.step()?);
                }
                if let Some(loss) = last {
                    read_floats(loss).await?;
                }
            }
            Self::Uploads(trainer) => {
                while !trainer.is_done() && more() {
                    trainer.step()?;
                }
                trainer.settle().await?;
            }
        }
        Ok(())
    }

    /// The trained evaluators.
    pub fn finish(self, device: &Device) -> Result<TrainedEvaluators, TrainError> {
        match self {
            Self::Builtin(trainer) => Ok(TrainedEvaluators::Builtin(Box::new(trainer.finish()?))),
            Self::Uploads(trainer) => Ok(TrainedEvaluators::Uploads(Box::new(
                trainer.finish(device)?,
            ))),
        }
    }
}
