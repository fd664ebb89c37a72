//! The Contrastive panel's timeline: its encoders' held-out maps at every evaluation
//! (`ui/timeline.rs` says what the slider offers and shows), and where its charts put their
//! cursor.

use crate::eval::Projection2d;
use crate::train::Timeline;
use crate::ui::contrastive::state::ContrastiveState;
use crate::ui::timeline::TimelineView;

impl TimelineView for ContrastiveState {
    type Frame = Projection2d;

    fn scrub(&self) -> Option<usize> {
        self.scrub
    }

    fn timeline(&self, run: usize) -> Option<&Timeline<Projection2d>> {
        self.runs.get(run).map(|run| &run.maps)
    }

    fn latest(&self, run: usize) -> Option<(usize, Projection2d)> {
        let evaluation = self.runs.get(run)?.evaluation.as_ref()?;
        Some((evaluation.step, evaluation.map.clone()))
    }
}

impl ContrastiveState {
    /// Where the charts put their cursor: the step of the map shown, when the slider is off the
    /// latest evaluation.
    pub fn chart_cursor(&self) -> Option<f64> {
        self.shown_step(0).map(|step| step as f64)
    }
}
