//! Step-based trainers. [`GanTrainer`] trains NDA-GAN (Sinha et al., ICLR 2021, Sec. 3-4): hinge
//! loss with NDA images as extra fakes ([`gan::loss`]), n_dis discriminator steps per generator
//! step, Adam, and a generator EMA ([`ema`]) for samples. Trainers return loss *tensors*; only the
//! driver reads them (asynchronously in the browser).
//!
//! Each task has its own folder, [`gan`] and [`contrastive`]; what they share has a neutral name
//! here ([`Run`], [`ema`], the host-drawn randomness, device images, errors, memory and cost).

pub mod calibration;
pub mod contrastive;
pub mod cost;
mod csv_cells;
mod device_images;
mod draws;
pub mod ema;
pub(crate) mod ema_schedule;
mod error;
pub mod evaluation;
pub mod gan;
pub mod host_weights;
mod last_good;
pub mod memory;
mod module_weights;
mod named_values;
mod run;
pub mod study;
pub mod teaching;
pub mod timeline;

pub use contrastive::config::{
    ContrastiveConfig, ContrastiveOptimizer, MAX_NDA_VIEWS, MAX_QUEUE_SIZE, strong_colour_views,
};
pub use contrastive::eval::{
    EvaluationSet, HELD_OUT_FRACTION, MAX_BANK_IMAGES, MAX_HELD_OUT_IMAGES, split_for_evaluation,
};
pub use contrastive::experiment::{ContrastiveExperiment, MAX_STEPS};
pub use contrastive::key_queue::KeyQueue;
pub use contrastive::metrics::{
    AccuracyPoint, ContrastivePoint, Evaluation, NUM_NEIGHBOURS, SIMILARITY_BINS,
};
pub use contrastive::run::ContrastiveRun;
pub use contrastive::weights::{read_contrastive_weights, restore_contrastive};
pub use contrastive::{ContrastiveStats, ContrastiveTrace, ContrastiveTrainer};
pub use csv_cells::csv_text;
pub use draws::{labels_tensor, latent};
pub use ema::{Ema, EmaConfig};
pub use error::TrainError;
pub use gan::config::GanConfig;
pub use gan::config::{NDA_ALPHA, NDA_BETA};
pub use gan::experiment::{GanExperiment, MAX_ITERATIONS};
pub use gan::inference::score_with;
pub use gan::loss::{DiscriminatorLoss, discriminator_loss, generator_loss};
pub use gan::metrics::{GanPoint, ScoreHistogram};
pub use gan::run::{GanRun, HISTOGRAM_BINS, StepCounters, check_dataset};
pub use gan::sampling::{
    MAX_NOISE_IMAGES, SamplePlan, SampleRequest, fixed_grid_size, fixed_noise_plan, noise_plan,
    plan_samples,
};
pub use gan::stats::{
    DiscriminatorStats, GeneratorStats, IterationStats, StepScores, read_floats, read_named,
};
pub use gan::trace::{DiscriminatorTrace, GeneratorTrace};
pub use gan::weights::{read_gan_weights, restore_gan};
pub use gan::{GanTrainer, RealBatch};
pub use named_values::{check_finite, find_named, need_named};
pub use run::{Experiment, Run};
pub use timeline::Timeline;
