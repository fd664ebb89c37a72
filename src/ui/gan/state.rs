//! The GAN panel's view-model: the settings form (refusing bad values with a reason), the
//! session's phase, every run's chart history, grids, timeline and histograms, the iteration the
//! timeline slider shows, and the progress readout (iterations/s, images/s, time left).

use crate::augment::GallerySettings;
use crate::experiment::Task;
use crate::model::ModelPreset;
use crate::train::timeline::frames_within;
use crate::train::{GanExperiment, GanPoint, Timeline};
use crate::ui::autosave::Autosave;
use crate::ui::run_views::{adopt_runs, runs_progress};
use crate::ui::session_progress::SessionProgress;
use nda_protocol::gan::messages::GanStatus;
use nda_protocol::session_messages::TrainingPhase;
use nda_protocol::{DatasetSummary, Event, GanEvent};

/// Most points kept per chart series; older points are thinned so long runs stay light.
pub const MAX_CHART_POINTS: usize = 400;
/// A running session is saved in the browser at most this often (ms); pausing, stopping and
/// finishing save at once.
pub use crate::ui::autosave::SAVE_EVERY_MILLIS;
pub use crate::ui::form_parse::MAX_PAGE_BATCH;

pub use super::run_view::RunView;

/// State of the GAN panel.
#[derive(Debug, Clone, PartialEq)]
pub struct GanState {
    /// The settings (the negatives are filled in from the weights at start).
    pub experiment: GanExperiment,
    /// Relative weight of each negative augmentation; 0 leaves it out.
    pub weights: [f64; 6],
    /// Train class-conditionally (when the dataset is labelled).
    pub conditional: bool,
    /// The last start (or the opened experiment) compares with the baseline.
    pub compare: bool,
    /// When the session is saved in the browser's saved runs, and under which key.
    pub saving: Autosave,
    /// Why the last edit was refused.
    pub form_error: Option<String>,
    /// The session, once started.
    pub status: Option<GanStatus>,
    /// Its runs.
    pub runs: Vec<RunView>,
    /// Slow-motion wait after each iteration.
    pub delay_millis: u32,
    /// Seed of the next requested grid.
    pub sample_seed: u64,
    /// The iteration the timeline slider shows; `None` follows the latest grid.
    pub scrub: Option<usize>,
    /// A command is on its way; a `Failed` event now belongs to this panel.
    pub awaiting: bool,
    /// The last refusal from the worker.
    pub error: Option<String>,
}

impl Default for GanState {
    fn default() -> Self {
        let mut experiment = GanExperiment {
            iterations: 500,
            sample_every: 10,
            ..GanExperiment::default()
        };
        experiment.gan.preset = ModelPreset::Tiny;
        Self {
            experiment,
            weights: [1.0, 0.0, 0.0, 0.0, 0.0, 0.0],
            conditional: false,
            compare: false,
            saving: Autosave::default(),
            form_error: None,
            status: None,
            runs: Vec::new(),
            delay_millis: 0,
            sample_seed: 1,
            scrub: None,
            awaiting: false,
            error: None,
        }
    }
}

impl GanState {
    /// The experiment the form describes, for `dataset` and with the augmentation panel's
    /// `gallery` settings of each negative.
    pub fn experiment_for(
        &self,
        gallery: &GallerySettings,
        dataset: Option<&DatasetSummary>,
    ) -> GanExperiment {
        let mut experiment = self.experiment.clone();
        experiment.gan.negatives = gallery.weighted_negatives(self.weights);
        if let Some(dataset) = dataset {
            experiment.gan.image_size = dataset.size;
            experiment.gan.num_classes = (self.conditional && dataset.class_names.len() >= 2)
                .then_some(dataset.class_names.len());
        }
        experiment
    }

    /// The worker crashed: a live session is shown as stopped, with what happened.
    pub fn worker_lost(&mut self, message: &str) {
        self.awaiting = false;
        if let Some(status) = self.status.as_mut() {
            crate::ui::lost_worker::stop_for_lost_worker(status, message);
        }
    }

    /// Folds a worker event into the state.
    pub fn apply(&mut self, event: &Event) {
        match event {
            Event::Gan(GanEvent::Status(status)) => {
                self.awaiting = false;
                self.error = None;
                match status {
                    Some(status) => self.adopt(status),
                    None => {
                        self.status = None;
                        self.saving.run_id = None;
                        self.runs.clear();
                        self.scrub = None;
                    }
                }
            }
            Event::Gan(GanEvent::Progress(progress)) => {
                self.awaiting = false;
                if let Some(run) = self.runs.get_mut(progress.run) {
                    run.training_millis = progress.training_millis;
                    push_thinned(&mut run.points, progress.point.clone());
                }
            }
            Event::Gan(GanEvent::Snapshot(snapshot)) => {
                if let Some(run) = self.runs.get_mut(snapshot.run) {
                    run.grid = Some((snapshot.iteration, snapshot.grid.clone()));
                    run.histogram = snapshot.histogram.clone();
                    if let Some(every) = snapshot.kept_every {
                        // The worker's rule, so both keep the same grids.
                        if run.timeline.is_empty() {
                            run.timeline = Timeline::every(every);
                        }
                        let max = frames_within(snapshot.grid.rgba.len());
                        run.timeline
                            .push(snapshot.iteration, snapshot.grid.clone(), max);
                    }
                }
            }
            Event::Gan(GanEvent::History(history)) => {
                if let Some(run) = self.runs.get_mut(history.run) {
                    run.points.clear();
                    for point in &history.points {
                        push_thinned(&mut run.points, point.clone());
                    }
                    run.timeline = history.timeline.clone();
                }
                // An imported run opens on its latest grid.
                self.scrub = None;
            }
            Event::Exported {
                task: Task::Gan, ..
            } => self.awaiting = false,
            Event::Gan(GanEvent::Samples(samples)) => {
                self.awaiting = false;
                if let Some(run) = self.runs.get_mut(samples.run) {
                    run.samples = Some((samples.request, samples.iteration, samples.grid.clone()));
                }
            }
            Event::Failed { message } if self.awaiting => {
                self.awaiting = false;
                self.error = Some(message.clone());
            }
            _ => {}
        }
    }

    /// The phase, if a session exists.
    pub fn phase(&self) -> Option<TrainingPhase> {
        self.status.as_ref().map(|status| status.phase)
    }

    /// Whether a teaching step can be taken now (a finished run can still be stepped on).
    pub fn can_step(&self) -> bool {
        matches!(
            self.phase(),
            Some(TrainingPhase::Running | TrainingPhase::Paused | TrainingPhase::Finished)
        )
    }

    /// Progress of the first run (all runs advance together).
    pub fn progress(&self) -> Option<SessionProgress> {
        runs_progress(&self.runs, self.status.as_ref()?.total_steps)
    }

    fn adopt(&mut self, status: &GanStatus) {
        if adopt_runs(&mut self.runs, &status.runs) {
            self.scrub = None;
        }
        self.status = Some(status.clone());
    }
}

/// Appends `point`, replacing the last one if it is of the same step (a repeated report), and
/// halves the history when it grows past [`MAX_CHART_POINTS`] (keeping the newest point).
fn push_thinned(points: &mut Vec<GanPoint>, point: GanPoint) {
    let same_step = points.last().is_some_and(|last| {
        (last.iteration, last.discriminator_steps) == (point.iteration, point.discriminator_steps)
    });
    if same_step {
        points.pop();
    }
    points.push(point);
    if points.len() > MAX_CHART_POINTS {
        let newest = points.pop();
        let kept: Vec<GanPoint> = points.iter().step_by(2).cloned().collect();
        *points = kept;
        points.extend(newest);
    }
}

impl GanState {
    /// Turns class conditioning on or off.
    pub fn set_conditional(&mut self, conditional: bool) {
        self.conditional = conditional;
    }
}

#[cfg(test)]
#[path = "state_tests.rs"]
mod tests;
