//! The contrastive task: MoCo-v2 with NDA views as extra negatives (Sinha et al., ICLR 2021,
//! Sec. 5). What it adds to the shared training code (`train/`: the
//! [`Run`](crate::train::Run) trait, the EMA, device images, errors):
//!
//! - [`trainer`]: one step of two positive views, `m` NDA views and the momentum key encoder;
//! - [`info_nce`]: InfoNCE with the NDA keys in each query's own denominator; `key_queue`: the
//!   queue of positive keys (NDA keys are never enqueued);
//! - `config`, `experiment`: the validated settings and a run's budget;
//! - `run`: a contrastive run, its `metrics` and `weights`; `eval`: the k-NN and linear-probe
//!   evaluation on held-out images; `task`: the task as every driver sees it (the shared
//!   `Experiment` and `Run` traits).

// Its config, budget and points are the plain crate's (`nda-plain`), at the same paths.
pub use nda_plain::train::contrastive::*;

pub(crate) mod eval;
pub mod info_nce;
pub(crate) mod key_queue;
pub(crate) mod run;
mod task;
pub mod trainer;
pub(crate) mod weights;

pub use trainer::{ContrastiveStats, ContrastiveTrace, ContrastiveTrainer};
