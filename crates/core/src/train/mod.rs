//! Step-based trainers. [`GanTrainer`] trains NDA-GAN (Sinha et al., ICLR 2021, Sec. 3-4): hinge
//! loss with NDA images as extra fakes ([`gan_loss`]), n_dis discriminator steps per generator
//! step, Adam, and a generator EMA ([`ema`]) for samples. Trainers return loss *tensors*; only the
//! driver reads them (asynchronously in the browser).

pub mod calibration;
pub mod contrastive;
mod contrastive_config;
mod contrastive_eval;
mod contrastive_experiment;
mod contrastive_metrics;
mod contrastive_run;
mod contrastive_weights;
pub mod cost;
mod csv_cells;
mod device_images;
mod draws;
pub mod ema;
mod error;
pub mod evaluation;
pub mod gan;
mod gan_config;
mod gan_experiment;
mod gan_inference;
pub mod gan_loss;
mod gan_metrics;
mod gan_run;
pub mod gan_sampling;
mod gan_stats;
mod gan_trace;
pub mod host_weights;
pub mod info_nce;
mod key_queue;
mod last_good;
pub mod memory;
mod run;
pub mod study;
pub mod teaching;

pub use contrastive::{ContrastiveStats, ContrastiveTrace, ContrastiveTrainer};
pub use contrastive_config::{
    ContrastiveConfig, ContrastiveOptimizer, MAX_NDA_VIEWS, MAX_QUEUE_SIZE, strong_colour_views,
};
pub use contrastive_eval::{
    Evaluation, EvaluationSet, HELD_OUT_FRACTION, MAX_BANK_IMAGES, MAX_HELD_OUT_IMAGES,
    NUM_NEIGHBOURS, SIMILARITY_BINS, split_for_evaluation,
};
pub use contrastive_experiment::{ContrastiveExperiment, MAX_STEPS};
pub use contrastive_metrics::{AccuracyPoint, ContrastivePoint};
pub use contrastive_run::ContrastiveRun;
pub use contrastive_weights::{read_contrastive_weights, restore_contrastive};
pub use csv_cells::csv_text;
pub use draws::{labels_tensor, latent};
pub use ema::{Ema, EmaConfig};
pub use error::TrainError;
pub use gan::{GanTrainer, RealBatch};
pub use gan_config::GanConfig;
pub use gan_experiment::{GanExperiment, MAX_ITERATIONS};
pub use gan_inference::score_with;
pub use gan_loss::{DiscriminatorLoss, NDA_ALPHA, NDA_BETA, discriminator_loss, generator_loss};
pub use gan_metrics::{GanPoint, ScoreHistogram};
pub use gan_run::{GanRun, HISTOGRAM_BINS, StepCounters, check_dataset};
pub use gan_sampling::{
    MAX_NOISE_IMAGES, SamplePlan, SampleRequest, fixed_noise_plan, noise_plan, plan_samples,
};
pub use gan_stats::{
    DiscriminatorStats, GeneratorStats, IterationStats, StepScores, check_finite, read_floats,
    read_named,
};
pub use gan_trace::{DiscriminatorTrace, GeneratorTrace};
pub use key_queue::KeyQueue;
pub use run::Run;

#[cfg(test)]
mod gan_run_tests;
#[cfg(test)]
mod gan_tests;
