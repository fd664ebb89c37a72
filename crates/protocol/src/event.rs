//! The worker's reports to the page: [`Event`] (the commands in are `command.rs`). As for the
//! commands, what every task's session reports alike carries the task, and what only one task
//! reports is in its folder (`gan::event`, `contrastive::event`).

use serde::{Deserialize, Serialize};

use super::backend_messages::{BackendInfo, BackendKind};
use super::contrastive::event::ContrastiveEvent;
use super::data_messages::{DatasetSummary, GalleryRowView, RejectedFile};
use super::evaluation_messages::{EvaluationProgress, StoredEvaluators};
use super::gan::event::GanEvent;
use super::study_messages::{StudyProgress, StudyUnitDone};
use super::video::event::VideoEvent;
use nda_plain::experiment::{ExperimentConfig, Task};

/// A report from the worker to the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Event {
    /// The worker's module is loaded and it listens for commands.
    Ready,
    /// The worker is acquiring a device or compiling its first kernels.
    BackendSelecting {
        /// What it is doing, for the badge (for example "preparing GPU kernels…").
        stage: String,
    },
    /// A backend is chosen and warmed up.
    BackendReady(BackendInfo),
    /// The answer to `RunProbe`.
    ProbeFinished {
        /// Side of the probe matrix.
        size: usize,
        /// `sum(A · Aᵀ)` as the device computed it.
        checksum: f64,
        /// Wall time of the computation and its read-back, in milliseconds.
        millis: f64,
        /// The backend that computed it.
        backend: BackendKind,
    },
    /// The answer to `Calibrate`.
    Calibrated {
        /// The backend that trained.
        backend: BackendKind,
        /// Seconds per iteration of `train::calibration::calibration_config()`.
        seconds_per_iteration: f64,
        /// Seconds per step of `train::calibration::contrastive_calibration_config()`.
        seconds_per_contrastive_step: f64,
    },
    /// The active dataset changed (generated, uploaded, switched or cleared).
    DatasetChanged(Option<DatasetSummary>),
    /// What became of an upload: how many images were added, which files were refused.
    UploadsProcessed {
        /// Images added to the uploaded dataset.
        accepted: usize,
        /// Files (or zip entries) that could not be used.
        rejected: Vec<RejectedFile>,
        /// Time to decode, in milliseconds.
        millis: f64,
    },
    /// The gallery's rows.
    GalleryRendered {
        /// Real, negative and positive rows, in order.
        rows: Vec<GalleryRowView>,
        /// The image seed they were made with.
        image_seed: u64,
        /// The augmentation seed they were made with.
        augment_seed: u64,
    },
    /// An exported run file of `task`, ready to download or keep.
    Exported {
        /// Whose session.
        task: Task,
        /// Suggested file name.
        file_name: String,
        /// For the browser's saved runs (true) or a download (false).
        save: bool,
        /// Iterations or steps of the exported session.
        step: usize,
        /// The zip.
        #[serde(with = "serde_bytes")]
        bytes: Vec<u8>,
    },
    /// A run file of `task` was imported: the page shows its settings.
    Imported {
        /// Whose run file.
        task: Task,
        /// Its settings.
        config: Box<ExperimentConfig>,
    },
    /// Where a running evaluation is.
    EvaluationProgress(EvaluationProgress),
    /// Evaluators were trained: the page keeps their file so a later visit skips the training.
    EvaluatorsTrained(StoredEvaluators),
    /// Where a running study is.
    StudyProgress(StudyProgress),
    /// A pair of the study is done (or failed).
    StudyUnitDone(StudyUnitDone),
    /// The study ended: every pair done (`finished`) or stopped.
    StudyEnded {
        /// Every pair is done.
        finished: bool,
    },
    /// A report only the GAN task makes.
    Gan(GanEvent),
    /// A report only the contrastive task makes.
    Contrastive(ContrastiveEvent),
    /// A report of the video task's session.
    Video(VideoEvent),
    /// A command failed; the worker keeps running and keeps its state.
    Failed {
        /// What went wrong, in words a person can act on.
        message: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{BackendPreference, Command, ContrastiveEvent};

    #[test]
    fn commands_and_events_round_trip_through_json() {
        let commands = [
            Command::SelectBackend {
                preference: BackendPreference::Cpu,
            },
            Command::RunProbe { size: 64 },
            Command::Calibrate,
            Command::Session {
                task: Task::Contrastive,
                command: crate::SessionCommand::ContinueOnCurrentBackend,
            },
            Command::Gan(crate::GanCommand::Throttle { delay_millis: 5 }),
        ];
        for command in commands {
            let text = serde_json::to_string(&command).expect("serialises");
            assert_eq!(
                serde_json::from_str::<Command>(&text).expect("parses"),
                command
            );
        }
        let event = Event::BackendReady(BackendInfo {
            kind: BackendKind::Cpu,
            adapter: "flex".into(),
            webgpu_unavailable_because: Some("navigator.gpu is missing".into()),
        });
        let text = serde_json::to_string(&event).expect("serialises");
        assert_eq!(serde_json::from_str::<Event>(&text).expect("parses"), event);
        let calibrated = Event::Calibrated {
            backend: BackendKind::WebGpu,
            seconds_per_iteration: 0.25,
            seconds_per_contrastive_step: 0.125,
        };
        let text = serde_json::to_string(&calibrated).expect("serialises");
        assert_eq!(
            serde_json::from_str::<Event>(&text).expect("parses"),
            calibrated
        );
        let reset = Event::Contrastive(ContrastiveEvent::Status(None));
        let text = serde_json::to_string(&reset).expect("serialises");
        assert_eq!(serde_json::from_str::<Event>(&text).expect("parses"), reset);
    }
}
