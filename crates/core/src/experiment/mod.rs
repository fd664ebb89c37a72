//! Shareable, reproducible experiments: the plain crate's versioned [`ExperimentConfig`], share
//! links, presets and run files (`nda-plain`'s `experiment`, re-exported at the same paths), and
//! what needs the tensors: reading a trained GAN run into its run file (`gan::read_run`).

// The config, links, presets, studies' plans and run files are the plain crate's (`nda-plain`), at
// the same paths; reading a trained run into its file needs the tensors, and is here.
pub use nda_plain::experiment::*;

pub mod gan;

pub use gan::read_run::read_archived_run;
