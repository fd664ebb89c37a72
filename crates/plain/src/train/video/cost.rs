//! What one video step costs, counted from the clip encoder's shapes as the image tasks' costs
//! are (`train/memory.rs`, `train/cost.rs`): the memory its autodiff graph keeps, so the page
//! refuses at Start what cannot fit, and its multiply-adds, so one measured step prices every
//! other setting. A step encodes every block of the `B` real clips (`B·K` block images) and the
//! future blocks of the `m·B` NDA clips (`m·B·F`), all with gradients (there is no momentum
//! encoder); the aggregator, predictor and target head are small next to the trunk.

use crate::model::num_stages;
use crate::train::TrainError;
use crate::train::memory::{FLOAT, MemoryBudget, MemoryEstimate, check_fits};
use crate::train::video::config::VideoConfig;

/// Block images one step encodes: every block of the real clips and the future blocks of the
/// NDA clips.
fn encoded_blocks(config: &VideoConfig) -> u64 {
    let batch = config.batch_size as u64;
    batch * config.blocks() as u64 + config.nda_views as u64 * batch * config.future_blocks() as u64
}

/// Elements one block image keeps through the trunk (its `3b` input channels, the stem's
/// convolution, GroupNorm and ReLU, then about nine tensors per residual stage), and its largest
/// activation (the stem's).
fn block_elements(config: &VideoConfig) -> (u64, u64) {
    let (width, size) = (config.preset.width() as u64, config.image_size as u64);
    let stem = width * size * size;
    let mut total = 3 * config.block_frames as u64 * size * size + 3 * stem;
    for stage in 0..num_stages(config.image_size).saturating_sub(1) {
        let side = size >> (stage + 1);
        total += 9 * (width << (stage + 1).min(3)) * side * side;
    }
    (total, stem)
}

/// The estimate of one video step of `config`: every encoded block kept with its gradients.
pub fn video_memory(config: &VideoConfig) -> MemoryEstimate {
    let (per_block, largest) = block_elements(config);
    let blocks = encoded_blocks(config);
    MemoryEstimate {
        step_bytes: FLOAT * 2 * blocks * per_block,
        tensor_bytes: FLOAT * blocks * largest,
    }
}

/// Refuses a video `config` whose step does not fit `budget`, saying what it needs.
pub fn check_video_fits(config: &VideoConfig, budget: &MemoryBudget) -> Result<(), TrainError> {
    check_fits(
        video_memory(config),
        budget,
        config.batch_size,
        config.image_size,
    )
}

/// Multiply-adds of the trunk over one block image: the 3×3 stem from `3b` channels, then per
/// stage a stride-2 3×3, a 3×3 and a stride-2 1×1 shortcut (the image encoder's stages, one
/// fewer).
fn block_macs(config: &VideoConfig) -> f64 {
    let width = config.preset.width();
    let size = config.image_size;
    let mut total = 9 * 3 * config.block_frames * width * size * size;
    let mut channels = width;
    for stage in 0..num_stages(size).saturating_sub(1) {
        let out = width << (stage + 1).min(3);
        let area = (size >> (stage + 1)).pow(2);
        total += (9 * channels * out + 9 * out * out + channels * out) * area;
        channels = out;
    }
    total as f64
}

/// Multiply-adds of one video step of `config`: every encoded block forward and backward
/// (counted as three forwards).
pub fn video_step_macs(config: &VideoConfig) -> f64 {
    3.0 * encoded_blocks(config) as f64 * block_macs(config)
}

/// Seconds `steps` steps of each of `runs` need at `rate` multiply-adds per second.
pub fn video_seconds(runs: &[VideoConfig], steps: usize, rate: f64) -> f64 {
    runs.iter().map(video_step_macs).sum::<f64>() * steps as f64 / rate
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ModelPreset;
    use crate::train::memory::{CPU_PAGE_BUDGET, WEBGPU_BUDGET};

    #[test]
    fn a_step_encodes_every_real_block_and_the_nda_clips_future_blocks() {
        let config = VideoConfig::default();
        // 16 clips × 4 blocks, and 1 NDA clip each × 2 future blocks.
        assert_eq!(encoded_blocks(&config), 16 * 4 + 16 * 2);
        assert_eq!(encoded_blocks(&config.clone().baseline()), 16 * 4);
        // tiny (w = 16) at 32 px: the stem's map of one block image, over 96 images.
        assert_eq!(video_memory(&config).tensor_bytes, 4 * 96 * 16 * 32 * 32);
    }

    #[test]
    fn costs_grow_with_the_batch_the_width_and_the_nda_clips() {
        let base = VideoConfig::default();
        let double = VideoConfig {
            batch_size: 32,
            ..base.clone()
        };
        assert_eq!(video_step_macs(&double), 2.0 * video_step_macs(&base));
        assert_eq!(
            video_memory(&double).step_bytes,
            2 * video_memory(&base).step_bytes
        );
        let small = VideoConfig {
            preset: ModelPreset::Small,
            ..base.clone()
        };
        assert!(video_step_macs(&small) > 3.0 * video_step_macs(&base));
        assert!(video_step_macs(&base) > video_step_macs(&base.clone().baseline()));
        let both = video_seconds(&[base.clone(), base.clone().baseline()], 100, 1e9);
        let alone = video_seconds(std::slice::from_ref(&base), 100, 1e9);
        assert!(both > alone && both < 2.0 * alone);
    }

    #[test]
    fn defaults_fit_and_a_huge_batch_is_refused_with_the_figure() {
        let config = VideoConfig::default();
        assert!(check_video_fits(&config, &CPU_PAGE_BUDGET).is_ok());
        assert!(check_video_fits(&config, &WEBGPU_BUDGET).is_ok());
        let huge = VideoConfig {
            batch_size: 4096,
            preset: ModelPreset::Small,
            ..config
        };
        let message = check_video_fits(&huge, &CPU_PAGE_BUDGET)
            .expect_err("too large")
            .to_string();
        assert!(
            message.contains("batch 4096") && message.contains("GB"),
            "{message}"
        );
    }
}
