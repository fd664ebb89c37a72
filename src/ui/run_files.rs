//! What the GAN and Contrastive panels share about their run files: "Export run" asks the worker
//! for the session's zip, "Import run" hands it a picked zip. Both wait for the worker's reply,
//! which clears `awaiting` and shows the download or the opened run.

use leptos::prelude::*;

use super::autosave::Autosave;
use super::bridge::Commands;
use super::contrastive::state::ContrastiveState;
use super::gan::state::GanState;
use super::share::read_picked_run_file;
use nda_protocol::Command;

/// A panel's state as far as its run files are concerned.
pub trait RunFileState: Send + Sync + 'static {
    /// Says that a worker's reply is on its way (the buttons wait for it).
    fn set_awaiting(&mut self);
    /// Where the session is saved; an imported run is a new session, not yet saved anywhere.
    fn saving(&mut self) -> &mut Autosave;
    /// Shows why a picked file could not be read.
    fn set_error(&mut self, message: String);
}

/// Both panels' states keep these three in fields of the same names.
macro_rules! run_file_state {
    ($($state:ty),*) => {$(
        impl RunFileState for $state {
            fn set_awaiting(&mut self) {
                self.awaiting = true;
            }
            fn saving(&mut self) -> &mut Autosave {
                &mut self.saving
            }
            fn set_error(&mut self, message: String) {
                self.error = Some(message);
            }
        }
    )*};
}

run_file_state!(GanState, ContrastiveState);

/// Sends the export `command` and waits for the worker's zip.
pub fn export_run<S: RunFileState>(state: RwSignal<S>, commands: Commands, command: Command) {
    state.update(RunFileState::set_awaiting);
    commands.send(vec![command]);
}

/// Reads the zip picked in the file input of `event` and sends it as `command(bytes)`; a file that
/// cannot be read shows why in the panel.
pub fn import_run<S: RunFileState>(
    event: &leptos::ev::Event,
    state: RwSignal<S>,
    commands: Commands,
    command: fn(Vec<u8>) -> Command,
) {
    read_picked_run_file(
        event,
        move |bytes| {
            state.update(|state| {
                state.set_awaiting();
                state.saving().save_as(None);
            });
            commands.send(vec![command(bytes)]);
        },
        move |message| state.update(|state| state.set_error(message)),
    );
}
