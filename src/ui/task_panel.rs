//! What every task's panel state gives the buttons all panels share: which task it is, that a
//! reply from the worker is awaited, where the session is saved, and a refusal to show. The
//! commands every session takes alike (`SessionCommand`: pause, resume, stop, reset, export,
//! import, continue on the CPU) are built here once, for any panel. [`AnyTaskPanel`] is the
//! same seen from the page's shared sections (routing, downloads, saved runs, time estimates),
//! which pick a panel by its task in one place (`Page::change_panel`).

use crate::experiment::Task;
use crate::ui::autosave::Autosave;
use crate::ui::contrastive::state::ContrastiveState;
use crate::ui::device_speed::{contrastive_run_rate, gan_run_rate};
use crate::ui::gan::state::GanState;
use crate::ui::video::training_state::VideoTrainingState;
use nda_protocol::{Command, DatasetSummary, Event, SessionCommand};

/// A task's panel state, as the shared session buttons see it.
pub trait TaskPanel {
    /// The task whose session the panel shows.
    const TASK: Task;

    /// Says that a worker's reply is on its way (the buttons wait for it).
    fn set_awaiting(&mut self);

    /// Where the session is saved; an imported run is a new session, not yet saved anywhere.
    fn saving(&mut self) -> &mut Autosave;

    /// Shows why a request could not be made (a picked file that cannot be read).
    fn set_error(&mut self, message: String);

    /// `command` for the panel's session; the panel waits for the worker's answer.
    fn session_command(&mut self, command: SessionCommand) -> Command {
        self.set_awaiting();
        Command::Session {
            task: Self::TASK,
            command,
        }
    }
}

/// Every panel's state keeps these in fields of the same names.
macro_rules! task_panel {
    ($($state:ty => $task:expr),*) => {$(
        impl TaskPanel for $state {
            const TASK: Task = $task;
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

task_panel!(
    GanState => Task::Gan,
    ContrastiveState => Task::Contrastive,
    VideoTrainingState => Task::Video
);

/// Any task's panel state, as the page's shared sections see it (dyn-compatible).
pub trait AnyTaskPanel {
    /// Folds a worker event into the panel.
    fn route(&mut self, event: &Event);
    /// The key of its session among the saved runs, once saved.
    fn saved_as(&self) -> Option<String>;
    /// Stops saving its session if it is saved run `id` (the user deleted it).
    fn forget_saved(&mut self, id: &str);
    /// Shows why something the browser did for it failed (a download refused).
    fn refuse(&mut self, message: String);
    /// Its line in the list of saved runs; `dataset` is the Data panel's set.
    fn saved_title(&self, dataset: Option<&DatasetSummary>) -> String;
    /// Opens saved run `id` (its bytes) in this panel: the command, the panel waiting for it
    /// and saving it back under `id`.
    fn open_saved(&mut self, bytes: Vec<u8>, id: String) -> Command;
    /// Its runs' pace as a rate, once they have trained a few steps.
    fn pace(&self) -> Option<f64>;
}

/// The image tasks' panels: their saved runs open through the shared session command.
macro_rules! any_task_panel {
    ($($state:ty: $title:expr, $pace:expr, $open:expr;)*) => {$(
        impl AnyTaskPanel for $state {
            fn route(&mut self, event: &Event) {
                self.apply(event);
            }
            fn saved_as(&self) -> Option<String> {
                self.saving.run_id.clone()
            }
            fn forget_saved(&mut self, id: &str) {
                self.saving.forget(id);
            }
            fn refuse(&mut self, message: String) {
                self.set_error(message);
            }
            fn saved_title(&self, dataset: Option<&DatasetSummary>) -> String {
                $title(self, dataset)
            }
            fn open_saved(&mut self, bytes: Vec<u8>, id: String) -> Command {
                $open(self, bytes, id)
            }
            fn pace(&self) -> Option<f64> {
                $pace(self)
            }
        }
    )*};
}

/// Saves the panel back under `id` and opens the run file by the shared session command.
fn open_by_session_command<P: TaskPanel>(panel: &mut P, bytes: Vec<u8>, id: String) -> Command {
    panel.saving().save_as(Some(id));
    panel.session_command(SessionCommand::Import { bytes })
}

any_task_panel!(
    GanState: GanState::save_title, gan_run_rate, open_by_session_command;
    ContrastiveState: ContrastiveState::save_title, contrastive_run_rate, open_by_session_command;
    // The video panel's titles need no data set; its run files open with the person's clips.
    VideoTrainingState: |state: &VideoTrainingState, _| state.save_title(),
        VideoTrainingState::run_rate,
        |state: &mut VideoTrainingState, bytes, id| state.import(bytes, Some(id));
);

#[cfg(test)]
mod tests {
    use super::*;
    use nda_protocol::SessionControl;

    #[test]
    fn a_session_command_names_the_panel_s_task_and_waits_for_the_worker() {
        let mut gan = GanState::default();
        let command = gan.session_command(SessionCommand::Control(SessionControl::Pause));
        assert!(gan.awaiting);
        assert_eq!(
            command,
            Command::Session {
                task: Task::Gan,
                command: SessionCommand::Control(SessionControl::Pause),
            }
        );
        let mut contrastive = ContrastiveState::default();
        let command = contrastive.session_command(SessionCommand::ContinueOnCurrentBackend);
        assert!(contrastive.awaiting);
        assert!(matches!(
            command,
            Command::Session {
                task: Task::Contrastive,
                ..
            }
        ));
    }
}
