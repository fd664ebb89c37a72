//! The evaluation section under the GAN runs: its settings, "Evaluate now" with a progress line,
//! the NDA-versus-baseline table with a difference column, per-set AUROCs, ROC curves, metrics
//! over training, and "score your image".

use crate::ui::help_mark::HelpMark;
use leptos::prelude::*;

use super::format::{progress_line, score_sentence};
use super::state::{EvaluationField, EvaluationState, TABLE_METRICS};
use super::tables::{RunComparison, run_series};
use crate::ui::bridge::Commands;
use crate::ui::canvas::MosaicCanvas;
use crate::ui::chart::LineChart;
use crate::ui::gan::state::GanState;
use crate::ui::number_field::NumberField;
use crate::ui::upload_reader::pick_one;

/// The evaluation section of the GAN panel.
#[component]
pub fn EvaluationSection(
    /// The section's view-model.
    evaluation: RwSignal<EvaluationState>,
    /// The GAN panel's view-model (is there a session to evaluate?).
    gan: RwSignal<GanState>,
) -> impl IntoView {
    let commands = expect_context::<Commands>();
    let has_session = move || gan.with(|state| state.phase().is_some());
    let busy = move || evaluation.with(|state| state.progress.is_some() || state.awaiting);
    let evaluate_now = move |_| {
        commands.send(
            evaluation
                .try_update(EvaluationState::evaluate_now)
                .into_iter()
                .collect(),
        )
    };
    let has_results = move || evaluation.with(|state| state.latest().is_some());
    view! {
        <section class="card evaluation" data-testid="evaluation">
            <h3>"Does NDA help? Evaluation"</h3>
            <EvaluationSettingsForm evaluation=evaluation />
            <div class="fields">
                <button data-testid="eval-now" disabled=move || !has_session() || busy() on:click=evaluate_now>
                    "Evaluate now"
                </button>
            </div>
            <Show when=move || evaluation.with(|state| state.progress.is_some())>
                <progress
                    max=move || evaluation.with(|state| state.progress.as_ref().map_or(1, |p| p.total.max(1)))
                    value=move || evaluation.with(|state| state.progress.as_ref().map_or(0, |p| p.done))
                />
                <p data-testid="eval-progress">{move || evaluation.with(|state| state.progress.as_ref().map(progress_line).unwrap_or_default())}</p>
            </Show>
            <Show when=move || evaluation.with(|state| state.error.is_some())>
                <p class="error" role="alert" data-testid="eval-error">{move || evaluation.with(|state| state.error.clone().unwrap_or_default())}</p>
            </Show>
            <Show when=has_results>
                <EvaluationResults evaluation=evaluation />
            </Show>
            <ScoreYourImage evaluation=evaluation has_session=Signal::derive(has_session) />
        </section>
    }
}

#[component]
fn EvaluationSettingsForm(evaluation: RwSignal<EvaluationState>) -> impl IntoView {
    let number = move |field: EvaluationField,
                       label: &'static str,
                       testid: &'static str,
                       value: fn(&EvaluationState) -> String| {
        view! {
            <NumberField
                label=label
                testid=testid
                step="1"
                value=Memo::new(move |_| evaluation.with(value))
                on_change=move |text: String| evaluation.update(|state| state.edit(field, &text))
            />
        }
    };
    view! {
        <div class="fields">
            <label class="choice">
                <input
                    type="checkbox"
                    data-testid="eval-enabled"
                    prop:checked=move || evaluation.with(|state| state.settings.enabled)
                    on:change=move |event| evaluation.update(|state| state.set_enabled(event_target_checked(&event)))
                />
                "Evaluate during training (at 25, 50 and 100 % of the run)"
                <HelpMark id="eval-enabled" />
            </label>
            {number(EvaluationField::Samples, "Samples (N)", "eval-samples", |state| state.settings.num_samples.to_string())}
            {number(EvaluationField::AnomalyImages, "Images per anomaly set", "eval-anomaly-images", |state| state.settings.anomaly_images.to_string())}
            {number(EvaluationField::EvaluatorSteps, "Evaluator steps", "eval-evaluator-steps", |state| state.settings.evaluator_steps.to_string())}
        </div>
        <Show when=move || evaluation.with(|state| state.form_error.is_some())>
            <p class="error" role="alert" data-testid="eval-form-error">{move || evaluation.with(|state| state.form_error.clone().unwrap_or_default())}</p>
        </Show>
        <p class="hint">
            "Numbers are measured in the features of two small networks trained here, once, on fresh images of the set that no run trains on (a label classifier and a detector of the five NDA kinds): "
            "comparable between NDA Lab runs of the same set, size and evaluator steps, never with published (Inception) FIDs. "
            "The NDA run and its baseline are judged on the same latents and the same held-out images."
        </p>
    }
}

#[component]
fn EvaluationResults(evaluation: RwSignal<EvaluationState>) -> impl IntoView {
    let summary = move || {
        evaluation.with(|state| {
            state.latest().map(|latest| {
                if latest.num_samples == 0 {
                    return format!("At iteration {} · read from the run file", latest.iteration);
                }
                format!(
                    "At iteration {} · {} samples vs {} {} · {} images per anomaly set · {:.1} s",
                    latest.iteration,
                    latest.num_samples,
                    latest.num_samples,
                    latest.real_images,
                    latest.anomaly_images,
                    latest.millis / 1_000.0
                )
            })
        })
    };
    let evaluators =
        move || evaluation.with(|state| state.latest().map(|latest| latest.evaluators.clone()));
    let latest_runs = Signal::derive(move || {
        evaluation.with(|state| {
            state
                .latest()
                .map(|latest| latest.runs.clone())
                .unwrap_or_default()
        })
    });
    let over_training = move |metric: &'static str| {
        Signal::derive(move || evaluation.with(|state| run_series(state.over_training(metric))))
    };
    view! {
        <p data-testid="eval-summary">{summary}</p>
        <p class="hint" data-testid="eval-evaluators">{evaluators}</p>
        <RunComparison runs=latest_runs metrics=&TABLE_METRICS prefix="eval" />
        <div class="chart-row">
            <LineChart series=over_training("kid") title="KID over training (lower is better)" testid="eval-kid-chart" />
            <LineChart series=over_training("auroc") title="Mean AUROC over training (higher is better)" testid="eval-auroc-chart" />
        </div>
    }
}

#[component]
fn ScoreYourImage(
    evaluation: RwSignal<EvaluationState>,
    has_session: Signal<bool>,
) -> impl IntoView {
    let commands = expect_context::<Commands>();
    let picked = move |event: leptos::ev::Event| {
        pick_one(
            &event_target(&event),
            move |name, reason| {
                let message = format!("{name} cannot be scored: {reason}");
                evaluation.update(|state| state.error = Some(message));
            },
            move |file| {
                let command = evaluation.try_update(|state| state.score_image(file));
                commands.send(command.into_iter().collect());
            },
        );
    };
    let score = Memo::new(move |_| evaluation.with(|state| state.score.clone()));
    let image = Signal::derive(move || score.get().map(|score| score.image));
    view! {
        <div class="score-image">
            <h4>"Score your image"</h4>
            <label class="button-like">
                "Choose an image to score"
                <input type="file" accept="image/*" data-testid="eval-score-input" disabled=move || !has_session.get() on:change=picked />
            </label>
            <Show when=move || score.get().is_some()>
                <div data-testid="eval-score">
                    <MosaicCanvas mosaic=image testid="eval-score-image" label="The image as D sees it" scale=3 />
                    <p>{move || score.get().map(|score| format!("{} at iteration {}, ranked among {} and among the generator's samples:", score.name, score.iteration, score.reference))}</p>
                    <ul>
                        {move || score.get().map(|score| score.runs.iter().map(|run| view! { <li data-run=run.label.clone()>{score_sentence(run)}</li> }).collect_view())}
                    </ul>
                </div>
            </Show>
        </div>
    }
}
