//! The GAN task's part of an experiment: its section of the config (`section`) and its run file
//! (`archive`: the config, each run's metrics, fixed-noise grid and weights in one zip; the core's
//! `read_run` reads a trained run into it).

pub mod archive;
pub mod section;
