//! Which explained step, run and clip the Video panel's "Explain one step" shows, and the
//! request for the next one.

use crate::train::video::{ClipExplained, ExplainedVideoStep};
use crate::ui::explained_runs::{ExplainedNews, ExplainedRuns, ExplainedStepOf};
use nda_protocol::video::messages::VideoControl;
use nda_protocol::{Command, Event, VideoCommand, VideoEvent};

/// State of the video walk-through.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct VideoWalkState {
    /// The explained step of every run, the run shown and the request for the next.
    pub explained: ExplainedRuns<ExplainedVideoStep>,
    /// Which of the shown clips.
    pub clip: usize,
}

impl VideoWalkState {
    /// The command that takes the next step and explains it.
    pub fn explain(&mut self) -> Command {
        self.explained.request.send();
        Command::Video(VideoCommand::Control(VideoControl::Explain))
    }

    /// The run's explained step on show.
    pub fn shown(&self) -> Option<&ExplainedVideoStep> {
        self.explained.shown()
    }

    /// The clip on show, with its index.
    pub fn shown_clip(&self) -> Option<(&ExplainedVideoStep, usize, &ClipExplained)> {
        let step = self.shown()?;
        let index = if self.clip < step.clips.len() {
            self.clip
        } else {
            0
        };
        Some((step, index, step.clips.get(index)?))
    }

    /// Folds a worker event into the state; true when it was this section's answer (a refusal
    /// of its request belongs to it, not to the panel).
    pub fn apply(&mut self, event: &Event) -> bool {
        self.explained.apply(event)
    }
}

impl ExplainedStepOf for ExplainedVideoStep {
    fn run_label(&self) -> &str {
        &self.label
    }

    fn news(event: &Event) -> Option<ExplainedNews<'_, Self>> {
        match event {
            Event::Video(VideoEvent::Explained(steps)) => Some(ExplainedNews::Steps(steps)),
            Event::Video(VideoEvent::Status(status)) => Some(ExplainedNews::Session(
                status.as_ref().map(|status| status.runs.len()),
            )),
            _ => None,
        }
    }
}
