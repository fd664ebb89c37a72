//! The Contrastive panel: MoCo-v2 settings with NDA views, run controls, progress, the accuracy
//! curves of the NDA run and its baseline on one chart, and per run its loss, similarity
//! histogram and embedding map; clicking a map point shows its 8 nearest neighbours.

use crate::ui::contrastive::walk::panel::ContrastiveWalkSection;
use crate::ui::timeline::TimelineView;
use leptos::prelude::*;

use crate::ui::session_progress::phase_words;
use nda_protocol::{Command, SessionCommand, SessionControl};

use crate::augment::NegativeKind;
use crate::experiment::HiddenControl;
use crate::ui::bridge::Commands;
use crate::ui::contrastive::anomaly::panel::ContrastiveAnomalySection;
use crate::ui::contrastive::files::ContrastiveRunFiles;
use crate::ui::contrastive::form::ContrastiveField;
use crate::ui::contrastive::results::{Retrieval, RunColumn, SessionCharts};
use crate::ui::contrastive::state::ContrastiveState;
use crate::ui::cpu_defaults;
use crate::ui::data_state::DataState;
use crate::ui::device_speed::time_left;
use crate::ui::gallery_state::GalleryState;
use crate::ui::hideable::Hideable;
use crate::ui::number_field::{NegativeWeightFields, form_edit, form_number};
use crate::ui::page::PageSignals;
use crate::ui::run_buttons::RunButtons;
use crate::ui::run_files::continue_on_cpu;
use crate::ui::shell_state::ShellState;
use crate::ui::task_panel::TaskPanel;
use crate::ui::time_estimate::ContrastiveTimeEstimate;
use crate::ui::timeline_slider::TimelineSlider;
use crate::ui::widgets::PresetSelect;
use nda_protocol::contrastive::messages::ContrastiveControl;

/// The Contrastive panel's body.
#[component]
pub fn ContrastivePanel(
    contrastive: RwSignal<ContrastiveState>,
    gallery: RwSignal<GalleryState>,
    data: RwSignal<DataState>,
    shell: RwSignal<ShellState>,
) -> impl IntoView {
    let run_count = Memo::new(move |_| contrastive.with(|state| state.runs.len()));
    let signals = expect_context::<PageSignals>();
    view! {
        <Hideable control=HiddenControl::ContrastiveSettings>
            <ContrastiveSettings contrastive=contrastive gallery=gallery />
        </Hideable>
        <Show when=move || shell.with(|shell| shell.cpu_sized)>
            <p class="hint" data-testid="contrastive-cpu-sized">{cpu_defaults::CONTRASTIVE_NOTE}</p>
        </Show>
        <ContrastiveTimeEstimate contrastive=contrastive gallery=gallery data=data shell=shell />
        <ContrastiveControls contrastive=contrastive gallery=gallery data=data />
        <ContrastiveRunFiles contrastive=contrastive />
        <ContrastiveProgressLine contrastive=contrastive shell=shell />
        <TimelineSlider
            steps=Memo::new(move |_| contrastive.with(ContrastiveState::timeline_steps))
            selected=Memo::new(move |_| contrastive.with(|state| state.scrub))
            thinned_to=Memo::new(move |_| contrastive.with(ContrastiveState::timeline_thinned_to))
            on_select=Callback::new(move |scrub| contrastive.update(|state| state.scrub = scrub))
            unit="step"
            testid="contrastive-timeline"
        />
        <Show when=move || { run_count.get() > 0 }>
            <SessionCharts contrastive=contrastive />
        </Show>
        <Retrieval contrastive=contrastive />
        <div class="gan-runs" data-testid="contrastive-runs">
            {move || (0..run_count.get()).map(|index| view! { <RunColumn contrastive=contrastive index=index /> }).collect_view()}
        </div>
        <ContrastiveWalkSection walk=signals.contrastive_walk contrastive=contrastive />
        <ContrastiveAnomalySection anomaly=signals.anomaly evaluation=signals.evaluation contrastive=contrastive />
    }
}

#[component]
fn ContrastiveSettings(
    contrastive: RwSignal<ContrastiveState>,
    gallery: RwSignal<GalleryState>,
) -> impl IntoView {
    let edit = form_edit(contrastive, gallery);
    let number = move |field: ContrastiveField,
                       label: &'static str,
                       testid: &'static str,
                       step: &'static str,
                       value: fn(&ContrastiveState) -> String| {
        form_number(contrastive, edit, field, (label, testid, step), value)
    };
    view! {
        <fieldset class="card controls">
            <legend>"Settings"</legend>
            <div class="fields">
                <PresetSelect
                    label="Encoder "
                    id="contrastive-preset"
                    value=Signal::derive(move || contrastive.with(|state| format!("{:?}", state.experiment.config.preset).to_lowercase()))
                    on_pick=move |text: String| edit(ContrastiveField::Preset, text)
                />
                {number(ContrastiveField::BatchSize, "Batch", "contrastive-batch", "1", |state| state.experiment.config.batch_size.to_string())}
                {number(ContrastiveField::Steps, "Steps", "contrastive-steps", "1", |state| state.experiment.steps.to_string())}
                {number(ContrastiveField::EvaluateEvery, "Evaluate every", "contrastive-evaluate-every", "1", |state| state.experiment.evaluate_every.to_string())}
                {number(ContrastiveField::NdaViews, "NDA views per image (m)", "contrastive-nda-views", "1", |state| state.experiment.config.nda_views.to_string())}
                {number(ContrastiveField::Temperature, "Temperature", "contrastive-temperature", "0.05", |state| state.experiment.config.temperature.to_string())}
                {number(ContrastiveField::Momentum, "Key momentum", "contrastive-momentum", "0.001", |state| state.experiment.config.momentum.to_string())}
                {number(ContrastiveField::QueueSize, "Queue size", "contrastive-queue", "1", |state| state.experiment.config.queue_size.to_string())}
                {number(ContrastiveField::LearningRate, "Learning rate", "contrastive-lr", "0.01", |state| state.experiment.config.learning_rate.to_string())}
                {number(ContrastiveField::Seed, "Seed", "contrastive-seed", "1", |state| state.experiment.config.seed.to_string())}
            </div>
            <div class="fields" role="group" aria-label="Positive views">
                <span>"Positive views:"</span>
                {number(ContrastiveField::CropScale, "Smallest crop", "contrastive-crop", "0.05", |state| state.experiment.config.positive.crop_min_scale.to_string())}
                {number(ContrastiveField::Jitter, "Colour jitter", "contrastive-jitter", "0.1", |state| state.experiment.config.positive.jitter_strength.to_string())}
                {number(ContrastiveField::Grayscale, "Grayscale probability", "contrastive-grayscale", "0.1", |state| state.experiment.config.positive.grayscale_probability.to_string())}
            </div>
            <div class="fields" role="group" aria-label="Negative augmentations of the NDA views and their weights">
                <span>"NDA views (weight, 0 = off; their settings come from the Augmentations panel):"</span>
                <NegativeWeightFields
                    prefix="contrastive"
                    weights=Memo::new(move |_| contrastive.with(|state| state.weights))
                    on_change=move |(kind, text): (NegativeKind, String)| edit(ContrastiveField::NegativeWeight(kind), text)
                />
            </div>
            <p class="hint">
                "MoCo-v2: InfoNCE over [q·k+, q·queue, q·k_NDA] / t. Each image's m NDA views, encoded by the momentum encoder, are \
                 extra negatives for that image only and never enter the queue. The baseline is the same run with m = 0. \
                 Positive views: crop, flip, colour jitter and grayscale. Their colour distortion is stronger than the gallery's MoCo-v2 views \
                 because the built-in sets colour every image at random: with mild jitter the encoder learns to tell images apart by colour, \
                 which says nothing of their class. Optimiser: SGD, momentum 0.9, weight decay 5e-4."
            </p>
            <Show when=move || contrastive.with(|state| state.form_error.is_some())>
                <p class="error" role="alert" data-testid="contrastive-form-error">
                    {move || contrastive.with(|state| state.form_error.clone().unwrap_or_default())}
                </p>
            </Show>
        </fieldset>
    }
}

#[component]
fn ContrastiveControls(
    contrastive: RwSignal<ContrastiveState>,
    gallery: RwSignal<GalleryState>,
    data: RwSignal<DataState>,
) -> impl IntoView {
    let commands = expect_context::<Commands>();
    let send = move |command: Option<Command>| commands.send(command.into_iter().collect());
    let start = move |compare: bool| {
        let settings = gallery.with_untracked(|gallery| gallery.settings.clone());
        let command = data.with_untracked(|data| {
            contrastive
                .try_update(|state| state.start(compare, &settings, data.summary.as_ref()))
                .flatten()
        });
        send(command);
    };
    let control = move |control: ContrastiveControl| {
        send(contrastive.try_update(|state| state.control(control)))
    };
    let session = move |control: SessionControl| {
        send(
            contrastive.try_update(|state| state.session_command(SessionCommand::Control(control))),
        )
    };
    let phase = Memo::new(move |_| contrastive.with(ContrastiveState::phase));
    let can_step = Signal::derive(move || contrastive.with(ContrastiveState::can_step));
    view! {
        <div class="fields gan-controls">
            <RunButtons prefix="contrastive" phase=phase can_step=can_step start=start session=session control=control />
        </div>
    }
}

#[component]
fn ContrastiveProgressLine(
    contrastive: RwSignal<ContrastiveState>,
    shell: RwSignal<ShellState>,
) -> impl IntoView {
    let commands = expect_context::<Commands>();
    let continue_on_cpu = move || continue_on_cpu(contrastive, shell, commands);
    let status_text = move |read: fn(
        &nda_protocol::contrastive::messages::ContrastiveStatus,
    ) -> Option<String>| {
        contrastive.with(|state| state.status.as_ref().and_then(read))
    };
    let phase_text = move || {
        contrastive.with(|state| match state.phase() {
            None => "Not started. Start trains on the dataset of the Data panel; 20% of each class is held out for evaluation.".to_string(),
            Some(phase) => phase_words(phase).into(),
        })
    };
    let progress = Memo::new(move |_| contrastive.with(ContrastiveState::progress));
    let text = move || {
        progress.get().map(|progress| {
            let left = time_left(progress.seconds_left);
            format!(
                "Step {} / {} · {:.2} steps/s · {:.0} images/s{left}",
                progress.step,
                progress.total,
                progress.steps_per_second,
                progress.images_per_second
            )
        })
    };
    let continue_from = move || {
        contrastive.with(|state| {
            state
                .status
                .as_ref()
                .and_then(|status| status.can_continue_on_cpu_from)
        })
    };
    view! {
        <div class="gan-progress" data-testid="contrastive-progress">
            <p data-testid="contrastive-phase">{phase_text}</p>
            <Show when=move || status_text(|status| status.problem.clone()).is_some()>
                <p class="error" role="alert" data-testid="contrastive-problem">{move || status_text(|status| status.problem.clone()).unwrap_or_default()}</p>
            </Show>
            <Show when=move || continue_from().is_some()>
                <button data-testid="contrastive-continue-cpu" on:click=move |_| continue_on_cpu()>
                    {move || format!("Continue on the CPU from step {}", continue_from().unwrap_or_default())}
                </button>
            </Show>
            <Show when=move || status_text(|status| status.results_unavailable_because.clone()).is_some()>
                <p class="banner" role="status" data-testid="contrastive-no-accuracy">
                    {move || format!("No accuracy: {}", status_text(|status| status.results_unavailable_because.clone()).unwrap_or_default())}
                </p>
            </Show>
            <Show when=move || contrastive.with(|state| state.error.is_some())>
                <p class="error" role="alert" data-testid="contrastive-error">{move || contrastive.with(|state| state.error.clone().unwrap_or_default())}</p>
            </Show>
            <Show when=move || progress.get().is_some()>
                <progress max=move || progress.get().map_or(1, |progress| progress.total) value=move || progress.get().map_or(0, |progress| progress.step) />
                <p data-testid="contrastive-progress-text" data-step=move || progress.get().map_or(0, |progress| progress.step)>{text}</p>
            </Show>
        </div>
    }
}
