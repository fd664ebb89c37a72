//! The Contrastive panel's settings form: one control's text at a time, refused with a reason
//! (and the old value kept) when it is not a number, out of range, or makes the experiment
//! invalid.

use crate::augment::{GallerySettings, NegativeKind};
use crate::ui::contrastive::state::ContrastiveState;
use crate::ui::form_parse::{self, SettingsForm};

/// A control of the settings form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContrastiveField {
    /// Encoder width preset.
    Preset,
    /// Images per batch.
    BatchSize,
    /// Steps to train.
    Steps,
    /// Evaluate every this many steps.
    EvaluateEvery,
    /// InfoNCE temperature.
    Temperature,
    /// Key-encoder momentum.
    Momentum,
    /// Keys in the queue.
    QueueSize,
    /// `m`, NDA views per image.
    NdaViews,
    /// Learning rate.
    LearningRate,
    /// Seed of the run.
    Seed,
    /// Colour jitter strength of the positive views.
    Jitter,
    /// Probability that a positive view is grayscale.
    Grayscale,
    /// Smallest crop of a positive view.
    CropScale,
    /// Relative weight of one negative augmentation (0 = unused).
    NegativeWeight(NegativeKind),
}

impl SettingsForm for ContrastiveState {
    type Field = ContrastiveField;

    fn apply(&mut self, field: ContrastiveField, text: &str) -> Result<(), String> {
        let whole = || form_parse::whole(text);
        let real = || form_parse::real(text);
        let config = &mut self.experiment.config;
        match field {
            ContrastiveField::Preset => config.preset = form_parse::preset(text)?,
            ContrastiveField::BatchSize => config.batch_size = form_parse::page_batch(text)?,
            ContrastiveField::Steps => self.experiment.steps = whole()?,
            ContrastiveField::EvaluateEvery => self.experiment.evaluate_every = whole()?,
            ContrastiveField::Temperature => config.temperature = real()?,
            ContrastiveField::Momentum => config.momentum = real()?,
            ContrastiveField::QueueSize => config.queue_size = whole()?,
            ContrastiveField::NdaViews => config.nda_views = whole()?,
            ContrastiveField::LearningRate => config.learning_rate = real()?,
            ContrastiveField::Seed => config.seed = form_parse::seed(text)?,
            ContrastiveField::Jitter => config.positive.jitter_strength = real()?,
            ContrastiveField::Grayscale => config.positive.grayscale_probability = real()?,
            ContrastiveField::CropScale => config.positive.crop_min_scale = real()?,
            ContrastiveField::NegativeWeight(kind) => {
                form_parse::set_weight(&mut self.weights, kind, real()?)
            }
        }
        Ok(())
    }

    fn check(&self, gallery: &GallerySettings) -> Result<(), String> {
        let experiment = self.experiment_for(gallery, None);
        experiment.validate().map_err(|error| error.to_string())
    }

    fn form_error_mut(&mut self) -> &mut Option<String> {
        &mut self.form_error
    }
}
