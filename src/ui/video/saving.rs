//! The video session among the browser's saved runs: when it is saved (the shared
//! [`crate::ui::autosave`] rule, on its status and progress events) and its line in the list.

use crate::ui::video::training_state::VideoTrainingState;
use nda_protocol::session_messages::TrainingPhase;
use nda_protocol::{Event, VideoEvent};

impl VideoTrainingState {
    /// Whether the session should be saved in the browser after `event` at page time `now`
    /// (ms); gives the session its key the first time.
    pub fn wants_save(&mut self, event: &Event, now: f64) -> bool {
        let settled = match event {
            Event::Video(VideoEvent::Status(Some(status))) => {
                Some((status.phase, status.problem.is_some()))
            }
            _ => None,
        };
        let running_report = matches!(event, Event::Video(VideoEvent::Progress(progress)) if progress.run == 0)
            && self.phase() == Some(TrainingPhase::Running);
        self.saving.due(settled, running_report, now)
    }

    /// One line about the session for the list of saved runs.
    pub fn save_title(&self) -> String {
        let what = if self.runs.len() == 2 {
            "Video NDA vs baseline"
        } else {
            "Video NDA"
        };
        let clips = &self.experiment.clips;
        let on = match &self.experiment.own_clips {
            Some(own) => format!("your {} clips", own.clips),
            None => format!(
                "Moving Shapes ({} clips of {} frames)",
                clips.count, clips.frames
            ),
        };
        let preset = self.runs.first().map_or(String::new(), |run| {
            format!(", {:?} clip encoder", run.info.config.preset)
        });
        format!("{what} on {on}{preset}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::autosave::{check_saving, test_status};

    fn status(phase: TrainingPhase, problem: Option<&str>) -> Event {
        Event::Video(VideoEvent::Status(Some(test_status(phase, problem))))
    }

    #[test]
    fn a_video_session_is_saved_when_it_settles_under_one_key_until_deleted() {
        let mut state = VideoTrainingState::default();
        check_saving(
            &mut state,
            VideoTrainingState::wants_save,
            |state| &mut state.saving,
            status,
        );
        // A run opened from the saved runs is saved back under its own key.
        let _ = state.import(Vec::new(), Some("saved-7".into()));
        assert!(state.wants_save(&status(TrainingPhase::Paused, None), 6_000.0));
        assert_eq!(state.saving.run_id.as_deref(), Some("saved-7"));
        assert!(
            state
                .save_title()
                .starts_with("Video NDA on Moving Shapes (1600 clips")
        );
    }
}
