//! Builders and checks shared by the page's view-model tests, of every task.

use std::fmt::Debug;

use crate::augment::GallerySettings;
use crate::data::{BuiltinSpec, RgbaMosaic};
use crate::ui::form_parse::SettingsForm;
use nda_protocol::{DatasetOrigin, DatasetSummary};

/// A built-in dataset summary of `classes` classes at `size` px.
pub fn summary(size: usize, classes: usize) -> DatasetSummary {
    DatasetSummary {
        origin: DatasetOrigin::Builtin(BuiltinSpec::default()),
        num_images: 100,
        size,
        class_names: (0..classes).map(|class| class.to_string()).collect(),
        counts_per_label: vec![10; classes],
        num_unlabelled: 0,
        thumbnails: RgbaMosaic {
            width: 0,
            height: 0,
            rgba: Vec::new(),
        },
        num_uploaded: 0,
        millis: 0.0,
        fingerprint: "0123456789abcdef".into(),
    }
}

/// Asserts that a form refused its last edit with a message that says `why`.
#[track_caller]
fn assert_refused(form_error: &Option<String>, why: &str) {
    assert!(
        form_error
            .as_deref()
            .is_some_and(|error| error.contains(why)),
        "expected a refusal that says “{why}”, got {form_error:?}"
    );
}

/// Asserts that `text` in `field` of `form` is refused with a message that says `why`, and that
/// the form keeps every old value.
#[track_caller]
pub fn assert_edit_refused<S>(form: &S, field: S::Field, text: &str, why: &str)
where
    S: SettingsForm + PartialEq + Debug,
{
    let mut edited = form.clone();
    edited.edit(field, text, &GallerySettings::default());
    let error = edited.form_error_mut().take();
    assert_refused(&error, why);
    let mut before = form.clone();
    before.form_error_mut().take();
    assert_eq!(edited, before, "a refused “{text}” keeps every old value");
}
