//! A video pair of a study in the worker: an ordinary video session (the NDA clip encoder and its
//! `m = 0` baseline, same seed and clip order) trained to its last step and measured there, as
//! `nda-lab video-study` measures a run: the rows of its `evaluation.csv` (motion and appearance
//! k-NN and probe, the anomaly AUROCs).
//!
//! Free of browser code (the clock is passed in), so it is tested natively.

use burn::tensor::Device;
use nda_protocol::{Event, VideoEvent};

use super::session::VideoSession;
use crate::measured_session::MeasuredSession;
use nda_core::experiment::ExperimentConfig;
use nda_core::train::evaluation::MetricRow;
use nda_core::train::video::VideoData;

/// A video pair of a study, training or trained.
pub struct VideoPair {
    session: VideoSession,
    /// Per run, the rows of its evaluation at the last step.
    rows: Vec<Option<Vec<MetricRow>>>,
    steps: usize,
}

impl VideoPair {
    /// Builds the pair of `config` (its `video` section) on the study's Moving Shapes `data`.
    pub fn start(
        config: &ExperimentConfig,
        data: &VideoData,
        device: &Device,
        on_gpu: bool,
    ) -> Result<Self, String> {
        let mut experiment = config.video.clone();
        experiment.compare_with_baseline = true;
        // A study compares the final encoders only; measuring them on the way reads nothing that
        // training uses, so skipping it (the untrained measurement too) changes no weight.
        experiment.evaluate_every = experiment.steps;
        let mut session = VideoSession::start(&experiment, data, device, on_gpu)
            .map_err(|error| error.to_string())?;
        session.evaluated = true;
        Ok(Self {
            rows: vec![None; experiment.runs().len()],
            session,
            steps: experiment.steps,
        })
    }

    /// Completed steps.
    pub fn steps(&self) -> usize {
        self.session.steps()
    }

    /// Trains both encoders one step (the last one measures them); `Err` with the session's
    /// problem when it stopped on a fault.
    pub async fn tick(&mut self, now: fn() -> f64) -> Result<(), String> {
        for event in self.session.tick(now).await {
            match event {
                Event::Video(VideoEvent::Evaluated(evaluated))
                    if evaluated.evaluation.step == self.steps =>
                {
                    if let Some(slot) = self.rows.get_mut(evaluated.run) {
                        *slot = Some(evaluated.evaluation.metric_rows());
                    }
                }
                Event::Video(VideoEvent::Status(Some(status))) if status.problem.is_some() => {
                    return Err(status.problem.unwrap_or_default());
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Every run's final rows (NDA first), once both are measured at the last step.
    pub fn measured(&self) -> Option<Vec<Vec<MetricRow>>> {
        self.rows.iter().cloned().collect()
    }
}
