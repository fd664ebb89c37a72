//! The labelled number input every settings form uses, and the row of negative-augmentation
//! weights the GAN and contrastive forms share. An edit goes to the view-model, which may
//! refuse it with a reason; the field then shows the kept value again. (Bound to a memo, the
//! input's value would not be rewritten by a refusal, since the memo did not change; and a memo
//! rather than a plain signal keeps chart updates from resetting a field while someone types.)

use leptos::prelude::*;

use super::form_parse::SettingsForm;
use super::gallery_state::GalleryState;
use super::help_mark::HelpMark;
use crate::augment::NegativeKind;

/// The edit of one field of the form in `state`, with the Augmentations panel's current
/// settings (what every task's settings form does with a control's text).
pub fn form_edit<S: SettingsForm>(
    state: RwSignal<S>,
    gallery: RwSignal<GalleryState>,
) -> impl Fn(S::Field, String) + Copy + Send + Sync + 'static {
    move |field, text| {
        let settings = gallery.with_untracked(|gallery| gallery.settings.clone());
        state.update(|state| state.edit(field, &text, &settings));
    }
}

/// A [`NumberField`] of the form in `state`: `field` edited through `edit`, showing `value`.
pub fn form_number<S: SettingsForm>(
    state: RwSignal<S>,
    edit: impl Fn(S::Field, String) + Copy + Send + Sync + 'static,
    field: S::Field,
    (label, testid, step): (&'static str, &'static str, &'static str),
    value: fn(&S) -> String,
) -> impl IntoView {
    view! {
        <NumberField
            label=label
            testid=testid
            step=step
            value=Memo::new(move |_| state.with(value))
            on_change=move |text: String| edit(field, text)
        />
    }
}

/// A labelled `<input type="number">` showing `value` and reporting edits to `on_change`.
#[component]
pub fn NumberField(
    /// The label before the field.
    label: &'static str,
    /// Its `data-testid`.
    #[prop(into)]
    testid: String,
    /// The `step` of the input's arrows.
    step: &'static str,
    /// The smallest value the arrows go to, if any.
    #[prop(optional)]
    min: Option<&'static str>,
    /// The value the view-model keeps, as text.
    #[prop(into)]
    value: Signal<String>,
    /// Receives the text of every edit.
    #[prop(into)]
    on_change: Callback<String>,
) -> impl IntoView {
    let help = testid.clone();
    view! {
        <label>
            {label}
            " "
            <input
                type="number"
                step=step
                min=min
                data-testid=testid
                prop:value=value
                on:change=move |event| {
                    on_change.run(event_target_value(&event));
                    event_target::<web_sys::HtmlInputElement>(&event).set_value(&value.get_untracked());
                }
            />
            <HelpMark id=help />
        </label>
    }
}

/// One weight field per negative augmentation and the flip control, in
/// [`NegativeKind::CHOOSABLE`] order (0 leaves it out); test ids are `{prefix}-weight-{kind}`.
#[component]
pub fn NegativeWeightFields(
    /// The form's test-id prefix (`gan`, `contrastive`).
    prefix: &'static str,
    /// The kept weights.
    #[prop(into)]
    weights: Signal<[f64; 6]>,
    /// Receives the kind and text of every edit.
    #[prop(into)]
    on_change: Callback<(NegativeKind, String)>,
) -> impl IntoView {
    NegativeKind::CHOOSABLE
        .into_iter()
        .enumerate()
        .map(|(index, kind)| {
            let label = if kind.is_control() {
                "Flip (control)"
            } else {
                kind.label()
            };
            view! {
                <NumberField
                    label=label
                    testid=format!("{prefix}-weight-{}", kind.slug())
                    step="0.5"
                    min="0"
                    value=Memo::new(move |_| weights.with(|weights| weights[index].to_string()))
                    on_change=move |text: String| on_change.run((kind, text))
                />
            }
        })
        .collect_view()
}
