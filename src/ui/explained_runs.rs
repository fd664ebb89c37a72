//! What the "Explain one step" sections share: the explained step of every run of the
//! session, which run is shown, and the request that asks for the next one. A new or reset
//! session forgets the old steps, which explain nothing about it.

use super::pending::Pending;
use nda_protocol::Event;

/// What a worker event tells an "Explain one step" section.
#[derive(Debug, PartialEq)]
pub enum ExplainedNews<'a, T> {
    /// The explained steps of the session's runs arrived.
    Steps(&'a [T]),
    /// The session now has this many runs (`None`: it was reset).
    Session(Option<usize>),
}

/// A task's explained step: it names its run, and the task's events bring steps and sessions.
/// Each task implements it beside its walk-through's state.
pub trait ExplainedStepOf: Clone {
    /// "NDA" or "Baseline".
    fn run_label(&self) -> &str;

    /// What `event` tells this task's walk-through, if anything.
    fn news(event: &Event) -> Option<ExplainedNews<'_, Self>>;
}

/// The explained steps `T` of a session's runs (NDA first), and the run shown.
#[derive(Debug, Clone, PartialEq)]
pub struct ExplainedRuns<T> {
    /// One explained step per run; empty before the first.
    pub steps: Vec<T>,
    /// Which run is shown.
    pub run: usize,
    /// The request for the next step.
    pub request: Pending,
}

impl<T> Default for ExplainedRuns<T> {
    fn default() -> Self {
        Self {
            steps: Vec::new(),
            run: 0,
            request: Pending::default(),
        }
    }
}

impl<T: ExplainedStepOf> ExplainedRuns<T> {
    /// The runs' labels, NDA first, for the run menu.
    pub fn labels(&self) -> Vec<String> {
        self.steps
            .iter()
            .map(|step| step.run_label().to_string())
            .collect()
    }

    /// The step of the run shown (the first run's if that run is gone).
    pub fn shown(&self) -> Option<&T> {
        self.steps.get(self.run).or_else(|| self.steps.first())
    }

    /// The explained steps arrived.
    pub fn receive(&mut self, steps: &[T]) {
        self.steps = steps.to_vec();
        if self.run >= steps.len() {
            self.run = 0;
        }
        self.request.answered();
    }

    /// The session now has `runs` runs (`None`: it was reset).
    pub fn session_changed(&mut self, runs: Option<usize>) {
        if runs != Some(self.steps.len()) {
            self.steps.clear();
        }
    }

    /// Folds a worker event into the section; true when it was this section's answer: its
    /// steps, or the refusal of its request (which belongs to it, not to the panel).
    pub fn apply(&mut self, event: &Event) -> bool {
        let refused = self.request.awaiting && matches!(event, Event::Failed { .. });
        self.request.apply(event);
        match T::news(event) {
            Some(ExplainedNews::Steps(steps)) => {
                self.receive(steps);
                true
            }
            Some(ExplainedNews::Session(runs)) => {
                self.session_changed(runs);
                false
            }
            None => refused,
        }
    }

    /// The worker crashed: an answer on its way will never come.
    pub fn worker_lost(&mut self, message: &str) {
        self.request.worker_lost(message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq)]
    struct Step(u8);

    impl ExplainedStepOf for Step {
        fn run_label(&self) -> &str {
            if self.0 == 7 { "NDA" } else { "Baseline" }
        }

        fn news(_: &Event) -> Option<ExplainedNews<'_, Self>> {
            None
        }
    }

    #[test]
    fn steps_arrive_and_go_with_the_session() {
        let mut runs = ExplainedRuns::<Step>::default();
        runs.request.send();
        runs.run = 1;
        runs.receive(&[Step(7)]);
        assert_eq!(
            (runs.shown(), runs.run, runs.request.awaiting),
            (Some(&Step(7)), 0, false)
        );
        runs.session_changed(Some(1));
        assert_eq!(runs.labels(), ["NDA"], "the same session keeps its step");
        runs.session_changed(Some(2));
        assert!(
            runs.steps.is_empty(),
            "a session of another shape forgets it"
        );
        runs.receive(&[Step(1), Step(2)]);
        runs.session_changed(None);
        assert_eq!(runs.shown(), None);
    }
}
