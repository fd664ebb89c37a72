//! Opening a video run file in the worker: the session it describes, its encoders restored from
//! the file's weights (paused, or finished when trained to the end), and its history for the
//! page's charts and table.

use burn::tensor::Device;
use nda_protocol::video::messages::VideoHistory;
use nda_protocol::{Event, VideoEvent};

use crate::video::session::VideoSession;
use nda_core::experiment::VideoArchive;
use nda_core::train::TrainError;
use nda_core::train::video::VideoData;

impl VideoSession {
    /// The session of `archive` on `data` (its experiment's clips) and the autodiff `device`.
    pub fn import(
        archive: &VideoArchive,
        data: &VideoData,
        device: &Device,
        keep_host_copies: bool,
    ) -> Result<Self, TrainError> {
        let mut session = Self::start(&archive.experiment, data, device, keep_host_copies)?;
        if archive.runs.len() != session.core.runs.len() {
            return Err(TrainError::Dataset(format!(
                "its settings train {} encoders but it holds {}",
                session.core.runs.len(),
                archive.runs.len()
            )));
        }
        let weights = archive.runs.iter().map(|archived| &archived.weights);
        session.core.restore(weights, data, device)?;
        for (history, archived) in session.history.iter_mut().zip(&archive.runs) {
            history.points.clone_from(&archived.points);
            history.evaluations.clone_from(&archived.evaluations);
        }
        // The file's evaluations stand: the next step need not measure the encoders again.
        session.evaluated = true;
        Ok(session)
    }

    /// Each run's whole history, for a page that opened a run file.
    pub fn history_events(&self) -> Vec<Event> {
        self.history
            .iter()
            .enumerate()
            .map(|(run, history)| {
                Event::Video(VideoEvent::History(VideoHistory {
                    run,
                    points: history.points.clone(),
                    evaluations: history.evaluations.clone(),
                }))
            })
            .collect()
    }
}
