//! The GAN task's part of an experiment: its section of the config (`section`). The GAN's run
//! file is still `experiment/run_archive.rs`, which the contrastive run file shares parts of.

pub(in crate::experiment) mod section;
