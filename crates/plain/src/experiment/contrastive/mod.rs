//! The contrastive task's part of an experiment: its run file (`archive`), the config, every
//! encoder's numbers and weights in one zip.

pub mod archive;
