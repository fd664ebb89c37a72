//! Step-based trainers. [`GanTrainer`] trains NDA-GAN (Sinha et al., ICLR 2021, Sec. 3-4): hinge
//! loss with NDA images as extra fakes ([`gan_loss`]), n_dis discriminator steps per generator
//! step, Adam, and a generator EMA ([`ema`]) for samples. Trainers return loss *tensors*; only the
//! driver reads them (asynchronously in the browser).

pub mod ema;
mod error;
pub mod gan;
mod gan_config;
pub mod gan_loss;
mod gan_stats;

pub use ema::{Ema, EmaConfig};
pub use error::GanError;
pub use gan::{GanTrainer, RealBatch, labels_tensor, latent};
pub use gan_config::GanConfig;
pub use gan_loss::{DiscriminatorLoss, NDA_ALPHA, NDA_BETA, discriminator_loss, generator_loss};
pub use gan_stats::{DiscriminatorStats, GeneratorStats, IterationStats, check_finite, read_named};

#[cfg(test)]
mod gan_tests;
