//! The models' settings as plain data: widths, depths and presets of the generator, the projection
//! discriminator and the contrastive encoder, and the checks of a shape. The core's `model` builds
//! each network from them; the run files and the page hold them without burn.

pub mod settings;
pub mod video;

pub use settings::{
    DiscriminatorConfig, EMBEDDING_DIM, EncoderConfig, GeneratorConfig, MODEL_IMAGE_SIZES,
    ModelError, ModelPreset, NORM_GROUPS, num_stages, validate_shape,
};
pub use video::ClipEncoderConfig;
