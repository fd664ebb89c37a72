//! The messages of "What D looks at": which image to look at, and each discriminator's score and
//! occlusion map of it (computed in `looking.rs`).

use serde::{Deserialize, Serialize};

use nda_plain::data::{RgbaMosaic, UploadFile};

/// Which image to look at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LookSource {
    /// Image `index` of the training set.
    Real,
    /// The same image, jigsawed (2×2, seeded by the index).
    Jigsaw,
    /// Sample `index` of the NDA run's EMA generator.
    Generated,
    /// A file the user dropped.
    File(UploadFile),
}

/// One discriminator's view of the image.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunLook {
    /// "NDA" or "Baseline".
    pub label: String,
    /// D's raw logit of the image.
    pub score: f32,
    /// How much more D's score moves when a 2×2 jigsaw's seams are hidden than on average.
    pub seam_concentration: Option<f64>,
    /// Where hiding a square moves D's score, on the scale shared by every run.
    pub heat: RgbaMosaic,
}

/// The answer to "what does D look at".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DLooked {
    /// What the image is, in words.
    pub what: String,
    /// The image as D sees it.
    pub image: RgbaMosaic,
    /// The iteration of the discriminators.
    pub iteration: usize,
    /// The score change that is white on every heat map.
    pub largest_change: f32,
    /// One view per run, NDA first.
    pub runs: Vec<RunLook>,
}
