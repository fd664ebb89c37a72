//! The video task's plain half: the settings of a clip encoder trained by dense predictive coding
//! with NDA clips ([`config`]), the experiment's budget and data ([`experiment`]), and what a run
//! reports ([`metrics`]: a step's point, and the motion, appearance and anomaly measures of an
//! evaluation). The core's `train::video` adds the encoder's trainer and its evaluation.

pub mod config;
pub mod experiment;
pub mod metrics;
pub mod study;

pub use config::{MAX_NDA_CLIPS, VideoConfig};
pub use experiment::VideoExperiment;
pub use metrics::{ANOMALY_KINDS, VideoEvaluation, VideoPoint};
pub use study::{VideoArm, VideoStudy, VideoStudyRun};
