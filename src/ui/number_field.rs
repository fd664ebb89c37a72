//! The labelled number input every settings form uses, and the row of negative-augmentation
//! weights the GAN and contrastive forms share. An edit goes to the view-model, which may
//! refuse it with a reason; the field then shows the kept value again. (Bound to a memo, the
//! input's value would not be rewritten by a refusal, since the memo did not change; and a memo
//! rather than a plain signal keeps chart updates from resetting a field while someone types.)

use leptos::prelude::*;

use super::help_mark::HelpMark;
use crate::augment::NegativeKind;

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
