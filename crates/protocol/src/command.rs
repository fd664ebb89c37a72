//! The commands the page sends the worker, one `Command` enum; the
//! events it answers with are in `event.rs`.

use super::backend_messages::BackendPreference;
use super::contrastive::messages::ContrastiveControl;
use super::evaluation_messages::StoredEvaluators;
use super::gan::messages::GanControl;
use super::looking_messages::LookSource;
use nda_plain::augment::GallerySettings;
use nda_plain::data::{BuiltinSpec, UploadFile};
use nda_plain::experiment::ExperimentConfig;
use nda_plain::train::evaluation::EvaluationSettings;
use nda_plain::train::{ContrastiveExperiment, GanExperiment, SampleRequest};
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
    /// Start a GAN session on the active dataset (replacing any session): the NDA run, and the
    /// baseline next to it when `experiment.compare_with_baseline`. `experiment.dataset` is
    /// ignored: the page trains on what the Data panel shows.
    GanStart {
        /// The settings.
        experiment: GanExperiment,
        /// When to evaluate its runs while they train (off: only on "Evaluate now").
        evaluation: EvaluationSettings,
    },
    /// Evaluate every run of the GAN session at its current iteration (sample quality and
    /// anomaly detection); training waits until the numbers are in.
    GanEvaluate {
        /// How much to evaluate.
        settings: EvaluationSettings,
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
    /// "Score your image": D's score of one uploaded image under every run, ranked.
    GanScoreImage {
        /// The file, decoded like an upload.
        file: UploadFile,
    },
    /// Pause, resume, stop, reset or step the session.
    GanControl(GanControl),
    /// After a GPU fault: continue the session on the current (CPU) backend from the host copy
    /// of its weights. The page sends `SelectBackend { Cpu }` first.
    GanContinueOnCurrentBackend,
    /// Slow motion: wait this many milliseconds after every iteration.
    GanThrottle {
        /// The wait, 0 to 2000.
        delay_millis: u32,
    },
    /// Export the session as a run file; `config` is the page's settings.
    GanExport {
        /// The settings to store.
        config: Box<ExperimentConfig>,
        /// For the browser's saved runs (true) or a download (false).
        save: bool,
    },
    /// Open a run file: load its built-in data set (or check the uploads) and restore its runs,
    /// paused.
    GanImport {
        /// The zip file's bytes.
        #[serde(with = "serde_bytes")]
        bytes: Vec<u8>,
    },
    /// Export the contrastive session as a run file; `config` is the page's settings.
    ContrastiveExport {
        /// The settings to store.
        config: Box<ExperimentConfig>,
        /// For the browser's saved runs (true) or a download (false).
        save: bool,
    },
    /// Open a contrastive run file: load its built-in data set (or check the uploads) and
    /// restore its encoders, paused.
    ContrastiveImport {
        /// The zip file's bytes.
        #[serde(with = "serde_bytes")]
        bytes: Vec<u8>,
    },
    /// Start a contrastive session on the active dataset (replacing any): the NDA run, and the
    /// baseline (`m = 0`) next to it when `experiment.compare_with_baseline`.
    ContrastiveStart {
        /// The settings.
        experiment: ContrastiveExperiment,
    },
    /// Pause, resume, stop, reset, step or evaluate the contrastive session.
    ContrastiveControl(ContrastiveControl),
    /// After a GPU fault: continue the contrastive session on the current (CPU) backend.
    ContrastiveContinueOnCurrentBackend,
    /// Show one image to every discriminator of the GAN session: scores and occlusion maps.
    GanLook {
        /// Which image.
        source: LookSource,
        /// Which one of its kind (training image or sample number).
        index: usize,
    },
    /// Evaluator files the page kept in the browser from earlier visits (sent once the worker
    /// is ready); they are read when an evaluation first needs them.
    OfferEvaluators {
        /// The files.
        files: Vec<StoredEvaluators>,
    },
    /// Measure anomaly detection by the contrastive session's encoders now (training waits).
    ContrastiveAnomaly {
        /// Images per set.
        anomaly_images: usize,
    },
    /// Draw a grid from run `run`'s EMA generator.
    GanSample {
        /// Index of the run.
        run: usize,
        /// Which images.
        request: SampleRequest,
    },
}
