//! The contrastive session among the browser's saved runs: when it is saved (the shared
//! [`crate::ui::autosave`] rule, on its status and progress events) and its line in the list.

use crate::ui::autosave::dataset_title;
use crate::ui::contrastive::state::ContrastiveState;
use nda_protocol::session_messages::TrainingPhase;
use nda_protocol::{ContrastiveEvent, DatasetSummary, Event};

impl ContrastiveState {
    /// Whether the session should be saved in the browser after `event` at page time `now`
    /// (ms); gives the session its key the first time.
    pub fn wants_save(&mut self, event: &Event, now: f64) -> bool {
        let settled = match event {
            Event::Contrastive(ContrastiveEvent::Status(Some(status))) => {
                Some((status.phase, status.problem.is_some()))
            }
            _ => None,
        };
        let running_report = matches!(event, Event::Contrastive(ContrastiveEvent::Progress(progress)) if progress.run == 0)
            && self.phase() == Some(TrainingPhase::Running);
        self.saving.due(settled, running_report, now)
    }

    /// One line about the session for the list of saved runs.
    pub fn save_title(&self, dataset: Option<&DatasetSummary>) -> String {
        let what = if self.runs.len() == 2 {
            "Contrastive NDA vs baseline"
        } else {
            "Contrastive NDA"
        };
        let preset = self.runs.first().map_or(String::new(), |run| {
            format!(", {:?} encoder", run.info.config.preset)
        });
        format!("{what} on {}{preset}", dataset_title(dataset))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::autosave::{check_saving, test_status};

    #[test]
    fn a_session_is_saved_when_it_settles_under_one_key_until_deleted() {
        check_saving(
            &mut ContrastiveState::default(),
            ContrastiveState::wants_save,
            |state| &mut state.saving,
            |phase, problem| {
                Event::Contrastive(ContrastiveEvent::Status(Some(test_status(phase, problem))))
            },
        );
    }
}
