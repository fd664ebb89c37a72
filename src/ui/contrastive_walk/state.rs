//! Which explained step, run and query the contrastive walk-through shows.

use crate::train::teaching::{ExplainedContrastiveStep, QueryExplained};
use crate::ui::shell_state::worker_lost_problem;
use crate::worker::contrastive_messages::ContrastiveControl;
use crate::worker::protocol::{Command, Event};

/// State of the contrastive walk-through.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ContrastiveWalkState {
    /// The explained step of every run, NDA first.
    pub steps: Vec<ExplainedContrastiveStep>,
    /// Which run is shown.
    pub run: usize,
    /// Which of the shown queries.
    pub query: usize,
    /// A command is on its way; a `Failed` event now belongs here.
    pub awaiting: bool,
    /// Why the last explanation failed.
    pub error: Option<String>,
}

impl ContrastiveWalkState {
    /// The command that takes the next step and explains it.
    pub fn explain(&mut self) -> Command {
        self.awaiting = true;
        self.error = None;
        Command::ContrastiveControl(ContrastiveControl::Explain)
    }

    /// The run's explained step on show.
    pub fn shown(&self) -> Option<&ExplainedContrastiveStep> {
        self.steps.get(self.run).or_else(|| self.steps.first())
    }

    /// The query on show.
    pub fn shown_query(&self) -> Option<(&ExplainedContrastiveStep, &QueryExplained)> {
        let step = self.shown()?;
        let query = step
            .queries
            .get(self.query)
            .or_else(|| step.queries.first())?;
        Some((step, query))
    }

    /// Folds a worker event into the state.
    pub fn apply(&mut self, event: &Event) {
        match event {
            Event::ContrastiveExplained(steps) => {
                self.steps = steps.clone();
                if self.run >= steps.len() {
                    self.run = 0;
                }
                self.awaiting = false;
            }
            Event::ContrastiveStatus(None) => self.steps.clear(),
            Event::ContrastiveStatus(Some(status)) if status.runs.len() != self.steps.len() => {
                self.steps.clear();
            }
            Event::Failed { message } if self.awaiting => {
                self.awaiting = false;
                self.error = Some(message.clone());
            }
            _ => {}
        }
    }

    /// The worker crashed: an answer on its way will never come.
    pub fn worker_lost(&mut self, message: &str) {
        if self.awaiting {
            self.error = Some(worker_lost_problem(message));
        }
        self.awaiting = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explaining_waits_for_the_answer_and_a_reset_forgets_it() {
        let mut state = ContrastiveWalkState::default();
        assert_eq!(
            state.explain(),
            Command::ContrastiveControl(ContrastiveControl::Explain)
        );
        state.apply(&Event::Failed {
            message: "this run has ended".into(),
        });
        assert!(!state.awaiting);
        assert_eq!(state.error.as_deref(), Some("this run has ended"));
        state.apply(&Event::ContrastiveExplained(Vec::new()));
        assert_eq!(state.shown_query(), None);
        let _ = state.explain();
        state.worker_lost("unreachable");
        assert!(state.error.is_some() && !state.awaiting);
    }
}
