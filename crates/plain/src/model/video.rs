//! Settings of the video task's clip encoder (the core's `model/video/clip_encoder.rs` builds
//! it): the contrastive encoder's residual stages over a block of frames stacked as channels, a
//! context aggregator over the first blocks and a predictor of the last ones.

use super::settings::{ModelError, NORM_GROUPS, num_stages, validate_shape};

/// Settings of the clip encoder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClipEncoderConfig {
    /// Base channel width `w`; a block's map has `feature_dim()` channels.
    pub width: usize,
    /// Frame side: 32 or 64.
    pub image_size: usize,
    /// Frames stacked into one block (the first convolution sees `3 * block_frames` channels).
    pub block_frames: usize,
    /// Blocks the aggregator reads.
    pub context_blocks: usize,
    /// Blocks the predictor predicts.
    pub future_blocks: usize,
    /// Size of the L2-normalised embeddings the loss compares.
    pub embedding_dim: usize,
}

impl ClipEncoderConfig {
    /// Checks the settings.
    pub fn validate(&self) -> Result<(), ModelError> {
        validate_shape(self.image_size, self.width, None)?;
        if !self.width.is_multiple_of(NORM_GROUPS) {
            return Err(ModelError::WidthNotMultipleOfGroups(self.width));
        }
        for (value, what) in [
            (self.block_frames, "the frames per block"),
            (self.context_blocks, "the context blocks"),
            (self.future_blocks, "the predicted blocks"),
            (self.embedding_dim, "the embedding size"),
        ] {
            if value == 0 {
                return Err(ModelError::ZeroSize(what));
            }
        }
        Ok(())
    }

    /// Stride-2 residual stages: one fewer than the image encoder's, so a block's map is 8 × 8
    /// (the predictions are per location, and a figure moves a few pixels between blocks).
    pub fn stages(&self) -> usize {
        num_stages(self.image_size).saturating_sub(1)
    }

    /// Width of a block's map, and of its pooled features (and a clip's, their mean).
    pub fn feature_dim(&self) -> usize {
        self.width << self.stages().min(3)
    }
}
