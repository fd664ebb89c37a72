//! What the "Explain one step" sections share: the explained step of every run of the
//! session, which run is shown, and the request that asks for the next one. A new or reset
//! session forgets the old steps, which explain nothing about it.

use super::pending::Pending;
use crate::train::teaching::{ExplainedContrastiveStep, ExplainedStep};
use crate::train::video::ExplainedVideoStep;

/// An explained step names its run.
pub trait RunLabel {
    /// "NDA" or "Baseline".
    fn run_label(&self) -> &str;
}

impl RunLabel for ExplainedStep {
    fn run_label(&self) -> &str {
        &self.label
    }
}

impl RunLabel for ExplainedContrastiveStep {
    fn run_label(&self) -> &str {
        &self.label
    }
}

impl RunLabel for ExplainedVideoStep {
    fn run_label(&self) -> &str {
        &self.label
    }
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

impl<T: Clone + RunLabel> ExplainedRuns<T> {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq)]
    struct Step(u8);

    impl RunLabel for Step {
        fn run_label(&self) -> &str {
            if self.0 == 7 { "NDA" } else { "Baseline" }
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
