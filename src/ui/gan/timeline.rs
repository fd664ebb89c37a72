//! The GAN panel's timeline: the iterations its slider offers, which grid each run shows at the
//! slider's iteration, and where the charts put their cursor (`ui/timeline.rs` says what the
//! slider's positions mean, for every task).

use crate::data::RgbaMosaic;
use crate::ui::gan::state::GanState;

impl GanState {
    /// The iterations of the timeline (every run keeps the same ones).
    pub fn timeline_steps(&self) -> Vec<usize> {
        self.runs
            .first()
            .map_or_else(Vec::new, |run| run.timeline.steps())
    }

    /// The iterations between two kept grids once older ones were thinned out.
    pub fn timeline_thinned_to(&self) -> Option<usize> {
        self.runs.first()?.timeline.thinned_to()
    }

    /// The grid run `index` shows: the timeline's at the slider's iteration, else the latest.
    pub fn shown_grid(&self, index: usize) -> Option<(usize, RgbaMosaic)> {
        let run = self.runs.get(index)?;
        match self.scrub {
            // A run without a timeline (a file from before timelines) shows its latest grid.
            Some(iteration) => run
                .timeline
                .at(iteration)
                .cloned()
                .or_else(|| run.grid.clone()),
            None => run.grid.clone(),
        }
    }

    /// Where the charts of run `index` put their cursor: the D steps at the slider's iteration
    /// (the charts' axis), when the slider is off the latest grid.
    pub fn chart_cursor(&self, index: usize) -> Option<f64> {
        let iteration = self.scrub?;
        let run = self.runs.get(index)?;
        let shown = run.timeline.at(iteration).map_or(iteration, |(at, _)| *at);
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
