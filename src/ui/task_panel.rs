//! What every task's panel state gives the buttons all panels share: which task it is, that a
//! reply from the worker is awaited, where the session is saved, and a refusal to show. The
//! commands every session takes alike (`SessionCommand`: pause, resume, stop, reset, export,
//! import, continue on the CPU) are built here once, for any panel.

use crate::experiment::Task;
use crate::ui::autosave::Autosave;
use crate::ui::contrastive::state::ContrastiveState;
use crate::ui::gan::state::GanState;
use nda_protocol::{Command, SessionCommand};

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

task_panel!(GanState => Task::Gan, ContrastiveState => Task::Contrastive);

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
