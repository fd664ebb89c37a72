//! What every task's panel does the same way with its session's buttons: "Export run" asks the
//! worker for the session's zip, "Import run" hands it a picked zip, and "Continue on CPU" moves a
//! session whose GPU was lost. Each waits for the worker's reply, which clears `awaiting` and
//! shows the download, the opened run or the session on the CPU.

use leptos::prelude::*;

use super::bridge::Commands;
use super::share::read_picked_run_file;
use super::shell_state::ShellState;
use super::task_panel::TaskPanel;
use crate::experiment::ExperimentConfig;
use nda_protocol::SessionCommand;

/// Asks for the session as a run file (`config` is the page's settings) to download.
pub fn export_run<S: TaskPanel + Send + Sync + 'static>(
    state: RwSignal<S>,
    commands: Commands,
    config: ExperimentConfig,
) {
    let command = SessionCommand::Export {
        config: Box::new(config),
        save: false,
    };
    commands.send(
        state
            .try_update(|state| state.session_command(command))
            .into_iter()
            .collect(),
    );
}

/// Reads the zip picked in the file input of `event` and sends it to the panel's task; a file
/// that cannot be read shows why in the panel.
pub fn import_run<S: TaskPanel + Send + Sync + 'static>(
    event: &leptos::ev::Event,
    state: RwSignal<S>,
    commands: Commands,
) {
    read_picked_run_file(
        event,
        move |bytes| {
            let command = state.try_update(|state| {
                state.saving().save_as(None);
                state.session_command(SessionCommand::Import { bytes })
            });
            commands.send(command.into_iter().collect());
        },
        move |message| state.update(|state| state.set_error(message)),
    );
}

/// After a GPU fault: switches the page to the CPU (so the header says so), then moves the
/// session there from the host copy of its weights.
pub fn continue_on_cpu<S: TaskPanel + Send + Sync + 'static>(
    state: RwSignal<S>,
    shell: RwSignal<ShellState>,
    commands: Commands,
) {
    let mut sent = shell
        .try_update(|shell| shell.set_force_cpu(true))
        .unwrap_or_default();
    sent.extend(
        state.try_update(|state| state.session_command(SessionCommand::ContinueOnCurrentBackend)),
    );
    commands.send(sent);
}
