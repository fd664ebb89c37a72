//! The GAN session among the browser's saved runs: when it is saved (the shared
//! [`crate::ui::autosave`] rule, on its status and snapshot events) and its line in the list.

use crate::ui::autosave::dataset_title;
use crate::ui::gan::state::GanState;
use nda_protocol::session_messages::TrainingPhase;
use nda_protocol::{DatasetSummary, Event, GanEvent};

impl GanState {
    /// Whether the session should be saved in the browser after `event` at page time `now`
    /// (ms): when it pauses, stops or finishes, and every [`crate::ui::autosave::SAVE_EVERY_MILLIS`] while it runs.
    /// Gives the session its key the first time.
    pub fn wants_save(&mut self, event: &Event, now: f64) -> bool {
        let settled = match event {
            Event::Gan(GanEvent::Status(Some(status))) => {
                Some((status.phase, status.problem.is_some()))
            }
            _ => None,
        };
        let running_report = matches!(event, Event::Gan(GanEvent::Snapshot(_)))
            && self.phase() == Some(TrainingPhase::Running);
        self.saving.due(settled, running_report, now)
    }

    /// One line about the session for the list of saved runs.
    pub fn save_title(&self, dataset: Option<&DatasetSummary>) -> String {
        let what = if self.runs.len() == 2 {
            "NDA-GAN vs baseline"
        } else {
            "NDA-GAN"
        };
        let data = dataset_title(dataset);
        let preset = self.runs.first().map_or(String::new(), |run| {
            format!(", {:?} model", run.info.config.preset)
        });
        format!("{what} on {data}{preset}")
    }
}
