//! The commands the page sends the worker, one `Command` enum; the events it answers with are
//! in `event.rs`. What every task's session does (pause, resume, stop, reset, export, import,
//! continue after a fault) is one variant with the task in it (`Session`); what only one task does
//! is in that task's folder (`gan::command`, `contrastive::command`) behind one variant.

use super::backend_messages::BackendPreference;
use super::contrastive::command::ContrastiveCommand;
use super::evaluation_messages::StoredEvaluators;
use super::gan::command::GanCommand;
use super::session_messages::SessionCommand;
use super::video::command::VideoCommand;
use nda_plain::augment::GallerySettings;
use nda_plain::data::{BuiltinSpec, UploadFile};
use nda_plain::experiment::{ExperimentConfig, Task};
use serde::{Deserialize, Serialize};

/// A request from the page to the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Command {
    /// Choose (or re-choose) the compute backend. The worker answers with `BackendSelecting`, then
    /// `BackendReady`.
    SelectBackend {
        /// The user's choice.
        preference: BackendPreference,
    },
    /// Compute `sum(A · Aᵀ)` of the probe matrix on the current backend (see `probe.rs`, and the worker's `probe.rs` for its device half).
    RunProbe {
        /// Side of the square probe matrix, 1 to `probe::MAX_PROBE_SIZE`.
        size: usize,
    },
    /// Time a few iterations of a small GAN on the current backend (`train::calibration`); the
    /// worker answers with `Calibrated`.
    Calibrate,
    /// Generate a built-in dataset and make it the active one (uploads are kept).
    LoadBuiltin {
        /// Which set, its size, count and seed.
        spec: BuiltinSpec,
    },
    /// Decode uploaded files (images or zip archives) and add them to the uploaded dataset, which
    /// becomes the active one. Files that cannot be used are reported, never fatal.
    AddUploads {
        /// The files' names (with folders, which give labels) and bytes.
        files: Vec<UploadFile>,
        /// Side the images are cropped and resized to (32 or 64).
        size: usize,
    },
    /// Make the uploaded dataset the active one again.
    UseUploads,
    /// Forget every uploaded image.
    ClearUploads,
    /// Render the augmentation gallery from the active dataset.
    RenderGallery {
        /// Every augmentation's settings.
        settings: GallerySettings,
        /// How many real images to show (1 to `augment::MAX_GALLERY_IMAGES`).
        num_images: usize,
        /// Picks which real images are shown.
        image_seed: u64,
        /// Drives every augmentation's random choices ("re-roll" changes it).
        augment_seed: u64,
    },
    /// Run a study: its NDA/baseline pairs one after another, each evaluated at its end.
    StudyRun {
        /// The experiment with its study section.
        config: Box<ExperimentConfig>,
        /// Indices of the pairs already done (a page that reloaded midway).
        done: Vec<usize>,
    },
    /// Stop the running study (its finished pairs stay with the page).
    StudyStop,
    /// Evaluator files the page kept in the browser from earlier visits (sent once the worker
    /// is ready); they are read when an evaluation first needs them.
    OfferEvaluators {
        /// The files.
        files: Vec<StoredEvaluators>,
    },
    /// What every task's session does alike: pause, resume, stop, reset, export, import, continue
    /// after a fault.
    Session {
        /// Whose session.
        task: Task,
        /// What to do.
        command: SessionCommand,
    },
    /// A command only the GAN task has.
    Gan(GanCommand),
    /// A command only the contrastive task has.
    Contrastive(ContrastiveCommand),
    /// A command of the video task.
    Video(VideoCommand),
}
