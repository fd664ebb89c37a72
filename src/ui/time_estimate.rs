//! The GAN panel's "how long will this take here?" line and its "Measure this device" button;
//! `device_speed` holds the logic (natively tested), this file only the view.

use leptos::prelude::*;

use super::app::Commands;
use super::cpu_defaults;
use super::data_state::DataState;
use super::device_speed::{estimate_text, gan_run_rate};
use super::gallery_state::GalleryState;
use super::gan_state::GanState;
use super::shell_state::ShellState;
use super::widgets::ErrorLine;
use crate::worker::gan_messages::TrainingPhase;

/// The estimate for the form's settings, from the run's pace or the calibration.
#[component]
pub fn TimeEstimateLine(
    gan: RwSignal<GanState>,
    gallery: RwSignal<GalleryState>,
    data: RwSignal<DataState>,
    shell: RwSignal<ShellState>,
) -> impl IntoView {
    let commands = expect_context::<Commands>();
    let text = move || {
        let run = gan.with(gan_run_rate);
        let rate = shell.with(|shell| shell.speed.rate(shell.backend_kind(), run));
        let settings = gallery.with(|gallery| gallery.settings.clone());
        let experiment = data
            .with(|data| gan.with(|state| state.experiment_for(&settings, data.summary.as_ref())));
        estimate_text(&experiment.nda_config(), experiment.iterations, rate)
    };
    let measuring = move || shell.with(|shell| shell.speed.pending.awaiting);
    // The calibration shares the device: not while a run trains, nor before a backend is ready.
    let busy = move || {
        measuring()
            || shell.with(|shell| shell.backend_kind().is_none())
            || gan.with(|state| state.phase() == Some(TrainingPhase::Running))
    };
    let measure = move |_| {
        if let Some(command) = shell.try_update(|shell| shell.speed.calibrate()).flatten() {
            commands.send(vec![command]);
        }
    };
    view! {
        <div class="time-estimate">
            <Show when=move || shell.with(|shell| shell.cpu_sized)>
                <p class="hint" data-testid="gan-cpu-sized">{cpu_defaults::GAN_NOTE}</p>
            </Show>
            <p class="hint" data-testid="gan-time-estimate">{text}</p>
            <button data-testid="gan-calibrate" disabled=busy on:click=measure>
                {move || if measuring() { "Measuring this device…" } else { "Measure this device" }}
            </button>
            <ErrorLine
                error=Signal::derive(move || shell.with(|shell| shell.speed.pending.error.clone()))
                testid="gan-calibrate-error"
            />
        </div>
    }
}
