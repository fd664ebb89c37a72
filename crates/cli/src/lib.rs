//! Native drivers of the core: the `nda-lab` command line trains the same runs as the page,
//! headless, and writes what the page would show to files (PNG grids, CSV metrics).
//!
//! Drivers own the clock, the file system and the terminal; the core never touches them.

pub mod cli;
pub mod contrastive;
pub mod data_files;
pub mod driver;
pub mod evaluate;
pub mod evaluator_cache;
pub mod gan;
mod memory;
pub mod plot_png;
pub mod sample;
pub mod study;
mod study_jobs;
mod study_lock;
mod study_output;
mod study_pairs;
mod study_shards;
mod timeline_gif;
pub mod validate_metrics;
pub mod validate_metrics_cli;
pub mod validate_metrics_generators;
pub mod video;

pub mod bench;
