//! Settings of a video run: a clip encoder trained by dense predictive coding (DPC: Han, Xie and
//! Zisserman, 2019), the paper's base for video being CPC (Sinha et al., ICLR 2021, Sec. 5), with
//! NDA clips as extra negatives. No public code exists for this part of the paper, so every
//! default is a choice we document here:
//!
//! - a clip of 8 frames is cut into 4 blocks of 2; the first half of the blocks is the context and
//!   the encoder predicts the embeddings of the second half (DPC predicts 3 blocks from 5);
//! - the frames of a block are stacked as channels before the first convolution (early fusion), so
//!   every block's features see motion; DPC's 3-D ResNet does the same job at a cost a browser
//!   cannot pay;
//! - InfoNCE over unit embeddings at temperature 0.07 (InstDisc's and MoCo v1's; DPC takes raw dot
//!   products, and unit vectors with a temperature keep a tiny model's logits in range). Measured
//!   on a pilot of the baseline alone (`docs/science/video-pilot/`, seed 101, tiny, 1,600 clips):
//!   at the image task's 0.2 the motion k-NN and probe accuracies stayed at chance (0.125) for
//!   1,000 steps; at 0.07 they rose to 0.285 and 0.402 by 2,000 steps while the one-frame control
//!   stayed near chance;
//! - `m = 1` NDA clip per clip, frame shuffle: its future blocks join that clip's own denominator
//!   only, never another clip's, as the image task's NDA keys do;
//! - Adam, learning rate 1e-3, weight decay 1e-5: DPC's optimiser;
//! - 16 clips per batch, 64-d embeddings: sized for a CPU in seconds per step.

use serde::{Deserialize, Serialize};

use crate::augment::video::TemporalNegative;
use crate::data::video::{MAX_FRAMES, MIN_FRAMES};
use crate::model::{ClipEncoderConfig, ModelPreset};
use crate::train::TrainError;
use crate::train::gan::config::check_finite_at_least;

/// Most NDA clips per clip.
pub const MAX_NDA_CLIPS: usize = 4;

/// Everything that defines a video run; the same config gives the same run on the CPU.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct VideoConfig {
    /// Encoder size.
    pub preset: ModelPreset,
    /// Frame side, 32 or 64.
    pub image_size: usize,
    /// Frames per clip.
    pub frames: usize,
    /// Frames per block; the clip holds `frames / block_frames` blocks, an even number.
    pub block_frames: usize,
    /// Size of the embeddings the loss compares.
    pub embedding_dim: usize,
    /// InfoNCE temperature.
    pub temperature: f64,
    /// `m`: NDA clips per clip whose future blocks join its denominator; 0 is the baseline.
    pub nda_views: usize,
    /// Negatives in time and their relative weights; each NDA clip draws one by weight.
    pub negatives: Vec<(TemporalNegative, f64)>,
    /// Adam's learning rate.
    pub learning_rate: f64,
    /// Adam's L2 weight decay.
    pub weight_decay: f64,
    /// Clips per batch.
    pub batch_size: usize,
    /// Seed of the run.
    pub seed: u64,
}

impl Default for VideoConfig {
    fn default() -> Self {
        Self {
            preset: ModelPreset::Tiny,
            image_size: 32,
            frames: 8,
            block_frames: 2,
            embedding_dim: 64,
            temperature: 0.07,
            nda_views: 1,
            negatives: vec![(TemporalNegative::FrameShuffle, 1.0)],
            learning_rate: 1e-3,
            weight_decay: 1e-5,
            batch_size: 16,
            seed: 2,
        }
    }
}

impl VideoConfig {
    /// The same run without NDA clips (`m = 0`).
    pub fn baseline(self) -> Self {
        Self {
            nda_views: 0,
            ..self
        }
    }

    /// Blocks per clip.
    pub fn blocks(&self) -> usize {
        self.frames / self.block_frames.max(1)
    }

    /// Context blocks: the first half.
    pub fn context_blocks(&self) -> usize {
        self.blocks() / 2
    }

    /// Predicted blocks: the second half.
    pub fn future_blocks(&self) -> usize {
        self.blocks() - self.context_blocks()
    }

    /// The encoder these settings describe.
    pub fn encoder(&self) -> ClipEncoderConfig {
        ClipEncoderConfig {
            width: self.preset.width(),
            image_size: self.image_size,
            block_frames: self.block_frames,
            context_blocks: self.context_blocks(),
            future_blocks: self.future_blocks(),
            embedding_dim: self.embedding_dim,
        }
    }

    /// Checks every setting; the error names the one to change and its allowed range.
    pub fn validate(&self) -> Result<(), TrainError> {
        if !(MIN_FRAMES..=MAX_FRAMES).contains(&self.frames) {
            return Err(TrainError::out_of_range(
                "frames per clip",
                self.frames,
                "between 8 and 16",
            ));
        }
        let blocks_fit = self.block_frames >= 1
            && self.frames.is_multiple_of(self.block_frames)
            && self.blocks() >= 2
            && self.blocks().is_multiple_of(2);
        if !blocks_fit {
            return Err(TrainError::out_of_range(
                "frames per block",
                self.block_frames,
                "a divisor of the frames that leaves an even number of blocks, at least 2",
            ));
        }
        if !(0.01..=1.0).contains(&self.temperature) {
            return Err(TrainError::out_of_range(
                "temperature",
                self.temperature,
                "between 0.01 and 1",
            ));
        }
        if !(2..=256).contains(&self.batch_size) {
            return Err(TrainError::out_of_range(
                "batch size",
                self.batch_size,
                "between 2 and 256 clips",
            ));
        }
        if self.nda_views > MAX_NDA_CLIPS {
            return Err(TrainError::out_of_range(
                "NDA clips per clip",
                self.nda_views,
                "between 0 and 4",
            ));
        }
        check_finite_at_least("learning rate", self.learning_rate, false)?;
        if self.learning_rate > 1.0 {
            return Err(TrainError::out_of_range(
                "learning rate",
                self.learning_rate,
                "at most 1",
            ));
        }
        check_finite_at_least("weight decay", self.weight_decay, true)?;
        self.encoder().validate()?;
        self.validate_negatives()
    }

    fn validate_negatives(&self) -> Result<(), TrainError> {
        let mut total = 0.0;
        for (_, weight) in &self.negatives {
            check_finite_at_least("negative augmentation weight", *weight, true)?;
            total += weight;
        }
        if self.nda_views > 0 && total <= 0.0 {
            return Err(TrainError::NoNdaAugmentation(self.nda_views));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_split_the_clip_in_halves() {
        let config = VideoConfig::default();
        assert!(config.validate().is_ok());
        assert_eq!(
            (
                config.blocks(),
                config.context_blocks(),
                config.future_blocks()
            ),
            (4, 2, 2)
        );
        assert_eq!(config.clone().baseline().nda_views, 0);
        assert!(config.baseline().validate().is_ok());
        let sixteen = VideoConfig {
            frames: 16,
            block_frames: 4,
            ..VideoConfig::default()
        };
        assert!(sixteen.validate().is_ok());
    }

    #[test]
    fn out_of_range_settings_name_the_setting() {
        let base = VideoConfig::default();
        let cases = [
            (
                VideoConfig {
                    frames: 4,
                    ..base.clone()
                },
                "frames per clip",
            ),
            (
                VideoConfig {
                    block_frames: 3,
                    ..base.clone()
                },
                "frames per block",
            ),
            (
                VideoConfig {
                    frames: 12,
                    block_frames: 4,
                    ..base.clone()
                },
                "frames per block",
            ),
            (
                VideoConfig {
                    temperature: 0.0,
                    ..base.clone()
                },
                "temperature",
            ),
            (
                VideoConfig {
                    nda_views: 5,
                    ..base.clone()
                },
                "NDA clips",
            ),
            (
                VideoConfig {
                    batch_size: 1,
                    ..base.clone()
                },
                "batch size",
            ),
            (
                VideoConfig {
                    negatives: vec![],
                    ..base.clone()
                },
                "no negative",
            ),
            (
                VideoConfig {
                    image_size: 48,
                    ..base.clone()
                },
                "48",
            ),
        ];
        for (config, needle) in cases {
            let message = config.validate().expect_err(needle).to_string();
            assert!(message.contains(needle), "{needle}: {message}");
        }
        let json = serde_json::to_string(&base).expect("json");
        assert_eq!(
            serde_json::from_str::<VideoConfig>(&json).expect("parse"),
            base
        );
    }
}
