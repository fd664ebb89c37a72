//! The trainers' plain half: what a run is asked to do and what it reports, as host values. Each
//! task's config and experiment budget ([`gan`], [`contrastive`]) and their points; the sampling
//! plans; the EMA's schedule; errors; the host copy of a run's weights and values read back by
//! name; what a step costs in memory and arithmetic; a run's [`Timeline`]; the evaluation's
//! settings, corruptions, rankings and reports; studies' settings and tables; an explained step as
//! numbers. The core's `train` re-exports all of it and adds the trainers.

pub mod contrastive;
pub mod cost;
mod csv_cells;
pub mod ema_schedule;
mod error;
pub mod evaluation;
pub mod gan;
pub mod host_weights;
pub mod memory;
pub mod named_values;
pub mod run_budget;
pub mod study;
pub mod teaching;
pub mod timeline;
pub mod video;

pub use contrastive::config::{
    ContrastiveConfig, ContrastiveOptimizer, MAX_NDA_VIEWS, MAX_QUEUE_SIZE, strong_colour_views,
};
pub use contrastive::experiment::{ContrastiveExperiment, MAX_STEPS};
pub use contrastive::metrics::{
    AccuracyPoint, ContrastivePoint, Evaluation, NUM_NEIGHBOURS, SIMILARITY_BINS,
};
pub use csv_cells::csv_text;
pub use ema_schedule::EmaConfig;
pub use error::TrainError;
pub use gan::config::GanConfig;
pub use gan::config::{NDA_ALPHA, NDA_BETA};
pub use gan::experiment::{GanExperiment, MAX_ITERATIONS};
pub use gan::metrics::{GanPoint, ScoreHistogram};
pub use gan::sampling::{
    MAX_NOISE_IMAGES, SamplePlan, SampleRequest, fixed_grid_size, fixed_noise_plan, noise_plan,
    plan_samples,
};
pub use named_values::{all_finite, check_finite, find_named, need_named};
pub use timeline::Timeline;
