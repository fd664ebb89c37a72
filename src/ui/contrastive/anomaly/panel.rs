//! The anomaly detection section under the contrastive runs: images per set (the experiment's
//! evaluation setting, shared with the GAN's evaluation), "Measure anomaly detection", the
//! NDA-versus-baseline AUROC table, AUROC per set and the pooled ROC curves.

use leptos::prelude::*;

use super::state::{ANOMALY_METRICS, ContrastiveAnomalyState};
use crate::ui::bridge::Commands;
use crate::ui::contrastive::state::ContrastiveState;
use crate::ui::evaluation::state::{EvaluationField, EvaluationState};
use crate::ui::evaluation::tables::RunComparison;
use crate::ui::number_field::NumberField;
use crate::ui::widgets::ErrorLine;

/// The anomaly detection section of the Contrastive panel.
#[component]
pub fn ContrastiveAnomalySection(
    /// The section's view-model.
    anomaly: RwSignal<ContrastiveAnomalyState>,
    /// The evaluation settings (images per anomaly set).
    evaluation: RwSignal<EvaluationState>,
    /// Is there a session to measure?
    contrastive: RwSignal<ContrastiveState>,
) -> impl IntoView {
    let commands = expect_context::<Commands>();
    let has_session = move || contrastive.with(|state| !state.runs.is_empty());
    let measure = move |_| {
        let count = evaluation.with_untracked(|state| state.settings.anomaly_images);
        commands.send(
            anomaly
                .try_update(|state| state.measure(count))
                .into_iter()
                .collect(),
        );
    };
    let busy = move || anomaly.with(|state| state.request.awaiting);
    view! {
        <section class="card evaluation" data-testid="contrastive-anomaly">
            <h3>"Anomaly detection by the encoders"</h3>
            <p class="hint">
                "Each encoder scores an image by how close its features come to the features of the images it trained on (mean cosine similarity to the 5 nearest). "
                "Held-out images should score high; other sets, corrupted images and NDA images low. The AUROC says how well the score tells them apart (0.5: not at all)."
            </p>
            <div class="fields">
                <NumberField
                    label="Images per anomaly set"
                    testid="contrastive-anomaly-images"
                    step="1"
                    value=Memo::new(move |_| evaluation.with(|state| state.settings.anomaly_images.to_string()))
                    on_change=move |text: String| evaluation.update(|state| state.edit(EvaluationField::AnomalyImages, &text))
                />
                <button data-testid="contrastive-anomaly-now" disabled=move || !has_session() || busy() on:click=measure>
                    "Measure anomaly detection"
                </button>
            </div>
            <Show when=move || evaluation.with(|state| state.form_error.is_some())>
                <p class="error" role="alert" data-testid="contrastive-anomaly-form-error">{move || evaluation.with(|state| state.form_error.clone().unwrap_or_default())}</p>
            </Show>
            <Show when=busy>
                <p data-testid="contrastive-anomaly-busy">"Measuring every encoder on every set; training waits until the numbers are in…"</p>
            </Show>
            <ErrorLine error=Signal::derive(move || anomaly.with(|state| state.request.error.clone())) testid="contrastive-anomaly-error" />
            <Show when=move || anomaly.with(|state| state.result.is_some())>
                <AnomalyResults anomaly=anomaly />
            </Show>
        </section>
    }
}

#[component]
fn AnomalyResults(anomaly: RwSignal<ContrastiveAnomalyState>) -> impl IntoView {
    let runs = Signal::derive(move || {
        anomaly.with(|state| {
            state
                .result
                .as_ref()
                .map(|result| result.runs.clone())
                .unwrap_or_default()
        })
    });
    view! {
        <p data-testid="contrastive-anomaly-summary">{move || anomaly.with(|state| state.summary().unwrap_or_default())}</p>
        <RunComparison runs=runs metrics=&ANOMALY_METRICS prefix="contrastive-anomaly" />
    }
}
