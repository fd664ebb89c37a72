//! The worker's video session: the clip encoder trained with NDA clips, and its baseline
//! (`m = 0`, same seed, weights and clip order) stepped side by side. It turns the page's controls
//! into steps and decides when to read values back: points at most every
//! [`REPORT_MILLIS`](crate::session_core::REPORT_MILLIS), an evaluation (motion k-NN and probe,
//! the appearance-only control, anomaly AUROCs) before the first step, every `evaluate_every`
//! steps and at the end. What every task's session shares is its [`SessionCore`].
//!
//! Free of browser code (the clock is passed in, events are returned), so it is tested natively.

use burn::tensor::Device;
use nda_protocol::{Event, VideoEvent};

use crate::measured_session::MeasuredSession;
use crate::session_control::controlled_session;
use crate::session_core::{SessionCore, keep_latest};
use nda_core::experiment::{ArchivedClipEncoder, VideoArchive};
use nda_core::train::video::{
    ExplainedVideoStep, VideoCapture, VideoConfig, VideoData, VideoEvaluation, VideoExperiment,
    VideoPoint, VideoRun,
};
use nda_core::train::{Run, TrainError};
use nda_protocol::video::messages::{VideoEvaluated, VideoProgress, VideoStatus};

/// A video session in the worker.
pub struct VideoSession {
    /// The encoders, phase, faults and host copies every task's session keeps.
    pub(crate) core: SessionCore<VideoConfig, VideoRun>,
    /// Per run, every point reported and every evaluation (for the run file).
    pub(crate) history: Vec<RunHistory>,
    /// The settings it started with (the run file's).
    pub(crate) experiment: VideoExperiment,
    /// Whether the encoders were evaluated yet: the first tick evaluates them untrained.
    pub(crate) evaluated: bool,
}

/// What a run reported, kept for its run file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunHistory {
    /// Every point reported.
    pub points: Vec<VideoPoint>,
    /// Every evaluation.
    pub evaluations: Vec<VideoEvaluation>,
}

impl VideoSession {
    /// Builds the runs of `experiment` on `data` (autodiff `device`); it runs from the next tick.
    pub fn start(
        experiment: &VideoExperiment,
        data: &VideoData,
        device: &Device,
        keep_host_copies: bool,
    ) -> Result<Self, TrainError> {
        let core = SessionCore::start(experiment, data, device, keep_host_copies)?;
        Ok(Self {
            history: vec![RunHistory::default(); core.runs.len()],
            core,
            experiment: experiment.clone(),
            evaluated: false,
        })
    }

    /// The state the page shows.
    pub fn status(&self) -> VideoStatus {
        self.core.status(None)
    }

    /// Whether the worker should keep stepping.
    pub fn is_running(&self) -> bool {
        self.core.is_running()
    }

    /// Completed steps.
    pub fn steps(&self) -> usize {
        self.core.steps()
    }

    /// Continues a session whose device failed on `device` (autodiff) from the host copies of
    /// its weights; the session is paused afterwards.
    pub fn continue_on(&mut self, data: &VideoData, device: &Device) -> Result<(), TrainError> {
        self.core.continue_on(data, device)
    }

    /// The session as a run file: the settings, and per run its points, evaluations and weights
    /// (the `run.zip` of `nda-lab video`).
    pub async fn export(&self) -> Result<Vec<u8>, String> {
        let mut runs = Vec::with_capacity(self.core.runs.len());
        for ((info, run), history) in self.core.runs.iter().zip(&self.history) {
            let weights = run
                .read_host_weights()
                .await
                .map_err(|error| error.to_string())?;
            runs.push(ArchivedClipEncoder {
                // The file's names ("nda", "baseline"), not the page's.
                label: info.label.to_lowercase(),
                points: history.points.clone(),
                evaluations: history.evaluations.clone(),
                weights,
            });
        }
        let archive = VideoArchive {
            experiment: self.experiment.clone(),
            runs,
        };
        archive.to_zip().map_err(|error| error.to_string())
    }
}

impl MeasuredSession for VideoSession {
    type Config = VideoConfig;
    type Run = VideoRun;
    type Capture = VideoCapture;

    fn core(&mut self) -> &mut SessionCore<VideoConfig, VideoRun> {
        &mut self.core
    }

    fn evaluated(&self) -> bool {
        self.evaluated
    }

    fn evaluate_every(&self) -> usize {
        self.experiment.evaluate_every
    }

    fn status_now(&self) -> Event {
        status_event(Some(self.status()))
    }

    /// Stops on a fault with a message that says what happened and what is kept.
    fn fail(&mut self, error: TrainError) -> Event {
        self.core.fail(&error, "step", "evaluate");
        status_event(Some(self.status()))
    }

    /// Reads every run's latest point.
    async fn report(&mut self, now: fn() -> f64) -> Result<Vec<Event>, TrainError> {
        let mut events = Vec::new();
        for (index, (_, run)) in self.core.runs.iter_mut().enumerate() {
            if let Some(point) = run.read_point().await? {
                if let Some(history) = self.history.get_mut(index) {
                    keep_latest(&mut history.points, point.clone(), |kept| kept.step);
                }
                events.push(Event::Video(VideoEvent::Progress(VideoProgress {
                    run: index,
                    point,
                    training_millis: self.core.training_millis,
                })));
            }
        }
        self.core.last_report_at = now();
        Ok(events)
    }

    /// Evaluates every run (and keeps host copies of the weights on a GPU).
    async fn evaluate(&mut self) -> Result<Vec<Event>, TrainError> {
        let mut events = Vec::new();
        for (index, (_, run)) in self.core.runs.iter().enumerate() {
            let evaluation = run.evaluate().await?;
            if let Some(history) = self.history.get_mut(index) {
                keep_latest(&mut history.evaluations, evaluation.clone(), |kept| {
                    kept.step
                });
            }
            events.push(Event::Video(VideoEvent::Evaluated(VideoEvaluated {
                run: index,
                evaluation,
            })));
        }
        self.core.keep_host_copies().await?;
        self.evaluated = true;
        Ok(events)
    }

    fn explained_step(run: &mut VideoRun) -> Result<VideoCapture, TrainError> {
        run.explained_step()
    }

    fn explained(steps: Vec<ExplainedVideoStep>) -> Event {
        Event::Video(VideoEvent::Explained(steps))
    }
}

/// The event that carries a video session's status (`None`: forgotten).
pub fn status_event(status: Option<VideoStatus>) -> Event {
    Event::Video(VideoEvent::Status(status))
}

controlled_session!(VideoSession, VideoConfig, VideoRun, status_event, measured);

#[cfg(test)]
#[path = "session_tests.rs"]
mod tests;
