//! The evaluators of one built-in set and side, trained on its held-out images with a fixed seed:
//! a classifier of the set's labels (its features are the space of KID, FD and coverage; its
//! predictions judge a conditional generator's classes) and a structure detector that tells real
//! images from the five NDA kinds. Neither ever sees an image a run trains on or is judged on,
//! and neither is trained with NDA as a *negative*, so neither favours the NDA run: the detector
//! learns what NDA images look like, which is what it is meant to measure.
//!
//! Training is step by step, so a driver can report progress between steps; the same seed gives
//! the same weights, bit for bit, on the CPU.

use burn::tensor::{Device, Int, Tensor, TensorData};
use rand::rngs::ChaCha8Rng;

use super::feature_net::{FeatureNet, FeatureNetTrainer, FeatureTraining};
use super::held_out_images::{HeldOutSource, all_images, all_labels, real_and_negative};
use crate::data::{BuiltinDataset, HeldOut};
use crate::seeding::{RngStream, stream_rng};
use crate::train::TrainError;

/// The seed of every evaluator: fixed, so every run of a set and side is judged by the same
/// networks. Change [`EVALUATOR_VERSION`] with it.
pub const EVALUATOR_SEED: u64 = 20_210_503;
/// Bumped whenever the evaluators' data, architecture or training change, or how their features
/// are measured, so a cached copy of an older evaluator is never used and reports of different
/// versions are never mixed. Version 2: features scaled isotropically, KID over half-sets, the
/// `density_gap` and `diversity` rows (issue 28). Version 3: Digits judged in the classifier's
/// trunk features with pooled scaling (`quality_reference::judged_in`); the networks and the
/// other sets' features are version 2's.
pub const EVALUATOR_VERSION: u32 = 3;

/// How the classifier trains: 400 steps of 64 fresh images (25,600 images, each seen once).
pub const CLASSIFIER_TRAINING: FeatureTraining = FeatureTraining {
    steps: 400,
    batch_size: 64,
    learning_rate: 1e-3,
};
/// How the detector trains: 400 steps of 32 real and 32 NDA images.
pub const DETECTOR_TRAINING: FeatureTraining = FeatureTraining {
    steps: 400,
    batch_size: 64,
    learning_rate: 1e-3,
};
/// How long each network trains: [`EvaluatorBudget::STANDARD`] unless an experiment's
/// `evaluator_steps` asks for fewer (a slow device) or more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EvaluatorBudget {
    /// Steps of the classifier.
    pub classifier_steps: usize,
    /// Steps of the detector.
    pub detector_steps: usize,
}

impl EvaluatorBudget {
    /// The budget of every evaluation.
    pub const STANDARD: EvaluatorBudget = EvaluatorBudget {
        classifier_steps: CLASSIFIER_TRAINING.steps,
        detector_steps: DETECTOR_TRAINING.steps,
    };

    /// `steps` for each network (the settings' `evaluator_steps`).
    pub fn with_steps(steps: usize) -> Self {
        Self {
            classifier_steps: steps,
            detector_steps: steps,
        }
    }
}

/// Held-out images on which the evaluators' own accuracy is measured.
pub const CHECK_IMAGES: usize = 500;

/// The trained evaluators of one set and side.
#[derive(Debug, Clone)]
pub struct Evaluators {
    /// The built-in set.
    pub dataset: BuiltinDataset,
    /// Image side.
    pub size: usize,
    /// Classifier of the set's labels; its features are the evaluation's feature space.
    pub classifier: FeatureNet,
    /// Six-way detector: real (output 0) or NDA kind `k` (output `k + 1`).
    pub detector: FeatureNet,
}

/// Which evaluator a step trains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvaluatorStage {
    /// The label classifier.
    Classifier,
    /// The structure detector.
    Detector,
}

/// Training of the evaluators of one set and side, a step at a time.
pub struct EvaluatorTrainer {
    seed: u64,
    dataset: BuiltinDataset,
    size: usize,
    classifier: Option<FeatureNetTrainer>,
    detector: FeatureNetTrainer,
    trained_classifier: Option<FeatureNet>,
    budget: EvaluatorBudget,
    augment_rng: ChaCha8Rng,
    step: usize,
    device: Device,
}

impl EvaluatorTrainer {
    /// Starts training on the autodiff `device`.
    pub fn new(
        dataset: BuiltinDataset,
        size: usize,
        budget: EvaluatorBudget,
        device: &Device,
    ) -> Result<Self, TrainError> {
        Self::with_seed(dataset, size, budget, EVALUATOR_SEED, device)
    }

    /// Starts training with another `seed` (weights, augmentation and training images): only
    /// metric validation does this, to see whether a feature space's verdict depends on its own
    /// seed. Every run is judged by the evaluators of [`EVALUATOR_SEED`].
    pub fn with_seed(
        dataset: BuiltinDataset,
        size: usize,
        budget: EvaluatorBudget,
        seed: u64,
        device: &Device,
    ) -> Result<Self, TrainError> {
        if !device.is_autodiff() {
            return Err(TrainError::NeedsAutodiff);
        }
        if budget.classifier_steps == 0 || budget.detector_steps == 0 {
            return Err(TrainError::out_of_range(
                "evaluator steps",
                0,
                "at least 1 per network",
            ));
        }
        let mut init_rng = stream_rng(seed, RngStream::Init);
        let classifier = FeatureNet::init(size, dataset.num_classes(), device, &mut init_rng)?;
        let detector = FeatureNet::init(size, 6, device, &mut init_rng)?;
        Ok(Self {
            seed,
            dataset,
            size,
            classifier: Some(FeatureNetTrainer::new(
                classifier,
                CLASSIFIER_TRAINING.learning_rate,
            )),
            detector: FeatureNetTrainer::new(detector, DETECTOR_TRAINING.learning_rate),
            trained_classifier: None,
            budget,
            augment_rng: stream_rng(seed, RngStream::Augment),
            step: 0,
            device: device.clone(),
        })
    }

    /// Steps of both networks together.
    pub fn total_steps(&self) -> usize {
        self.budget.classifier_steps + self.budget.detector_steps
    }

    /// Steps done.
    pub fn steps_done(&self) -> usize {
        self.step
    }

    /// Which network the next step trains, or `None` when both are trained.
    pub fn stage(&self) -> Option<EvaluatorStage> {
        if self.step < self.budget.classifier_steps {
            Some(EvaluatorStage::Classifier)
        } else if self.step < self.total_steps() {
            Some(EvaluatorStage::Detector)
        } else {
            None
        }
    }

    /// One training step; returns its detached loss `[1]`.
    pub fn step(&mut self) -> Result<Tensor<1>, TrainError> {
        let loss = match self.stage() {
            Some(EvaluatorStage::Classifier) => self.classifier_step()?,
            Some(EvaluatorStage::Detector) => self.detector_step()?,
            None => {
                return Err(TrainError::out_of_range(
                    "evaluator step",
                    self.step,
                    "fewer",
                ));
            }
        };
        self.step += 1;
        if self.step == self.budget.classifier_steps {
            self.trained_classifier = self.classifier.take().map(FeatureNetTrainer::finish);
        }
        Ok(loss)
    }

    /// The trained evaluators, once every step is done.
    pub fn finish(self) -> Result<Evaluators, TrainError> {
        match (self.stage(), self.trained_classifier) {
            (None, Some(classifier)) => Ok(Evaluators {
                dataset: self.dataset,
                size: self.size,
                classifier,
                detector: self.detector.finish(),
            }),
            _ => Err(TrainError::out_of_range(
                "evaluator steps",
                self.step,
                "all steps done before the evaluators are used",
            )),
        }
    }

    fn classifier_step(&mut self) -> Result<Tensor<1>, TrainError> {
        let batch = CLASSIFIER_TRAINING.batch_size;
        let set = training_source(self.dataset, self.size, self.seed, 0)
            .images(self.step * batch, batch)?;
        let images = all_images(&set, &self.device);
        let labels = all_labels(&set, &self.device);
        let trainer = self.classifier.as_mut().ok_or(TrainError::NeedsAutodiff)?;
        Ok(trainer.step(images, labels))
    }

    fn detector_step(&mut self) -> Result<Tensor<1>, TrainError> {
        let batch = DETECTOR_TRAINING.batch_size;
        let index = self.step - self.budget.classifier_steps;
        let set =
            training_source(self.dataset, self.size, self.seed, 1).images(index * batch, batch)?;
        let (images, targets) =
            real_and_negative(all_images(&set, &self.device), &mut self.augment_rng)?;
        let count = targets.len();
        let targets = Tensor::<1, Int>::from_data(TensorData::new(targets, [count]), &self.device);
        Ok(self.detector.step(images.detach(), targets))
    }
}

/// The evaluators' training images: `network` 0 (classifier) and 1 (detector) draw different ones.
fn training_source(dataset: BuiltinDataset, size: usize, seed: u64, network: u64) -> HeldOutSource {
    HeldOutSource {
        dataset,
        size,
        purpose: HeldOut::EvaluatorTraining,
        seed: seed.wrapping_add(network << 32),
    }
}

/// The held-out images on which the evaluators' own accuracy is checked.
pub fn check_source(dataset: BuiltinDataset, size: usize) -> HeldOutSource {
    HeldOutSource {
        dataset,
        size,
        purpose: HeldOut::EvaluatorCheck,
        seed: EVALUATOR_SEED,
    }
}
