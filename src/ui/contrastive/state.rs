//! The Contrastive panel's view-model: the settings form (refusing bad values with a reason; what
//! its buttons ask of the worker is `requests.rs`), the session's phase, each run's loss and accuracy history, latest evaluation and map timeline
//! (with the step its slider shows), the held-out
//! thumbnails, which image is hovered and which one retrieval shows, and the progress readout.

use crate::eval::Projection2d;
use crate::experiment::Task;
use crate::model::ModelPreset;
use crate::train::timeline::MAX_FRAMES;
use crate::train::{AccuracyPoint, ContrastiveExperiment, ContrastivePoint, Evaluation, Timeline};
use crate::ui::autosave::Autosave;
use crate::ui::run_views::{RunView, adopt_runs, can_step_until_finished, runs_progress};
use crate::ui::session_progress::SessionProgress;
use nda_protocol::contrastive::messages::{ContrastiveRunInfo, ContrastiveStatus, HeldOutImages};
use nda_protocol::session_messages::TrainingPhase;
use nda_protocol::{ContrastiveEvent, Event};

/// Most loss points kept per run; older ones are thinned.
const MAX_POINTS: usize = 400;

/// One run as the panel shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ContrastiveRunView {
    /// Label and settings.
    pub info: ContrastiveRunInfo,
    /// Loss and similarity history.
    pub points: Vec<ContrastivePoint>,
    /// Accuracy history, one point per evaluation.
    pub accuracy: Vec<AccuracyPoint>,
    /// The latest evaluation (map, neighbours, histogram).
    pub evaluation: Option<Evaluation>,
    /// The held-out map at every evaluation, as the worker keeps it.
    pub maps: Timeline<Projection2d>,
    /// Training time so far.
    pub training_millis: f64,
}

impl RunView for ContrastiveRunView {
    type Info = ContrastiveRunInfo;

    fn info(&self) -> &ContrastiveRunInfo {
        &self.info
    }

    fn fresh(info: &ContrastiveRunInfo) -> Self {
        Self {
            info: info.clone(),
            points: Vec::new(),
            accuracy: Vec::new(),
            evaluation: None,
            maps: Timeline::default(),
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

/// State of the Contrastive panel.
#[derive(Debug, Clone, PartialEq)]
pub struct ContrastiveState {
    /// The settings (negatives and positive views are filled in at start).
    pub experiment: ContrastiveExperiment,
    /// Relative weight of each negative augmentation; 0 leaves it out.
    pub weights: [f64; 6],
    /// Why the last edit was refused.
    pub form_error: Option<String>,
    /// The session, once started.
    pub status: Option<ContrastiveStatus>,
    /// Its runs.
    pub runs: Vec<ContrastiveRunView>,
    /// The held-out images of the session.
    pub held_out: Option<HeldOutImages>,
    /// The held-out image under the pointer on a map.
    pub hovered: Option<usize>,
    /// The held-out image whose neighbours retrieval shows, and from which run.
    pub selected: Option<(usize, usize)>,
    /// The step the timeline slider shows; `None` follows the latest evaluation.
    pub scrub: Option<usize>,
    /// A command is on its way; a `Failed` event now belongs to this panel.
    pub awaiting: bool,
    /// The last refusal from the worker.
    pub error: Option<String>,
    /// When the session is saved in the browser's saved runs, and under which key.
    pub saving: Autosave,
}

impl Default for ContrastiveState {
    fn default() -> Self {
        let mut experiment = ContrastiveExperiment {
            steps: 300,
            evaluate_every: 50,
            ..ContrastiveExperiment::default()
        };
        experiment.config.preset = ModelPreset::Tiny;
        Self {
            experiment,
            weights: [1.0, 0.0, 0.0, 0.0, 0.0, 0.0],
            form_error: None,
            status: None,
            runs: Vec::new(),
            held_out: None,
            hovered: None,
            selected: None,
            scrub: None,
            awaiting: false,
            error: None,
            saving: Autosave::default(),
        }
    }
}

impl ContrastiveState {
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
            Event::Contrastive(event) => self.apply_own(event),
            Event::Exported {
                task: Task::Contrastive,
                ..
            } => self.awaiting = false,
            Event::Failed { message } if self.awaiting => {
                self.awaiting = false;
                self.error = Some(message.clone());
            }
            _ => {}
        }
    }

    /// Folds a report of the contrastive session into the state.
    fn apply_own(&mut self, event: &ContrastiveEvent) {
        match event {
            ContrastiveEvent::Status(status) => {
                self.awaiting = false;
                self.error = None;
                match status {
                    Some(status) => self.adopt(status),
                    None => {
                        *self = Self {
                            experiment: self.experiment.clone(),
                            weights: self.weights,
                            ..Self::default()
                        }
                    }
                }
            }
            ContrastiveEvent::HeldOut(held_out) => self.held_out = Some(held_out.clone()),
            ContrastiveEvent::Progress(progress) => {
                self.awaiting = false;
                if let Some(run) = self.runs.get_mut(progress.run) {
                    run.training_millis = progress.training_millis;
                    run.points.retain(|point| point.step != progress.point.step);
                    run.points.push(progress.point.clone());
                    thin(&mut run.points);
                }
            }
            ContrastiveEvent::History(history) => {
                if let Some(run) = self.runs.get_mut(history.run) {
                    run.points.clone_from(&history.points);
                    thin(&mut run.points);
                    run.accuracy.clone_from(&history.accuracy);
                    run.maps.clone_from(&history.maps);
                }
                // An imported run opens on its latest map.
                self.scrub = None;
            }
            ContrastiveEvent::Evaluated(evaluated) => {
                self.awaiting = false;
                if let Some(run) = self.runs.get_mut(evaluated.run) {
                    let evaluation = &evaluated.evaluation;
                    run.accuracy.retain(|point| point.step != evaluation.step);
                    run.accuracy.push(AccuracyPoint {
                        step: evaluation.step,
                        knn: evaluation.knn_accuracy,
                        linear: evaluation.linear_accuracy,
                    });
                    // The worker's rule, so both keep the same maps.
                    if run.maps.is_empty() {
                        run.maps = Timeline::every(evaluated.evaluate_every);
                    }
                    run.maps
                        .push(evaluation.step, evaluation.map.clone(), MAX_FRAMES);
                    run.evaluation = Some(evaluation.clone());
                }
            }
            ContrastiveEvent::Explained(_) | ContrastiveEvent::AnomalyMeasured(_) => {}
        }
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

    /// The held-out images nearest to the selected one in its run's latest evaluation, with
    /// their cosine similarity, best first.
    pub fn retrieval(&self) -> Option<(usize, Vec<(usize, f32)>)> {
        let (run, query) = self.selected?;
        let evaluation = self.runs.get(run)?.evaluation.as_ref()?;
        Some((query, evaluation.neighbours.get(query)?.clone()))
    }

    fn adopt(&mut self, status: &ContrastiveStatus) {
        if adopt_runs(&mut self.runs, &status.runs) {
            self.scrub = None;
        }
        self.status = Some(status.clone());
    }
}

/// Halves `points` (every other one) until at most `MAX_POINTS` are left.
fn thin(points: &mut Vec<ContrastivePoint>) {
    while points.len() > MAX_POINTS {
        *points = points.iter().step_by(2).cloned().collect();
    }
}

#[cfg(test)]
#[path = "state_tests.rs"]
mod tests;
