//! The models' settings as plain data, apart from the networks they build: the size presets, the
//! shape checks, and the settings of the generator, the discriminator and the encoder. The page
//! and the run files hold these without burn; each network's file builds it from them
//! (the core's `model::InitNetwork`).

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Image sides the models support: four 2x up- or down-sampling stages from/to 4x4 need a power of
/// two, and the built-in datasets come at these sizes.
pub const MODEL_IMAGE_SIZES: [usize; 2] = [32, 64];

/// Channel groups of every GroupNorm of the encoder (Wu & He, 2018, use 32; our narrowest layer
/// has 16 channels).
pub const NORM_GROUPS: usize = 8;
/// Size of the encoder's embedding, MoCo-v2's 128.
pub const EMBEDDING_DIM: usize = 128;

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

/// Settings of the generator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratorConfig {
    /// Size of the latent vector `z` (128 in BigGAN).
    pub latent_dim: usize,
    /// Base channel width `w` (see [`ModelPreset`]).
    pub width: usize,
    /// Output side: 32 or 64.
    pub image_size: usize,
    /// `Some(classes)` for a class-conditional generator.
    pub num_classes: Option<usize>,
}

impl GeneratorConfig {
    /// Latent 128, width 32, 32 px, unconditional.
    pub fn new() -> Self {
        Self {
            latent_dim: 128,
            width: 32,
            image_size: 32,
            num_classes: None,
        }
    }

    /// Checks the settings.
    pub fn validate(&self) -> Result<(), ModelError> {
        if self.latent_dim == 0 {
            return Err(ModelError::ZeroSize("the latent size"));
        }
        validate_shape(self.image_size, self.width, self.num_classes)
    }

    /// Channels after each stage: `8w` halving per stage, never below `w`.
    pub fn stage_channels(&self) -> Vec<usize> {
        (1..=num_stages(self.image_size))
            .map(|stage| ((8 * self.width) >> stage).max(self.width))
            .collect()
    }
}

impl Default for GeneratorConfig {
    fn default() -> Self {
        Self::new()
    }
}

/// Settings of the discriminator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscriminatorConfig {
    /// Base channel width `w` (see [`ModelPreset`]).
    pub width: usize,
    /// Input side: 32 or 64.
    pub image_size: usize,
    /// `Some(classes)` for a projection discriminator.
    pub num_classes: Option<usize>,
}

impl DiscriminatorConfig {
    /// Width 32, 32 px, unconditional.
    pub fn new() -> Self {
        Self {
            width: 32,
            image_size: 32,
            num_classes: None,
        }
    }

    /// Checks the settings.
    pub fn validate(&self) -> Result<(), ModelError> {
        validate_shape(self.image_size, self.width, self.num_classes)
    }
}

impl Default for DiscriminatorConfig {
    fn default() -> Self {
        Self::new()
    }
}

/// Settings of the contrastive encoder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncoderConfig {
    /// Base channel width `w` (see [`ModelPreset`]); the features have `8 * w` channels.
    pub width: usize,
    /// Input side: 32 or 64.
    pub image_size: usize,
    /// Size of the L2-normalised embedding.
    pub embedding_dim: usize,
}

impl EncoderConfig {
    /// Width 32, 32 px, a 128-d embedding.
    pub fn new() -> Self {
        Self {
            width: 32,
            image_size: 32,
            embedding_dim: EMBEDDING_DIM,
        }
    }

    /// Checks the settings.
    pub fn validate(&self) -> Result<(), ModelError> {
        validate_shape(self.image_size, self.width, None)?;
        if !self.width.is_multiple_of(NORM_GROUPS) {
            return Err(ModelError::WidthNotMultipleOfGroups(self.width));
        }
        if self.embedding_dim == 0 {
            return Err(ModelError::ZeroSize("the embedding size"));
        }
        Ok(())
    }

    /// Width of the pooled features.
    pub fn feature_dim(&self) -> usize {
        self.width * 8
    }
}

impl Default for EncoderConfig {
    fn default() -> Self {
        Self::new()
    }
}
