//! Where the learner is in the walk-through of one iteration: the stages, the run shown, and the
//! command that takes (and explains) the next iteration.

use crate::train::teaching::ExplainedStep;
use crate::ui::explained_runs::{ExplainedNews, ExplainedRuns, ExplainedStepOf};
use nda_protocol::gan::messages::GanControl;
use nda_protocol::{Command, Event, GanCommand, GanEvent};

/// The stages of one iteration, in the order a learner meets them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WalkStage {
    /// The real batch of the D step.
    #[default]
    Real,
    /// The NDA images made from it.
    Negative,
    /// The generated batch.
    Generated,
    /// D's score of every image.
    Scores,
    /// The three hinge terms with the numbers plugged in.
    Loss,
    /// What the D step changed.
    Change,
    /// The G step, and why NDA never enters `L_G`.
    Generator,
}

impl WalkStage {
    /// Every stage, in order.
    pub const ALL: [WalkStage; 7] = [
        Self::Real,
        Self::Negative,
        Self::Generated,
        Self::Scores,
        Self::Loss,
        Self::Change,
        Self::Generator,
    ];

    /// Its name in a share link and in test ids.
    pub fn key(self) -> &'static str {
        match self {
            Self::Real => "real",
            Self::Negative => "nda",
            Self::Generated => "generated",
            Self::Scores => "scores",
            Self::Loss => "loss",
            Self::Change => "change",
            Self::Generator => "generator",
        }
    }

    /// Its title on the stage tabs.
    pub fn title(self) -> &'static str {
        match self {
            Self::Real => "1 Real batch",
            Self::Negative => "2 NDA batch",
            Self::Generated => "3 Generated batch",
            Self::Scores => "4 D's scores",
            Self::Loss => "5 The loss L_D",
            Self::Change => "6 What the D step changed",
            Self::Generator => "7 The G step",
        }
    }

    /// The stage named `key`.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|stage| stage.key() == key)
    }

    fn position(self) -> usize {
        Self::ALL
            .iter()
            .position(|&stage| stage == self)
            .unwrap_or(0)
    }
}

/// State of the walk-through.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WalkState {
    /// The explained iteration of every run, the run shown and the request for the next.
    pub explained: ExplainedRuns<ExplainedStep>,
    /// Which stage is shown.
    pub stage: WalkStage,
}

impl WalkState {
    /// The command that takes the run's next iteration and explains it. The stage stays, so a
    /// learner can watch one stage over several iterations.
    pub fn explain(&mut self) -> Command {
        self.explained.request.send();
        Command::Gan(GanCommand::Control(GanControl::ExplainIteration))
    }

    /// Opens at the stage a share link names (`None`: the first). Returns a note for the page
    /// when the link names a stage this page does not know.
    pub fn open_at(&mut self, key: Option<&str>) -> Option<String> {
        let stage = key.map(|key| WalkStage::from_key(key).ok_or(key));
        match stage {
            None => self.stage = WalkStage::default(),
            Some(Ok(stage)) => self.stage = stage,
            Some(Err(key)) => {
                self.stage = WalkStage::default();
                return Some(format!(
                    " (the link names a walk-through stage \"{key}\" this page does not know: it \
                     opens at the first)"
                ));
            }
        }
        None
    }

    /// The stage a link made now should open at: only once the walk-through has been used or
    /// set, so other links stay as they were.
    pub fn link_stage(&self) -> Option<String> {
        (self.stage != WalkStage::default() || !self.explained.steps.is_empty())
            .then(|| self.stage.key().to_string())
    }

    /// The explained step on show.
    pub fn shown(&self) -> Option<&ExplainedStep> {
        self.explained.shown()
    }

    /// The next stage (the last stays).
    pub fn next(&mut self) {
        let position = (self.stage.position() + 1).min(WalkStage::ALL.len() - 1);
        self.stage = WalkStage::ALL[position];
    }

    /// The previous stage (the first stays).
    pub fn previous(&mut self) {
        self.stage = WalkStage::ALL[self.stage.position().saturating_sub(1)];
    }

    /// Whether there is a stage after this one.
    pub fn has_next(&self) -> bool {
        self.stage.position() + 1 < WalkStage::ALL.len()
    }

    /// Whether there is a stage before this one.
    pub fn has_previous(&self) -> bool {
        self.stage.position() > 0
    }

    /// A key the learner pressed on the walk-through: arrows step, Home and End jump. Returns
    /// whether the key was used.
    pub fn key(&mut self, key: &str) -> bool {
        match key {
            "ArrowRight" | "ArrowDown" | "PageDown" => self.next(),
            "ArrowLeft" | "ArrowUp" | "PageUp" => self.previous(),
            "Home" => self.stage = WalkStage::ALL[0],
            "End" => self.stage = WalkStage::ALL[WalkStage::ALL.len() - 1],
            _ => return false,
        }
        true
    }

    /// Folds a worker event into the state.
    pub fn apply(&mut self, event: &Event) {
        self.explained.apply(event);
    }

    /// The worker crashed: an answer on its way will never come.
    pub fn worker_lost(&mut self, message: &str) {
        self.explained.worker_lost(message);
    }
}

impl ExplainedStepOf for ExplainedStep {
    fn run_label(&self) -> &str {
        &self.label
    }

    fn news(event: &Event) -> Option<ExplainedNews<'_, Self>> {
        match event {
            Event::Gan(GanEvent::Explained(steps)) => Some(ExplainedNews::Steps(steps)),
            Event::Gan(GanEvent::Status(status)) => Some(ExplainedNews::Session(
                status.as_ref().map(|status| status.runs.len()),
            )),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_step_forward_and_back_and_stop_at_the_ends() {
        let mut state = WalkState::default();
        assert!(!state.has_previous());
        state.previous();
        assert_eq!(state.stage, WalkStage::Real);
        for _ in 0..10 {
            state.next();
        }
        assert_eq!(state.stage, WalkStage::Generator);
        assert!(!state.has_next());
        assert!(state.key("ArrowLeft"));
        assert_eq!(state.stage, WalkStage::Change);
        assert!(state.key("Home"));
        assert_eq!(state.stage, WalkStage::Real);
        assert!(state.key("End"));
        assert_eq!(state.stage, WalkStage::Generator);
        assert!(!state.key("a"));
        for stage in WalkStage::ALL {
            assert_eq!(WalkStage::from_key(stage.key()), Some(stage));
        }
    }

    #[test]
    fn a_link_opens_at_its_stage_and_links_carry_the_stage_once_it_is_used() {
        let mut state = WalkState::default();
        assert_eq!(
            state.link_stage(),
            None,
            "an unused walk-through adds nothing to links"
        );
        assert_eq!(state.open_at(Some("loss")), None);
        assert_eq!(state.stage, WalkStage::Loss);
        assert_eq!(state.link_stage().as_deref(), Some("loss"));
        let note = state.open_at(Some("dream")).expect("a note");
        assert!(note.contains("\"dream\""), "{note}");
        assert_eq!(state.stage, WalkStage::Real);
        state.open_at(Some("nda"));
        state.open_at(None);
        assert_eq!(
            state.stage,
            WalkStage::Real,
            "a link without a stage opens at the first"
        );
    }

    #[test]
    fn explaining_waits_for_the_answer_and_failures_belong_here_only_then() {
        let mut state = WalkState::default();
        let failed = Event::Failed {
            message: "an evaluation is running".to_string(),
        };
        state.apply(&failed);
        assert_eq!(state.explained.request.error, None);
        assert_eq!(
            state.explain(),
            Command::Gan(GanCommand::Control(GanControl::ExplainIteration))
        );
        state.apply(&failed);
        assert!(!state.explained.request.awaiting);
        assert_eq!(
            state.explained.request.error.as_deref(),
            Some("an evaluation is running")
        );
        let _ = state.explain();
        state.worker_lost("unreachable");
        assert!(!state.explained.request.awaiting && state.explained.request.error.is_some());
    }
}
