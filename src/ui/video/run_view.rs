//! One run of the video session as the panel shows it: its settings, loss history, every
//! evaluation and its training time; and what the shared run views need of it.

use crate::train::video::{VideoConfig, VideoEvaluation, VideoPoint};
use crate::ui::run_views::RunView;
use nda_protocol::session_messages::RunInfo;

/// One run as the panel shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct VideoRunView {
    /// Label and settings.
    pub info: RunInfo<VideoConfig>,
    /// Loss history.
    pub points: Vec<VideoPoint>,
    /// Every evaluation, in step order.
    pub evaluations: Vec<VideoEvaluation>,
    /// Training time so far.
    pub training_millis: f64,
}

impl RunView for VideoRunView {
    type Info = RunInfo<VideoConfig>;

    fn info(&self) -> &Self::Info {
        &self.info
    }

    fn fresh(info: &Self::Info) -> Self {
        Self {
            info: info.clone(),
            points: Vec::new(),
            evaluations: Vec::new(),
            training_millis: 0.0,
        }
    }

    fn units_done(&self) -> usize {
        self.points.last().map_or(0, |point| point.step)
    }

    fn training_millis(&self) -> f64 {
        self.training_millis
    }

    fn per_unit(&self) -> usize {
        self.info.config.batch_size
    }
}
