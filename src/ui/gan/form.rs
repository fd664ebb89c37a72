//! The GAN panel's settings form: one control's text at a time, refused with a reason (and the
//! old value kept) when it is not a number, out of range, or makes the experiment invalid.

use crate::augment::{GallerySettings, NegativeKind};
use crate::ui::form_parse::{self, SettingsForm};
use crate::ui::gan::state::GanState;

/// A control of the settings form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GanField {
    /// Model width preset.
    Preset,
    /// Images per batch.
    BatchSize,
    /// Iterations to train.
    Iterations,
    /// D steps per G step.
    NDis,
    /// Weight of the generated-fake term.
    Alpha,
    /// Weight of the NDA term.
    Beta,
    /// Adam learning rate.
    LearningRate,
    /// Seed of the run.
    Seed,
    /// Refresh the sample grid every this many iterations.
    SampleEvery,
    /// Relative weight of one negative augmentation (0 = unused).
    NegativeWeight(NegativeKind),
}

impl SettingsForm for GanState {
    type Field = GanField;

    fn apply(&mut self, field: GanField, text: &str) -> Result<(), String> {
        let whole = || form_parse::whole(text);
        let real = || form_parse::real(text);
        let gan = &mut self.experiment.gan;
        match field {
            GanField::Preset => gan.preset = form_parse::preset(text)?,
            GanField::BatchSize => gan.batch_size = form_parse::page_batch(text)?,
            GanField::Iterations => self.experiment.iterations = whole()?,
            GanField::NDis => gan.n_dis = whole()?,
            GanField::Alpha => gan.alpha = real()?,
            GanField::Beta => gan.beta = real()?,
            GanField::LearningRate => gan.learning_rate = real()?,
            GanField::Seed => gan.seed = form_parse::seed(text)?,
            GanField::SampleEvery => self.experiment.sample_every = whole()?,
            GanField::NegativeWeight(kind) => {
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
