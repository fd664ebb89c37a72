//! The video task's plain half: the settings of a clip encoder trained by dense predictive coding
//! with NDA clips ([`config`]), the experiment's budget and data ([`experiment`]), and what a run
//! reports ([`metrics`]: a step's point, and the motion, appearance and anomaly measures of an
//! evaluation), what a step costs in memory and arithmetic ([`cost`]), and one step taken apart for
//! "Explain one step" ([`explained`]). The core's
//! `train::video` adds the encoder's trainer and its evaluation.

pub mod config;
pub mod cost;
pub mod experiment;
pub mod explained;
pub mod metrics;
pub mod study;

pub use config::{MAX_NDA_CLIPS, VideoConfig};
pub use cost::{check_video_fits, video_memory, video_seconds, video_step_macs};
pub use experiment::{OwnClips, VideoExperiment};
pub use explained::{CLIPS_SHOWN, ClipExplained, ClipNumbers, ExplainedVideoStep, explain_rows};
pub use metrics::{ANOMALY_KINDS, VideoEvaluation, VideoPoint};
pub use study::{VideoArm, VideoStudy, VideoStudyRun};
