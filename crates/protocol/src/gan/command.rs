//! What the page asks only of the GAN task's session (`Command::Gan`).

use serde::{Deserialize, Serialize};

use super::messages::GanControl;
use crate::looking_messages::LookSource;
use nda_plain::data::UploadFile;
use nda_plain::train::evaluation::EvaluationSettings;
use nda_plain::train::{GanExperiment, SampleRequest};

/// A request to the GAN session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum GanCommand {
    /// Start a session on the active dataset (replacing any session): the NDA run, and the
    /// baseline next to it when `experiment.compare_with_baseline`. `experiment.dataset` is
    /// ignored: the page trains on what the Data panel shows.
    Start {
        /// The settings.
        experiment: GanExperiment,
        /// When to evaluate its runs while they train (off: only on "Evaluate now").
        evaluation: EvaluationSettings,
    },
    /// Step the session, for teaching.
    Control(GanControl),
    /// Evaluate every run at its current iteration (sample quality and anomaly detection);
    /// training waits until the numbers are in.
    Evaluate {
        /// How much to evaluate.
        settings: EvaluationSettings,
    },
    /// "Score your image": D's score of one uploaded image under every run, ranked.
    ScoreImage {
        /// The file, decoded like an upload.
        file: UploadFile,
    },
    /// Slow motion: wait this many milliseconds after every iteration.
    Throttle {
        /// The wait, 0 to 2000.
        delay_millis: u32,
    },
    /// Show one image to every discriminator: scores and occlusion maps.
    Look {
        /// Which image.
        source: LookSource,
        /// Which one of its kind (training image or sample number).
        index: usize,
    },
    /// Draw a grid from run `run`'s EMA generator.
    Sample {
        /// Index of the run.
        run: usize,
        /// Which images.
        request: SampleRequest,
    },
}
