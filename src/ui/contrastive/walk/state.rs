//! Which explained step, run and query the contrastive walk-through shows.

use crate::train::teaching::{ExplainedContrastiveStep, QueryExplained};
use crate::ui::explained_runs::{ExplainedNews, ExplainedRuns, ExplainedStepOf};
use nda_protocol::contrastive::messages::ContrastiveControl;
use nda_protocol::{Command, ContrastiveCommand, ContrastiveEvent, Event};

/// State of the contrastive walk-through.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ContrastiveWalkState {
    /// The explained step of every run, the run shown and the request for the next.
    pub explained: ExplainedRuns<ExplainedContrastiveStep>,
    /// Which of the shown queries.
    pub query: usize,
}

impl ContrastiveWalkState {
    /// The command that takes the next step and explains it.
    pub fn explain(&mut self) -> Command {
        self.explained.request.send();
        Command::Contrastive(ContrastiveCommand::Control(ContrastiveControl::Explain))
    }

    /// The run's explained step on show.
    pub fn shown(&self) -> Option<&ExplainedContrastiveStep> {
        self.explained.shown()
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
        self.explained.apply(event);
    }

    /// The worker crashed: an answer on its way will never come.
    pub fn worker_lost(&mut self, message: &str) {
        self.explained.worker_lost(message);
    }
}

impl ExplainedStepOf for ExplainedContrastiveStep {
    fn run_label(&self) -> &str {
        &self.label
    }

    fn news(event: &Event) -> Option<ExplainedNews<'_, Self>> {
        match event {
            Event::Contrastive(ContrastiveEvent::Explained(steps)) => {
                Some(ExplainedNews::Steps(steps))
            }
            Event::Contrastive(ContrastiveEvent::Status(status)) => Some(ExplainedNews::Session(
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
    fn explaining_waits_for_the_answer_and_a_reset_forgets_it() {
        let mut state = ContrastiveWalkState::default();
        assert_eq!(
            state.explain(),
            Command::Contrastive(ContrastiveCommand::Control(ContrastiveControl::Explain))
        );
        state.apply(&Event::Failed {
            message: "this run has ended".into(),
        });
        assert!(!state.explained.request.awaiting);
        assert_eq!(
            state.explained.request.error.as_deref(),
            Some("this run has ended")
        );
        state.apply(&Event::Contrastive(ContrastiveEvent::Explained(Vec::new())));
        assert_eq!(state.shown_query(), None);
        let _ = state.explain();
        state.worker_lost("unreachable");
        assert!(state.explained.request.error.is_some() && !state.explained.request.awaiting);
    }
}
