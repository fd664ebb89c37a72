//! The GAN panel's timeline: its runs' grids every "Grid every" iterations (`ui/timeline.rs`
//! says what the slider offers and shows), and where its charts put their cursor.

use crate::data::RgbaMosaic;
use crate::train::Timeline;
use crate::ui::gan::state::GanState;
use crate::ui::timeline::TimelineView;

impl TimelineView for GanState {
    type Frame = RgbaMosaic;

    fn scrub(&self) -> Option<usize> {
        self.scrub
    }

    fn timeline(&self, run: usize) -> Option<&Timeline<RgbaMosaic>> {
        self.runs.get(run).map(|run| &run.timeline)
    }

    fn latest(&self, run: usize) -> Option<(usize, RgbaMosaic)> {
        self.runs.get(run)?.grid.clone()
    }
}

impl GanState {
    /// Where the charts of run `index` put their cursor: the D steps at the iteration of the grid
    /// shown (the charts' axis), when the slider is off the latest grid.
    pub fn chart_cursor(&self, index: usize) -> Option<f64> {
        let shown = self.shown_step(index)?;
        let run = self.runs.get(index)?;
        let steps = run
            .points
            .iter()
            .find(|point| point.iteration >= shown)
            .map_or(shown * run.info.config.n_dis, |point| {
                point.discriminator_steps
            });
        Some(steps as f64)
    }
}
