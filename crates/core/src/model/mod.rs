//! The GAN models of NDA-GAN (Sinha et al., ICLR 2021, Sec. 4): a DCGAN-style generator and a
//! spectrally normalised, optionally class-conditional (projection) discriminator, small enough to
//! train in a browser. The paper uses BigGAN; we keep its ingredients that matter for NDA (hinge
//! loss, spectral norm on G and D, N(0, 0.02) weights, projection conditioning, generator EMA) and
//! shrink the architecture.
//!
//! Every module has a `Config` and an `init(&device, &mut rng)`: the seeded RNG is an argument so
//! that the same config and seed give the same model (see [`init`]).

pub mod discriminator;
pub mod encoder;
pub mod generator;
pub mod init;
pub mod plain_layers;
pub mod sn_layers;
pub mod spectral_norm;

use serde::{Deserialize, Serialize};
use thiserror::Error;

pub use discriminator::{Discriminator, DiscriminatorConfig};
pub use encoder::{EMBEDDING_DIM, Encoder, EncoderConfig, l2_normalise};
pub use generator::{Generator, GeneratorConfig};
pub use sn_layers::{
    SnConv2d, SnConvConfig, SnConvTranspose2d, SnEmbedding, SnEmbeddingConfig, SnLinear,
    SnLinearConfig,
};
pub use spectral_norm::{SpectralNorm, host_top_singular_value};

/// Image sides the models support: four 2x up- or down-sampling stages from/to 4x4 need a power of
/// two, and the built-in datasets come at these sizes.
pub const MODEL_IMAGE_SIZES: [usize; 2] = [32, 64];

/// Model sizes offered in the UI, by base channel width (`width`; the widest layer has `8 * width`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ModelPreset {
    /// Base width 16: trains in seconds on a CPU.
    Tiny,
    /// Base width 32: the default for WebGPU.
    #[default]
    Small,
    /// Base width 64: DCGAN's width; best samples, slowest.
    Medium,
}

impl ModelPreset {
    /// The base channel width of the preset.
    pub fn width(self) -> usize {
        match self {
            Self::Tiny => 16,
            Self::Small => 32,
            Self::Medium => 64,
        }
    }
}

/// Why a model cannot be built with the given settings.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ModelError {
    /// The image side is not one the models support.
    #[error("the models work on 32x32 or 64x64 images, not {0}x{0}: resize the dataset")]
    UnsupportedImageSize(usize),
    /// A size setting is zero.
    #[error("{0} must be at least 1")]
    ZeroSize(&'static str),
    /// GroupNorm needs the width to split into its groups.
    #[error("the encoder's base width must be a multiple of 8 (its GroupNorm groups), not {0}")]
    WidthNotMultipleOfGroups(usize),
    /// A conditional model needs at least two classes.
    #[error("a class-conditional model needs at least 2 classes, got {0}: turn conditioning off")]
    TooFewClasses(usize),
}

/// Checks the settings shared by G and D.
pub fn validate_shape(
    image_size: usize,
    width: usize,
    num_classes: Option<usize>,
) -> Result<(), ModelError> {
    if !MODEL_IMAGE_SIZES.contains(&image_size) {
        return Err(ModelError::UnsupportedImageSize(image_size));
    }
    if width == 0 {
        return Err(ModelError::ZeroSize("the base channel width"));
    }
    match num_classes {
        Some(classes) if classes < 2 => Err(ModelError::TooFewClasses(classes)),
        _ => Ok(()),
    }
}

/// Number of 2x resampling stages between 4x4 and `image_size` (3 at 32 px, 4 at 64 px).
pub fn num_stages(image_size: usize) -> usize {
    (image_size / 4).trailing_zeros() as usize
}
