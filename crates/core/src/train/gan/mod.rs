//! The GAN task: NDA-GAN (Sinha et al., ICLR 2021, Sec. 3-4). What it adds to the shared
//! training code (`train/`: the [`Run`](crate::train::Run) trait, the EMA, the host-drawn
//! randomness, device images, errors):
//!
//! - [`trainer`]: per iteration `n_dis` discriminator steps with NDA images as extra fakes, then
//!   one generator step, Adam on both, the generator EMA for samples;
//! - [`loss`]: the hinge loss with the NDA term (α, β);
//! - `config`, `experiment`: the validated model and training settings, and a run's budget;
//! - `run`: a GAN run (step, asynchronous point, host copy of the weights), its `metrics`,
//!   `stats` and `trace`;
//! - [`sampling`]: fixed and fresh noise, sample plans; `inference`: scoring images with D;
//! - `weights`: the host copy of a trainer's weights;
//! - `task`: the task as every driver sees it (the shared `Experiment` and `Run` traits).

// Its config, budget, points and sampling plans are the plain crate's (`nda-plain`), at the same
// paths.
pub use nda_plain::train::gan::*;

pub(crate) mod inference;
pub mod loss;
pub(crate) mod run;
pub(crate) mod stats;
mod task;
pub(crate) mod trace;
pub mod trainer;
pub(crate) mod weights;

pub use trainer::{GanTrainer, RealBatch};

#[cfg(test)]
mod run_tests;
#[cfg(test)]
mod tests;
