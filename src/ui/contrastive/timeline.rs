//! The Contrastive panel's timeline: the evaluations its slider offers, which map each encoder
//! shows at the slider's step, and where the charts put their cursor (`ui/timeline.rs` says what
//! the slider's positions mean, for every task).

use crate::eval::Projection2d;
use crate::ui::contrastive::state::ContrastiveState;

impl ContrastiveState {
    /// The steps of the timeline (every run is evaluated at the same ones).
    pub fn timeline_steps(&self) -> Vec<usize> {
        self.runs
            .first()
            .map_or_else(Vec::new, |run| run.maps.steps())
    }

    /// The steps between two kept maps once older ones were thinned out.
    pub fn timeline_thinned_to(&self) -> Option<usize> {
        self.runs.first()?.maps.thinned_to()
    }

    /// The map run `index` shows and its step: the timeline's at the slider's step, else the
    /// latest evaluation's.
    pub fn shown_map(&self, index: usize) -> Option<(usize, Projection2d)> {
        let run = self.runs.get(index)?;
        match self.scrub {
            Some(step) => run.maps.at(step).cloned().or_else(|| {
                // A run without a timeline (a file from before timelines) shows its latest map.
                run.evaluation
                    .as_ref()
                    .map(|evaluation| (evaluation.step, evaluation.map.clone()))
            }),
            None => run
                .evaluation
                .as_ref()
                .map(|evaluation| (evaluation.step, evaluation.map.clone())),
        }
    }

    /// Where the charts put their cursor: the step of the map shown, when the slider is off the
    /// latest evaluation.
    pub fn chart_cursor(&self) -> Option<f64> {
        let step = self.scrub?;
        let run = self.runs.first()?;
        let shown = run.maps.at(step).map_or(step, |(at, _)| *at);
        Some(shown as f64)
    }
}
