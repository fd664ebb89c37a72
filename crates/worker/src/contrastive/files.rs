//! A contrastive session as a run file and back: its encoders' weights (query, key and queue)
//! with every reported point, accuracy, the last map and the map at every evaluation ([`ContrastiveArchive`]); an imported
//! session is paused at the file's step, and its history goes to the page in one event per run.

use burn::tensor::Device;
use nda_protocol::{ContrastiveEvent, Event};

use crate::contrastive::session::ContrastiveSession;
use nda_core::data::ImageSet;
use nda_core::eval::Projection2d;
use nda_core::experiment::{
    ArchivedEncoder, ContrastiveArchive, ExperimentConfig, RUN_LABELS, Task,
};
use nda_core::train::timeline::MAX_FRAMES;
use nda_core::train::{Timeline, TrainError};
use nda_protocol::contrastive::messages::ContrastiveHistory;

impl ContrastiveSession {
    /// The session as a run file; `config` is the page's settings, whose contrastive section
    /// becomes the one the session trains with (the form may have changed since Start).
    pub async fn export(&self, config: &ExperimentConfig) -> Result<Vec<u8>, String> {
        let mut runs = Vec::with_capacity(self.core.runs.len());
        for (((_, run), label), history) in self.core.runs.iter().zip(RUN_LABELS).zip(&self.history)
        {
            let weights = run
                .read_host_weights()
                .await
                .map_err(|error| error.to_string())?;
            runs.push(ArchivedEncoder {
                label: label.to_string(),
                points: history.points.clone(),
                accuracy: history.accuracy.clone(),
                map_csv: history.map_csv.clone(),
                maps: history.maps.clone(),
                weights,
            });
        }
        let mut config = config.clone();
        config.task = Task::Contrastive;
        if let Some((info, _)) = self.core.runs.first() {
            config.contrastive.config = info.config.clone();
        }
        config.contrastive.steps = self.core.total_steps;
        config.contrastive.evaluate_every = self.evaluate_every;
        config.contrastive.compare_with_baseline = self.core.runs.len() == 2;
        ContrastiveArchive { config, runs }
            .to_zip()
            .map_err(|error| error.to_string())
    }

    /// A paused session from a run file: the same settings, the file's weights and history, on
    /// `set` and the autodiff `device` (finished when the file reached its last step).
    pub fn import(
        archive: &ContrastiveArchive,
        set: &ImageSet,
        device: &Device,
        keep_host_copies: bool,
    ) -> Result<Self, TrainError> {
        let experiment = archive.config.contrastive_experiment();
        let mut session = Self::start(&experiment, set, device, keep_host_copies)?;
        let weights = archive.runs.iter().map(|archived| &archived.weights);
        session.core.restore(weights, set, device)?;
        let held_out = session
            .core
            .runs
            .first()
            .map_or(0, |(_, run)| run.evaluation_set().held_out.labels().len());
        for (history, archived) in session.history.iter_mut().zip(&archive.runs) {
            history.points.clone_from(&archived.points);
            history.accuracy.clone_from(&archived.accuracy);
            history.map_csv.clone_from(&archived.map_csv);
            history.maps = maps_of(&archived.maps, held_out, experiment.evaluate_every);
        }
        Ok(session)
    }

    /// Each run's whole history, for a page that opened a run file.
    pub fn history_events(&self) -> Vec<Event> {
        self.history
            .iter()
            .enumerate()
            .map(|(run, history)| {
                Event::Contrastive(ContrastiveEvent::History(ContrastiveHistory {
                    run,
                    points: history.points.clone(),
                    accuracy: history.accuracy.clone(),
                    maps: history.maps.clone(),
                }))
            })
            .collect()
    }
}

/// The maps of a file that the page can draw: one finite point per held-out image of this
/// session (a file may come from anyone, and the page draws a circle per point).
fn maps_of(
    maps: &Timeline<Projection2d>,
    held_out: usize,
    evaluate_every: usize,
) -> Timeline<Projection2d> {
    let frames = maps
        .frames()
        .iter()
        .filter(|(_, map)| {
            map.points.len() == held_out
                && map.points.iter().flatten().all(|value| value.is_finite())
        })
        .cloned()
        .collect();
    Timeline::from_frames(frames, evaluate_every, MAX_FRAMES)
}
