//! The Video panel's settings form: one control's text at a time, refused with a reason (and
//! the old value kept) when it is not a number, out of range, or makes the experiment invalid.

use super::training_state::VideoTrainingState;
use crate::augment::GallerySettings;
use crate::augment::video::TemporalNegative;
use crate::ui::form_parse::{self, SettingsForm};

/// A control of the settings form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VideoField {
    /// Encoder width preset.
    Preset,
    /// Clips per batch.
    BatchSize,
    /// Steps to train.
    Steps,
    /// Evaluate every this many steps.
    EvaluateEvery,
    /// `m`, NDA clips per clip.
    NdaViews,
    /// Which temporal negative the NDA clips are.
    Negative,
    /// InfoNCE temperature.
    Temperature,
    /// Learning rate.
    LearningRate,
    /// Seed of the run.
    Seed,
}

impl SettingsForm for VideoTrainingState {
    type Field = VideoField;

    fn apply(&mut self, field: VideoField, text: &str) -> Result<(), String> {
        let whole = || form_parse::whole(text);
        let real = || form_parse::real(text);
        let config = &mut self.experiment.config;
        match field {
            VideoField::Preset => config.preset = form_parse::preset(text)?,
            VideoField::BatchSize => config.batch_size = whole()?,
            VideoField::Steps => self.experiment.steps = whole()?,
            VideoField::EvaluateEvery => self.experiment.evaluate_every = whole()?,
            VideoField::NdaViews => config.nda_views = whole()?,
            VideoField::Negative => {
                let kind = TemporalNegative::ALL
                    .into_iter()
                    .find(|kind| kind.label() == text)
                    .ok_or_else(|| format!("\"{text}\" is not a temporal negative"))?;
                config.negatives = vec![(kind, 1.0)];
            }
            VideoField::Temperature => config.temperature = real()?,
            VideoField::LearningRate => config.learning_rate = real()?,
            VideoField::Seed => config.seed = form_parse::seed(text)?,
        }
        Ok(())
    }

    fn check(&self, _: &GallerySettings) -> Result<(), String> {
        self.experiment
            .validate()
            .map_err(|error| error.to_string())
    }

    fn form_error_mut(&mut self) -> &mut Option<String> {
        &mut self.form_error
    }
}
