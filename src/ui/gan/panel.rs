//! The GAN panel: settings, run controls (with step D / step G for teaching and slow motion),
//! progress, the timeline slider, and per run its fixed-noise grid, loss and score charts, score histogram and
//! sampling. With "Baseline vs NDA" the two runs stand in two columns side by side.

use crate::ui::help_mark::HelpMark;
use crate::ui::timeline::TimelineView;
use leptos::prelude::*;

use crate::augment::NegativeKind;
use crate::experiment::HiddenControl;
use crate::train::EmaConfig;
use crate::train::memory::{gan_memory, megabytes};
use crate::ui::data_state::DataState;
use crate::ui::evaluation::panel::EvaluationSection;
use crate::ui::gallery_state::GalleryState;
use crate::ui::gan::controls::{GanControls, GanProgressLine};
use crate::ui::gan::form::GanField;
use crate::ui::gan::run_column::RunColumn;
use crate::ui::gan::state::GanState;
use crate::ui::hideable::Hideable;
use crate::ui::looking::panel::LookingSection;
use crate::ui::number_field::{NegativeWeightFields, form_edit, form_number};
use crate::ui::page::PageSignals;
use crate::ui::shell_state::ShellState;
use crate::ui::step_walk::panel::StepWalkSection;
use crate::ui::time_estimate::GanTimeEstimate;
use crate::ui::timeline_slider::TimelineSlider;
use crate::ui::widgets::PresetSelect;

/// The GAN panel's body.
#[component]
pub fn GanPanel(
    gan: RwSignal<GanState>,
    gallery: RwSignal<GalleryState>,
    data: RwSignal<DataState>,
    shell: RwSignal<ShellState>,
) -> impl IntoView {
    let run_count = Memo::new(move |_| gan.with(|state| state.runs.len()));
    let evaluation = expect_context::<PageSignals>().evaluation;
    let looking = expect_context::<PageSignals>().looking;
    let walk = expect_context::<PageSignals>().walk;
    view! {
        <Hideable control=HiddenControl::GanSettings>
            <GanSettings gan=gan gallery=gallery data=data />
        </Hideable>
        <GanTimeEstimate gan=gan gallery=gallery data=data shell=shell />
        <GanControls gan=gan />
        <GanProgressLine gan=gan shell=shell />
        <TimelineSlider
            steps=Memo::new(move |_| gan.with(GanState::timeline_steps))
            selected=Memo::new(move |_| gan.with(|state| state.scrub))
            thinned_to=Memo::new(move |_| gan.with(GanState::timeline_thinned_to))
            on_select=Callback::new(move |scrub| gan.update(|state| state.scrub = scrub))
            unit="iteration"
            testid="gan-timeline"
        />
        <div class="gan-runs" data-testid="gan-runs">
            {move || (0..run_count.get()).map(|index| view! { <RunColumn gan=gan index=index /> }).collect_view()}
        </div>
        <StepWalkSection walk=walk gan=gan />
        <EvaluationSection evaluation=evaluation gan=gan />
        <LookingSection looking=looking gan=gan />
    }
}

#[component]
fn GanSettings(
    gan: RwSignal<GanState>,
    gallery: RwSignal<GalleryState>,
    data: RwSignal<DataState>,
) -> impl IntoView {
    let edit = form_edit(gan, gallery);
    let number = move |field: GanField,
                       label: &'static str,
                       testid: &'static str,
                       step: &'static str,
                       value: fn(&GanState) -> String| {
        form_number(gan, edit, field, (label, testid, step), value)
    };
    // What one step needs on this data set's side: settings that cannot fit are refused at Start.
    let memory_note = move || {
        data.with(|data| {
            gan.with(|state| {
                let settings = gallery.with(|gallery| gallery.settings.clone());
                let experiment = state.experiment_for(&settings, data.summary.as_ref());
                let estimate = gan_memory(&experiment.gan);
                format!(
                    "One training step needs about {} of memory (its largest tensor {}).",
                    megabytes(estimate.step_bytes),
                    megabytes(estimate.tensor_bytes)
                )
            })
        })
    };
    let ema_note = move || {
        gan.with(|state| {
            let ema = EmaConfig::scaled_for_run(state.experiment.iterations);
            format!(
                "Samples come from an exponential moving average of the generator: decay {:.4} from iteration {} \
                 (the reference's 0.9999 from iteration 1000, scaled to a run of {} iterations).",
                ema.decay, ema.start_iteration, state.experiment.iterations
            )
        })
    };
    view! {
        <fieldset class="card controls">
            <legend>"Settings"</legend>
            <div class="fields">
                <PresetSelect
                    label="Model "
                    id="gan-preset"
                    value=Signal::derive(move || gan.with(|state| format!("{:?}", state.experiment.gan.preset).to_lowercase()))
                    on_pick=move |text: String| edit(GanField::Preset, text)
                />
                {number(GanField::BatchSize, "Batch", "gan-batch", "1", |state| state.experiment.gan.batch_size.to_string())}
                {number(GanField::Iterations, "Iterations", "gan-iterations", "1", |state| state.experiment.iterations.to_string())}
                {number(GanField::NDis, "D steps per G step", "gan-ndis", "1", |state| state.experiment.gan.n_dis.to_string())}
                {number(GanField::Alpha, "α (fake)", "gan-alpha", "0.05", |state| state.experiment.gan.alpha.to_string())}
                {number(GanField::Beta, "β (NDA)", "gan-beta", "0.05", |state| state.experiment.gan.beta.to_string())}
                {number(GanField::LearningRate, "Learning rate", "gan-lr", "0.0001", |state| state.experiment.gan.learning_rate.to_string())}
                {number(GanField::Seed, "Seed", "gan-seed", "1", |state| state.experiment.gan.seed.to_string())}
                {number(GanField::SampleEvery, "Grid every", "gan-sample-every", "1", |state| state.experiment.sample_every.to_string())}
                <label class="choice">
                    <input
                        type="checkbox"
                        data-testid="gan-conditional"
                        prop:checked=move || gan.with(|state| state.conditional)
                        on:change=move |event| gan.update(|state| state.set_conditional(event_target_checked(&event)))
                    />
                    "Class-conditional (needs labels)"
                    <HelpMark id="gan-conditional" />
                </label>
            </div>
            <div class="fields" role="group" aria-label="Negative augmentations and their weights">
                <span>"Negatives (weight, 0 = off; their settings come from the Augmentations panel):"</span>
                <NegativeWeightFields
                    prefix="gan"
                    weights=Memo::new(move |_| gan.with(|state| state.weights))
                    on_change=move |(kind, text): (NegativeKind, String)| edit(GanField::NegativeWeight(kind), text)
                />
            </div>
            <p class="hint">
                "L_D = real + α·fake + β·NDA (hinge; the paper's α 0.25, β 0.75). The baseline is the same run with α 1, β 0. "
                {ema_note}
            </p>
            <p class="hint" data-testid="gan-memory">{memory_note}</p>
            <Show when=move || gan.with(|state| state.form_error.is_some())>
                <p class="error" role="alert" data-testid="gan-form-error">
                    {move || gan.with(|state| state.form_error.clone().unwrap_or_default())}
                </p>
            </Show>
        </fieldset>
    }
}
