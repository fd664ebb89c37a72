//! Shareable, reproducible experiments: one versioned [`ExperimentConfig`] that describes a run
//! completely, the share link that carries it (with the open panel and the controls a teacher
//! hides) in the URL fragment, and the one-click presets.
//!
//! Everything here is plain data and pure functions: the page reads and writes the fragment, the
//! CLI reads files, and both go through [`parse_config`] and [`decode_link`], which refuse
//! anything malformed with a message a person can act on.

mod config;
mod error;
mod lessons;
mod link;
mod migrate;
mod presets;
mod run_labels;
mod study_checkpoints;
mod study_plan;
mod study_report;
mod zip_file;

pub use config::{
    CONFIG_VERSION, DatasetChoice, DevicePreference, ExperimentConfig, GalleryChoice, Task,
};
pub use contrastive::archive::{ArchivedEncoder, ContrastiveArchive};
pub use error::ConfigError;
pub use gan::archive::{ArchivedRun, RunArchive};
pub use gan::section::GanSection;
pub use lessons::lessons;
pub use link::{
    HiddenControl, LINK_PREFIX, LessonText, MAX_LESSON_CHARS, MAX_LINK_CHARS, OpenPanel,
    SharedPage, decode_link, encode_link,
};
pub use migrate::parse_config;
pub use presets::{Preset, presets};
pub use run_labels::RUN_LABELS;
pub use study_checkpoints::{
    Checkpoint, STRUCTURE, checkpoint_csv, checkpoint_markdown, checkpoint_metrics,
};
pub use study_plan::{DEFAULT_ARM, StudyUnit};
pub use study_report::markdown as study_markdown;
pub use video::archive::{ArchivedClipEncoder, VideoArchive};
pub use zip_file::MAX_ARCHIVE_BYTES;

#[cfg(test)]
mod link_tests;

pub mod gan;

pub mod contrastive;

pub mod video;
