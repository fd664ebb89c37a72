//! The "how long will this take here?" line under the GAN and the contrastive forms, with its
//! "Measure this device" button; `device_speed` composes the sentences (natively tested), this
//! file only shows them.

use leptos::prelude::*;

use super::bridge::Commands;
use super::contrastive::state::ContrastiveState;
use super::cpu_defaults;
use super::data_state::DataState;
use super::device_speed::{
    contrastive_estimate_text, contrastive_run_rate, estimate_text, gan_run_rate,
};
use super::gallery_state::GalleryState;
use super::gan::state::GanState;
use super::shell_state::ShellState;
use super::widgets::ErrorLine;
use crate::experiment::Task;
use nda_protocol::session_messages::TrainingPhase;

/// The GAN form's estimate, from the run's pace or the calibration.
#[component]
pub fn GanTimeEstimate(
    gan: RwSignal<GanState>,
    gallery: RwSignal<GalleryState>,
    data: RwSignal<DataState>,
    shell: RwSignal<ShellState>,
) -> impl IntoView {
    let text = Signal::derive(move || {
        let run = gan.with(gan_run_rate);
        let rate = shell.with(|shell| shell.speed.rate(Task::Gan, shell.backend_kind(), run));
        let settings = gallery.with(|gallery| gallery.settings.clone());
        let experiment = data
            .with(|data| gan.with(|state| state.experiment_for(&settings, data.summary.as_ref())));
        estimate_text(&experiment.nda_config(), experiment.iterations, rate)
    });
    let training =
        Signal::derive(move || gan.with(|state| state.phase() == Some(TrainingPhase::Running)));
    let ids = ["gan-time-estimate", "gan-calibrate", "gan-calibrate-error"];
    view! {
        <Show when=move || shell.with(|shell| shell.cpu_sized)>
            <p class="hint" data-testid="gan-cpu-sized">{cpu_defaults::GAN_NOTE}</p>
        </Show>
        <TimeEstimateLine text=text training=training shell=shell ids=ids />
    }
}

/// The contrastive form's estimate, from the run's pace or the calibration.
#[component]
pub fn ContrastiveTimeEstimate(
    contrastive: RwSignal<ContrastiveState>,
    gallery: RwSignal<GalleryState>,
    data: RwSignal<DataState>,
    shell: RwSignal<ShellState>,
) -> impl IntoView {
    let text = Signal::derive(move || {
        let run = contrastive.with(contrastive_run_rate);
        let rate = shell.with(|shell| {
            shell
                .speed
                .rate(Task::Contrastive, shell.backend_kind(), run)
        });
        let settings = gallery.with(|gallery| gallery.settings.clone());
        let experiment = data.with(|data| {
            contrastive.with(|state| state.experiment_for(&settings, data.summary.as_ref()))
        });
        contrastive_estimate_text(&experiment, rate)
    });
    let training = Signal::derive(move || {
        contrastive.with(|state| state.phase() == Some(TrainingPhase::Running))
    });
    let ids = [
        "contrastive-time-estimate",
        "contrastive-calibrate",
        "contrastive-calibrate-error",
    ];
    view! { <TimeEstimateLine text=text training=training shell=shell ids=ids /> }
}

/// The sentence `text` and the calibration button (the Video panel's too); `ids` are the test ids of the sentence, the
/// button and the calibration's error.
#[component]
pub(super) fn TimeEstimateLine(
    text: Signal<String>,
    training: Signal<bool>,
    shell: RwSignal<ShellState>,
    ids: [&'static str; 3],
) -> impl IntoView {
    let commands = expect_context::<Commands>();
    let measuring = move || shell.with(|shell| shell.speed.pending.awaiting);
    // The calibration shares the device: not while a run trains, nor before a backend is ready.
    let busy =
        move || measuring() || shell.with(|shell| shell.backend_kind().is_none()) || training.get();
    let measure = move |_| {
        if let Some(command) = shell.try_update(|shell| shell.speed.calibrate()).flatten() {
            commands.send(vec![command]);
        }
    };
    view! {
        <div class="time-estimate">
            <p class="hint" data-testid=ids[0]>{text}</p>
            <button data-testid=ids[1] disabled=busy on:click=measure>
                {move || if measuring() { "Measuring this device…" } else { "Measure this device" }}
            </button>
            <ErrorLine
                error=Signal::derive(move || shell.with(|shell| shell.speed.pending.error.clone()))
                testid=ids[2]
            />
        </div>
    }
}
