//! Step-based trainers. [`GanTrainer`] trains NDA-GAN (Sinha et al., ICLR 2021, Sec. 3-4): hinge
//! loss with NDA images as extra fakes ([`gan::loss`]), n_dis discriminator steps per generator
//! step, Adam, and a generator EMA ([`ema`]) for samples. Trainers return loss *tensors*; only the
//! driver reads them (asynchronously in the browser).
//!
//! Each task has its own folder, [`gan`] and [`contrastive`]; what they share has a neutral name
//! here ([`Run`], [`ema`], the host-drawn randomness, device images, errors, memory and cost).

// The settings, budgets, points, plans and reports are the plain crate's (`nda-plain`), at the same
// paths (`train::gan::config`, `train::study`, ..); the trainers and what reads tensors are here.
pub use nda_plain::train::*;

pub mod calibration;
pub mod contrastive;
mod device_images;
mod draws;
pub mod ema;
pub mod evaluation;
pub mod gan;
mod last_good;
mod module_weights;
pub mod nce;
mod run;
pub mod teaching;
pub mod video;

pub use contrastive::eval::{
    EvaluationSet, HELD_OUT_FRACTION, MAX_BANK_IMAGES, MAX_HELD_OUT_IMAGES, split_for_evaluation,
};
pub use contrastive::key_queue::KeyQueue;
pub use contrastive::run::ContrastiveRun;
pub use contrastive::weights::{read_contrastive_weights, restore_contrastive};
pub use contrastive::{ContrastiveStats, ContrastiveTrace, ContrastiveTrainer};
pub use draws::{labels_tensor, latent};
pub use ema::Ema;
pub use gan::inference::score_with;
pub use gan::loss::{DiscriminatorLoss, discriminator_loss, generator_loss};
pub use gan::run::{GanRun, HISTOGRAM_BINS, StepCounters, check_dataset};
pub use gan::stats::{
    DiscriminatorStats, GeneratorStats, IterationStats, StepScores, read_floats, read_named,
};
pub use gan::trace::{DiscriminatorTrace, GeneratorTrace};
pub use gan::weights::{read_gan_weights, restore_gan};
pub use gan::{GanTrainer, RealBatch};
pub use run::{Experiment, Run};
