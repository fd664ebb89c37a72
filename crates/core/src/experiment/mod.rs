//! Shareable, reproducible experiments: one versioned [`ExperimentConfig`] that describes a run
//! completely, the share link that carries it (with the open panel and the controls a teacher
//! hides) in the URL fragment, and the one-click presets.
//!
//! Everything here is plain data and pure functions: the page reads and writes the fragment, the
//! CLI reads files, and both go through [`parse_config`] and [`decode_link`], which refuse
//! anything malformed with a message a person can act on.

// The config, links, presets, studies' plans and run files are the plain crate's (`nda-plain`), at
// the same paths; reading a trained run into its file needs the tensors, and is here.
pub use nda_plain::experiment::*;

pub mod gan;

pub use gan::read_run::read_archived_run;
