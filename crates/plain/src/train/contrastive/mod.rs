//! The contrastive task's plain half: its config (views, NDA views, queue, temperature, optimiser),
//! the experiment's budget and the points a run reports. The core's `train::contrastive` adds the
//! trainer, InfoNCE with NDA keys, the key queue and the k-NN / linear-probe evaluation.

pub mod config;
pub mod experiment;
pub mod metrics;
