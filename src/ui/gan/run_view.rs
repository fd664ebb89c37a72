//! One run of a GAN session as the panel shows it: its settings, chart history, latest grid,
//! timeline, histogram and samples.

use crate::data::RgbaMosaic;
use crate::train::{GanPoint, SampleRequest, ScoreHistogram, Timeline};
use nda_protocol::gan::messages::GanRunInfo;

/// One run as the panel shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct RunView {
    /// Label and settings.
    pub info: GanRunInfo,
    /// Chart history.
    pub points: Vec<GanPoint>,
    /// Latest fixed-noise grid and its iteration.
    pub grid: Option<(usize, RgbaMosaic)>,
    /// The fixed-noise grid every `sample_every` iterations, as the worker keeps it.
    pub timeline: Timeline<RgbaMosaic>,
    /// Latest D-score histogram.
    pub histogram: Option<ScoreHistogram>,
    /// Latest requested samples.
    pub samples: Option<(SampleRequest, usize, RgbaMosaic)>,
    /// Training time so far.
    pub training_millis: f64,
    /// `n_dis * batch`.
    pub real_images_per_iteration: usize,
}

impl crate::ui::run_views::RunView for RunView {
    type Info = GanRunInfo;

    fn info(&self) -> &GanRunInfo {
        &self.info
    }

    fn fresh(info: &GanRunInfo) -> Self {
        Self {
            info: info.clone(),
            points: Vec::new(),
            grid: None,
            timeline: Timeline::default(),
            histogram: None,
            samples: None,
            training_millis: 0.0,
            real_images_per_iteration: info.config.n_dis * info.config.batch_size,
        }
    }

    fn units_done(&self) -> usize {
        self.points.last().map_or(0, |point| point.iteration)
    }

    fn training_millis(&self) -> f64 {
        self.training_millis
    }

    fn per_unit(&self) -> usize {
        self.real_images_per_iteration
    }
}
