//! What every task's settings form shares: the trait its number fields edit it through, parsing
//! of the text of number fields and choices with the messages the forms show when it fails, and
//! the rate arithmetic of the progress lines.

use crate::augment::{GallerySettings, NegativeKind};
use crate::model::ModelPreset;

/// A task's settings form as its number fields edit it: one field at a time, with the
/// Augmentations panel's settings of each negative. Each task says how a field's text sets a
/// value and what makes its values an experiment; the form keeps the rule every task shares: an
/// edit is tried on a copy, which replaces the form when it is valid, and a refused value keeps
/// the old one and says why.
pub trait SettingsForm: Clone + Send + Sync + 'static {
    /// Which control an edit comes from.
    type Field: Copy + Send + Sync + 'static;

    /// Sets the value of `field` from its (trimmed) text, or says why the text is not one.
    fn apply(&mut self, field: Self::Field, text: &str) -> Result<(), String>;

    /// Why the form's values, with the `gallery`'s settings of each negative, are not a valid
    /// experiment; `Ok` when they are.
    fn check(&self, gallery: &GallerySettings) -> Result<(), String>;

    /// Why the last edit was refused, if it was.
    fn form_error_mut(&mut self) -> &mut Option<String>;

    /// Applies one control's text; a bad value is refused with a reason and the old one kept.
    fn edit(&mut self, field: Self::Field, text: &str, gallery: &GallerySettings) {
        let mut edited = self.clone();
        let checked = edited
            .apply(field, text.trim())
            .and_then(|()| edited.check(gallery));
        match checked {
            Ok(()) => {
                *self = edited;
                *self.form_error_mut() = None;
            }
            Err(message) => *self.form_error_mut() = Some(message),
        }
    }
}

/// Largest batch the page offers (memory of a phone GPU).
pub const MAX_PAGE_BATCH: usize = 256;

/// A whole number, or why the text is not one.
pub fn whole(text: &str) -> Result<usize, String> {
    text.parse::<usize>()
        .map_err(|_| format!("“{text}” is not a whole number"))
}

/// A finite number, or why the text is not one.
pub fn real(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(value),
        _ => Err(format!("“{text}” is not a number")),
    }
}

/// A model size from the preset menu's value.
pub fn preset(text: &str) -> Result<ModelPreset, String> {
    match text {
        "tiny" => Ok(ModelPreset::Tiny),
        "small" => Ok(ModelPreset::Small),
        "medium" => Ok(ModelPreset::Medium),
        _ => Err(format!("“{text}” is not a model size")),
    }
}

/// A batch size the page allows (at most [`MAX_PAGE_BATCH`]).
pub fn page_batch(text: &str) -> Result<usize, String> {
    let batch = whole(text)?;
    if batch > MAX_PAGE_BATCH {
        return Err(format!(
            "batch size is {batch}, but the page allows at most {MAX_PAGE_BATCH}"
        ));
    }
    Ok(batch)
}

/// `(units per second, seconds left)` after `done` of `total` units in `training_millis`; no
/// speed yet gives 0 per second and infinitely long.
pub fn rate(done: usize, total: usize, training_millis: f64) -> (f64, f64) {
    let seconds = training_millis / 1000.0;
    let per_second = if seconds > 0.0 {
        done as f64 / seconds
    } else {
        0.0
    };
    let left = total.saturating_sub(done) as f64;
    let seconds_left = if per_second > 0.0 {
        left / per_second
    } else {
        f64::INFINITY
    };
    (per_second, seconds_left)
}

/// A run's seed: any whole number ≥ 0.
pub fn seed(text: &str) -> Result<u64, String> {
    text.parse::<u64>()
        .map_err(|_| format!("“{text}” is not a seed (a whole number ≥ 0)"))
}

/// Sets the form's weight of negative `kind` (the weights follow [`NegativeKind::CHOOSABLE`]).
pub fn set_weight(weights: &mut [f64], kind: NegativeKind, weight: f64) {
    let index = NegativeKind::CHOOSABLE
        .iter()
        .position(|candidate| *candidate == kind)
        .unwrap_or_default();
    if let Some(slot) = weights.get_mut(index) {
        *slot = weight;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_parse_and_bad_text_says_why() {
        assert_eq!(whole("12"), Ok(12));
        assert!(whole("-1").is_err_and(|error| error.contains("whole number")));
        assert_eq!(real("0.5"), Ok(0.5));
        assert!(real("inf").is_err());
        assert!(real("x").is_err_and(|error| error.contains("“x”")));
        assert_eq!(preset("small"), Ok(ModelPreset::Small));
        assert!(preset("huge").is_err());
        assert!(page_batch("257").is_err_and(|error| error.contains("at most 256")));
        assert_eq!(rate(20, 100, 10_000.0), (2.0, 40.0));
        assert_eq!(rate(0, 100, 0.0), (0.0, f64::INFINITY));
    }
}
