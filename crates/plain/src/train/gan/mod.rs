//! The GAN task's plain half: its config (NDA's α and β, the optimiser, `n_dis`), the experiment's
//! budget, the points a run reports and the plans of which noise to sample. The core's
//! `train::gan` adds the trainer, the loss and the run.

pub mod config;
pub mod experiment;
pub mod metrics;
pub mod sampling;
