//! The evaluators of a person's own images, for which no fresh images and no labels can be
//! drawn: a MoCo-v2 encoder trained **without** NDA on the images (the contrastive baseline,
//! `m = 0`, evaluator seed), whose features take the place of the built-in sets' classifier, and
//! the same encoder untrained as a control. A network trained with NDA would favour the NDA run,
//! so none is ever used; the control shows how much of a difference survives in features that
//! learnt nothing. There is no structure detector for uploads; labels, when every image has one,
//! are read by a linear probe on the trained encoder (see `upload_suite`).

use burn::tensor::Device;

use super::evaluators::EVALUATOR_SEED;
use crate::data::ImageSet;
use crate::model::ModelPreset;
use crate::train::{ContrastiveConfig, ContrastiveRun, ContrastiveTrainer, TrainError};

/// Fewest images a person's set needs to be evaluated.
pub const MIN_UPLOAD_IMAGES: usize = 20;
/// The encoder's batch on large sets (smaller sets use half their images).
const UPLOAD_BATCH: usize = 64;

/// The encoder's settings for `images` images of side `size`: the tiny preset, no NDA views.
pub fn upload_encoder_config(images: usize, size: usize) -> ContrastiveConfig {
    let batch_size = UPLOAD_BATCH.min(images / 2).max(2);
    ContrastiveConfig {
        preset: ModelPreset::Tiny,
        image_size: size,
        batch_size,
        queue_size: batch_size * (1_024 / batch_size).min(images / batch_size).max(1),
        seed: EVALUATOR_SEED,
        ..ContrastiveConfig::default()
    }
    .baseline()
}

/// Training of the encoder, a step at a time.
pub struct UploadEvaluatorTrainer {
    run: ContrastiveRun,
    images: ImageSet,
    steps: usize,
}

impl UploadEvaluatorTrainer {
    /// Starts training on `images` for `steps` steps on the autodiff `device`.
    pub fn new(images: &ImageSet, steps: usize, device: &Device) -> Result<Self, TrainError> {
        if images.len() < MIN_UPLOAD_IMAGES {
            return Err(TrainError::Dataset(format!(
                "evaluating your images needs at least {MIN_UPLOAD_IMAGES} of them; there are {}",
                images.len()
            )));
        }
        let config = upload_encoder_config(images.len(), images.size());
        Ok(Self {
            run: ContrastiveRun::new(config, images, device)?,
            images: images.clone(),
            steps,
        })
    }

    /// Steps in all.
    pub fn total_steps(&self) -> usize {
        self.steps
    }

    /// Steps done.
    pub fn steps_done(&self) -> usize {
        self.run.step_count()
    }

    /// Whether every step is done.
    pub fn is_done(&self) -> bool {
        self.steps_done() >= self.steps
    }

    /// One training step.
    pub fn step(&mut self) -> Result<(), TrainError> {
        self.run.step()
    }

    /// Waits for the last step's values: bounds a GPU queue and stops on a NaN.
    pub async fn settle(&mut self) -> Result<(), TrainError> {
        self.run.read_point().await.map(|_| ())
    }

    /// The trained encoder and its untrained twin.
    pub fn finish(self, device: &Device) -> Result<UploadEvaluators, TrainError> {
        let config = self.run.config().clone();
        Ok(UploadEvaluators {
            steps: self.run.step_count(),
            trained: self.run.into_trainer(),
            untrained: ContrastiveTrainer::new(config, device)?,
            images: self.images,
        })
    }
}

/// The evaluators of a person's images.
#[derive(Clone)]
pub struct UploadEvaluators {
    /// The encoder trained without NDA.
    pub trained: ContrastiveTrainer,
    /// The same encoder at its initial weights.
    pub untrained: ContrastiveTrainer,
    /// Steps it trained.
    pub steps: usize,
    /// The images: the real side of every comparison.
    pub images: ImageSet,
}

impl UploadEvaluators {
    /// What the evaluators are, in one sentence.
    pub fn describe(&self) -> String {
        format!(
            "Evaluators of your {} images at {} px: a MoCo-v2 encoder trained without NDA on \
             them for {} steps (its features give KID, FD, precision, recall, density and \
             coverage) and the same encoder untrained as a control (rows marked \"untrained \
             control\"). The real side is your images themselves, since no fresh ones exist; \
             anomaly detection's in-distribution images are your images too, which D trained \
             on. No structure detector exists for uploads.",
            self.images.len(),
            self.images.size(),
            self.steps
        )
    }
}
