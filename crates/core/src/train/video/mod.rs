//! The video task: a clip encoder trained by dense predictive coding with NDA clips as extra
//! negatives of their own clip (Sinha et al., ICLR 2021, Sec. 5, whose base for video is CPC).
//! What it adds to the shared training code:
//!
//! - [`trainer`]: one step of predictions from the first blocks, targets from the last, and the
//!   NDA clips' blocks in each clip's own denominator;
//! - [`predictive_nce`]: that InfoNCE loss; [`clip_batch`]: clips and their NDA clips as tensors;
//! - [`capture`]: a step kept for "Explain one step";
//! - [`eval`]: motion probes, the appearance-only control and anomaly AUROCs; [`run`]: a run as a
//!   driver steps it; [`data`]: its clips and evaluation set; [`task`]: the shared `Run` and
//!   `Experiment` traits;
//!   [`weights`]: its weights on the host and the tensors an interop check reads;
//! - `config`, `experiment`, `metrics`: the plain crate's settings, budget and reports.

// Its config, budget and points are the plain crate's (`nda-plain`), at the same paths.
pub use nda_plain::train::video::*;

pub mod capture;
pub mod clip_batch;
pub mod data;
pub mod eval;
pub mod predictive_nce;
pub mod run;
pub mod task;
pub mod trainer;
pub mod weights;

pub use capture::VideoCapture;
pub use data::VideoData;
pub use eval::{HELD_OUT_CLIPS, MAX_BANK_CLIPS, VideoEvaluationSet};
pub use run::VideoRun;
pub use trainer::{VideoStats, VideoTrainer};
pub use weights::{check_tensors, read_video_weights, restore_video};

#[cfg(test)]
mod capture_tests;
#[cfg(test)]
mod supervised_tests;
