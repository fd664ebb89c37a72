//! The Video panel's settings form: one control's text at a time, refused with a reason (and
//! the old value kept) when it is not a number, out of range, or makes the experiment invalid.

use super::training_state::VideoTrainingState;
use crate::augment::GallerySettings;
use crate::augment::video::TemporalNegative;
use crate::train::video::VideoExperiment;
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

    /// Applies one control's text; a bad value is refused with a reason and the old one kept.
    fn edit(&mut self, field: VideoField, text: &str, _: &GallerySettings) {
        let mut candidate = self.experiment.clone();
        let checked = apply_field(&mut candidate, field, text.trim())
            .and_then(|()| candidate.validate().map_err(|error| error.to_string()));
        match checked {
            Ok(()) => {
                self.experiment = candidate;
                self.form_error = None;
            }
            Err(message) => self.form_error = Some(message),
        }
    }
}

fn apply_field(
    experiment: &mut VideoExperiment,
    field: VideoField,
    text: &str,
) -> Result<(), String> {
    let whole = || form_parse::whole(text);
    let real = || form_parse::real(text);
    let config = &mut experiment.config;
    match field {
        VideoField::Preset => config.preset = form_parse::preset(text)?,
        VideoField::BatchSize => config.batch_size = whole()?,
        VideoField::Steps => experiment.steps = whole()?,
        VideoField::EvaluateEvery => experiment.evaluate_every = whole()?,
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
