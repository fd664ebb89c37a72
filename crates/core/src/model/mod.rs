//! The GAN models of NDA-GAN (Sinha et al., ICLR 2021, Sec. 4): a DCGAN-style generator and a
//! spectrally normalised, optionally class-conditional (projection) discriminator, small enough to
//! train in a browser. The paper uses BigGAN; we keep its ingredients that matter for NDA (hinge
//! loss, spectral norm on G and D, N(0, 0.02) weights, projection conditioning, generator EMA) and
//! shrink the architecture.
//!
//! Every network has plain settings (`nda-plain`'s `model/settings.rs`, no burn type) and an `init(&device, &mut rng)`
//! ([`InitNetwork`]): the seeded RNG is an argument so that the same config and seed give the same
//! model (see [`init`]).

// The models' settings are the plain crate's (`nda-plain`), at the same paths; the networks are here.
pub use nda_plain::model::*;

pub mod discriminator;
pub mod encoder;
pub mod generator;
pub mod init;
pub mod plain_layers;
pub mod sn_layers;
pub mod spectral_norm;
pub mod video;

use burn::tensor::Device;
use rand::rngs::ChaCha8Rng;

pub use discriminator::Discriminator;
pub use encoder::{Encoder, l2_normalise};
pub use generator::Generator;
pub use sn_layers::{
    SnConv2d, SnConvConfig, SnConvTranspose2d, SnEmbedding, SnEmbeddingConfig, SnLinear,
    SnLinearConfig,
};
pub use spectral_norm::{SpectralNorm, host_top_singular_value};
pub use video::ClipEncoder;

/// A network built from its plain settings with weights drawn from a seeded `rng` (burn's
/// `Config::init` pattern, kept as a trait so that the settings, in `settings.rs`, hold no burn
/// type and the networks' files build them).
pub trait InitNetwork {
    /// The network these settings build.
    type Network;

    /// The network, after the settings' checks.
    fn init(&self, device: &Device, rng: &mut ChaCha8Rng) -> Result<Self::Network, ModelError>;
}
