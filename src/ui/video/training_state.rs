//! The Video panel's view-model: the settings (its form is `training_form.rs`), what its buttons
//! ask of the worker, the session's phase, each run's loss and motion-accuracy history and
//! latest evaluation, the progress readout and the memory and time estimate shown before Start.

use crate::experiment::Task;
use std::sync::Arc;

use crate::data::video::ClipSet;
use crate::train::memory::{CPU_PAGE_BUDGET, MemoryBudget, WEBGPU_BUDGET, megabytes};
use crate::train::video::{VideoExperiment, check_video_fits, video_memory, video_seconds};
use crate::ui::autosave::Autosave;
use crate::ui::device_speed::{DeviceRate, duration};
use crate::ui::run_views::{adopt_runs, can_step_until_finished, runs_progress};
use crate::ui::session_progress::SessionProgress;
pub use crate::ui::video::run_view::VideoRunView;
use crate::ui::video::walk_state::VideoWalkState;
use nda_protocol::session_messages::TrainingPhase;
use nda_protocol::video::messages::{VideoControl, VideoStatus};
use nda_protocol::{BackendKind, Command, Event, SessionControl, VideoCommand, VideoEvent};

/// Most loss points kept per run; older ones are thinned.
const MAX_POINTS: usize = 400;

/// State of the Video panel.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct VideoTrainingState {
    /// The settings: the experiment file's default at first, so an untouched panel adds nothing
    /// to a link.
    pub experiment: VideoExperiment,
    /// Why the last edit was refused.
    pub form_error: Option<String>,
    /// The session, once started.
    pub status: Option<VideoStatus>,
    /// Its runs, NDA first.
    pub runs: Vec<VideoRunView>,
    /// A command is on its way; a `Failed` event now belongs to this panel.
    pub awaiting: bool,
    /// The last refusal from the worker.
    pub error: Option<String>,
    /// "Explain one step": the explained steps and the request for the next.
    pub walk: VideoWalkState,
    /// When the session is kept among the browser's saved runs (`saving.rs`).
    pub saving: Autosave,
    /// The person's clips the clip gallery holds, which the panel can train on (`own_clips.rs`).
    pub own: Option<Arc<ClipSet>>,
}

impl VideoTrainingState {
    /// The Start command (with the baseline when `compare`), or `None` with the reason shown
    /// when the settings cannot fit this page's memory on `backend`.
    pub fn start(&mut self, compare: bool, backend: Option<BackendKind>) -> Option<Command> {
        let mut experiment = self.experiment.clone();
        experiment.compare_with_baseline = compare;
        if let Err(error) = check_video_fits(&experiment.config, budget(backend)) {
            self.error = Some(format!("cannot start video training: {error}"));
            return None;
        }
        let clips = match self.clips_to_send() {
            Ok(clips) => clips,
            Err(error) => {
                self.error = Some(format!("cannot start video training: {error}"));
                return None;
            }
        };
        self.awaiting = true;
        self.error = None;
        self.saving.restart();
        Some(Command::Video(VideoCommand::Start { experiment, clips }))
    }

    /// One of the panel's own controls.
    pub fn control(&mut self, control: VideoControl) -> Command {
        self.awaiting = true;
        Command::Video(VideoCommand::Control(control))
    }

    /// Pause, resume, stop or reset.
    pub fn session(&mut self, control: SessionControl) -> Command {
        self.awaiting = true;
        Command::Video(VideoCommand::Session(control))
    }

    /// The run file of the session.
    pub fn export(&mut self) -> Command {
        self.awaiting = true;
        Command::Video(VideoCommand::Export { save: false })
    }

    /// After a GPU fault, once the page is on the CPU: the session continues there from its
    /// last evaluation's host copies.
    pub fn continue_on_current_backend(&mut self) -> Command {
        self.awaiting = true;
        self.error = None;
        Command::Video(VideoCommand::ContinueOnCurrentBackend)
    }

    /// Where a session stopped by a GPU fault can continue from, if it can.
    pub fn can_continue_from(&self) -> Option<usize> {
        self.status
            .as_ref()
            .and_then(|status| status.can_continue_on_cpu_from)
    }

    /// Opens a run file (its bytes): the session it holds replaces this one, and is saved in
    /// the browser under `saved_as` (the saved run it came from) or a new key.
    pub fn import(&mut self, bytes: Vec<u8>, saved_as: Option<String>) -> Command {
        self.awaiting = true;
        self.error = None;
        self.saving.save_as(saved_as);
        // Sent whether or not the file needs them: only the worker reads which clips it names.
        let clips = self.own.as_deref().cloned();
        Command::Video(VideoCommand::Import { bytes, clips })
    }

    /// The worker crashed: a live session is shown as stopped, with what happened.
    pub fn worker_lost(&mut self, message: &str) {
        self.awaiting = false;
        self.walk.explained.worker_lost(message);
        if let Some(status) = self.status.as_mut() {
            crate::ui::lost_worker::stop_for_lost_worker(status, message);
        }
    }

    /// Folds a worker event into the state.
    pub fn apply(&mut self, event: &Event) {
        if self.walk.apply(event) {
            return;
        }
        match event {
            Event::Video(event) => self.apply_own(event),
            Event::Exported {
                task: Task::Video, ..
            } => self.awaiting = false,
            Event::Failed { message } if self.awaiting => {
                self.awaiting = false;
                self.error = Some(message.clone());
            }
            _ => {}
        }
    }

    fn apply_own(&mut self, event: &VideoEvent) {
        match event {
            VideoEvent::Status(Some(status)) => {
                self.awaiting = false;
                self.error = None;
                self.adopt(status);
            }
            VideoEvent::Status(None) => {
                *self = Self {
                    experiment: self.experiment.clone(),
                    ..Self::default()
                }
            }
            VideoEvent::Progress(progress) => {
                self.awaiting = false;
                if let Some(run) = self.runs.get_mut(progress.run) {
                    run.training_millis = progress.training_millis;
                    run.points.retain(|point| point.step != progress.point.step);
                    run.points.push(progress.point.clone());
                    while run.points.len() > MAX_POINTS {
                        run.points = run.points.iter().step_by(2).cloned().collect();
                    }
                }
            }
            VideoEvent::Evaluated(evaluated) => {
                self.awaiting = false;
                if let Some(run) = self.runs.get_mut(evaluated.run) {
                    let step = evaluated.evaluation.step;
                    run.evaluations.retain(|kept| kept.step != step);
                    run.evaluations.push(evaluated.evaluation.clone());
                }
            }
            VideoEvent::Imported { experiment } => {
                self.awaiting = false;
                self.error = None;
                self.experiment = experiment.clone();
                self.form_error = None;
            }
            VideoEvent::History(history) => {
                if let Some(run) = self.runs.get_mut(history.run) {
                    run.points.clone_from(&history.points);
                    run.evaluations.clone_from(&history.evaluations);
                }
            }
            VideoEvent::Explained(_) => {}
        }
    }

    fn adopt(&mut self, status: &VideoStatus) {
        adopt_runs(&mut self.runs, &status.runs);
        self.status = Some(status.clone());
    }

    /// The phase, if a session exists.
    pub fn phase(&self) -> Option<TrainingPhase> {
        self.status.as_ref().map(|status| status.phase)
    }

    /// Whether one step can be taken now (a finished or stopped session cannot).
    pub fn can_step(&self) -> bool {
        can_step_until_finished(self.phase())
    }

    /// Progress of the session (all runs step together).
    pub fn progress(&self) -> Option<SessionProgress> {
        runs_progress(&self.runs, self.status.as_ref()?.total_steps)
    }

    /// What one step of the settings needs, and whether it fits, on `backend`.
    pub fn memory_text(&self, backend: Option<BackendKind>) -> String {
        let config = &self.experiment.config;
        let estimate = video_memory(config);
        let budget = budget(backend);
        let verdict = if check_video_fits(config, budget).is_ok() {
            "fits"
        } else {
            "does not fit: Start will refuse it"
        };
        format!(
            "One step needs about {} ({} clips of {} frames and their NDA clips); {} allows {}: \
             it {verdict}.",
            megabytes(estimate.step_bytes),
            config.batch_size,
            config.frames,
            budget.device,
            megabytes(budget.step_bytes),
        )
    }

    /// How long the settings take at `rate`, next to the baseline and alone.
    pub fn time_text(&self, rate: Option<DeviceRate>) -> String {
        let Some(DeviceRate { rate, source }) = rate else {
            return "Time on this device: not measured yet. Measure it (a few seconds), or start \
                    a run: its pace is used from then on."
                .to_string();
        };
        let nda = &self.experiment.config;
        let pair = [nda.clone(), nda.clone().baseline()];
        let steps = self.experiment.steps;
        format!(
            "About {} for {steps} steps next to the baseline ({} for the NDA run alone) on this \
             device ({}; an estimate from the encoder's arithmetic, evaluations not counted).",
            duration(video_seconds(&pair, steps, rate)),
            duration(video_seconds(&pair[..1], steps, rate)),
            source.words(),
        )
    }

    /// The pace of the panel's runs as a rate (multiply-adds per second), once they trained a
    /// few steps.
    pub fn run_rate(&self) -> Option<f64> {
        let progress = self.progress()?;
        let work = self
            .runs
            .iter()
            .map(|run| crate::train::video::video_step_macs(&run.info.config))
            .sum();
        crate::ui::device_speed::run_rate(work, progress.step, progress.steps_per_second)
    }
}

/// What a step may use on `backend` (the CPU page's budget until a backend is known).
fn budget(backend: Option<BackendKind>) -> &'static MemoryBudget {
    match backend {
        Some(BackendKind::WebGpu) => &WEBGPU_BUDGET,
        _ => &CPU_PAGE_BUDGET,
    }
}

#[cfg(test)]
#[path = "training_state_tests.rs"]
mod tests;
