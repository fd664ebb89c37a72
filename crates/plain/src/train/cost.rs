//! How much arithmetic one GAN iteration or one contrastive step takes, counted from the models'
//! shapes, so the page can say before Start how long the chosen settings need on this device: one
//! measured iteration (a short calibration, or the last run) gives the device's rate, and every
//! other setting is scaled by its count. The contrastive encoder is made of the same convolutions
//! and linears, so the GAN's calibration prices its steps too.
//!
//! The count is multiply-adds of the convolutions and linears (everything else is memory-bound
//! and small next to them at these sizes), with a backward pass counted as twice its forward. It
//! is an estimate: a GPU at small batches is bound by kernel launches, not arithmetic, so there it
//! overstates how much a smaller setting saves. The page says "about".

use super::contrastive::config::ContrastiveConfig;
use super::gan::config::GanConfig;
use crate::model::{ModelPreset, num_stages};

/// Multiply-adds of one forward pass of D over one image.
fn discriminator_macs(config: &GanConfig) -> f64 {
    let width = config.preset.width() as f64;
    let mut channels = 3.0;
    let mut total = 0.0;
    for stage in 0..num_stages(config.image_size) {
        let out = width * f64::from(1u32 << stage);
        let side = (config.image_size >> (stage + 1)) as f64;
        total += 16.0 * channels * out * side * side;
        channels = out;
    }
    total + channels
}

/// Multiply-adds of one forward pass of G for one image: the linear seed, each stride-2
/// transposed convolution (k4: 16 products per input pixel and channel pair), the 3×3 to RGB.
fn generator_macs(config: &GanConfig) -> f64 {
    let width = config.preset.width();
    let seed_channels = 8 * width;
    let inputs = config.latent_dim * if config.num_classes.is_some() { 2 } else { 1 };
    let mut total = (inputs * seed_channels * 16) as f64;
    let mut channels = seed_channels;
    for stage in 1..=num_stages(config.image_size) {
        let out = ((8 * width) >> stage).max(width);
        let input_side = (4usize << stage) / 2;
        total += (16 * channels * out * input_side * input_side) as f64;
        channels = out;
    }
    total + (9 * channels * 3 * config.image_size * config.image_size) as f64
}

/// Multiply-adds of one training iteration of `config`: `n_dis` D steps (G makes `B` fakes
/// without a graph; D runs forward and backward on the real, fake and, with NDA, the NDA batch)
/// and one G step (G and D forward and backward on `B`).
pub fn gan_iteration_macs(config: &GanConfig) -> f64 {
    let batch = config.batch_size as f64;
    let (d, g) = (discriminator_macs(config), generator_macs(config));
    let groups = if config.uses_negatives() { 3.0 } else { 2.0 };
    let d_step = batch * g + 3.0 * groups * batch * d;
    let g_step = 3.0 * batch * (g + d);
    config.n_dis as f64 * d_step + g_step
}

/// A device's measured speed: multiply-adds per second, from one timed iteration of `config`.
pub fn rate_from(config: &GanConfig, seconds_per_iteration: f64) -> Option<f64> {
    (seconds_per_iteration > 0.0 && seconds_per_iteration.is_finite())
        .then(|| gan_iteration_macs(config) / seconds_per_iteration)
}

/// Seconds `iterations` iterations of each of `runs` need at `rate` multiply-adds per second.
pub fn gan_seconds(runs: &[GanConfig], iterations: usize, rate: f64) -> f64 {
    runs.iter().map(gan_iteration_macs).sum::<f64>() * iterations as f64 / rate
}

/// Multiply-adds of one forward pass of the contrastive encoder over one image: the 3×3 stem,
/// per stage a stride-2 3×3, a 3×3 and a stride-2 1×1 shortcut, then the two-layer head.
fn encoder_macs(config: &ContrastiveConfig) -> f64 {
    let width = config.preset.width();
    let size = config.image_size;
    let mut total = 9 * 3 * width * size * size;
    let mut channels = width;
    for stage in 0..num_stages(size) {
        let out = width << (stage + 1).min(3);
        let area = (size >> (stage + 1)).pow(2);
        total += (9 * channels * out + 9 * out * out + channels * out) * area;
        channels = out;
    }
    (total + channels * channels + channels * config.embedding_dim) as f64
}

/// Multiply-adds of one contrastive step of `config`: the query encoder forward and backward on
/// `B` views, the key encoder forward (no gradient) on `B` positive and `m·B` NDA views, and the
/// logits against the positive key, the queue and the NDA keys, forward and backward.
pub fn contrastive_step_macs(config: &ContrastiveConfig) -> f64 {
    let batch = config.batch_size as f64;
    let views = config.nda_views as f64;
    let encoder = encoder_macs(config);
    let keys = (1 + config.queue_size) as f64 + views;
    let logits = 2.0 * batch * keys * config.embedding_dim as f64;
    3.0 * batch * encoder + (1.0 + views) * batch * encoder + logits
}

/// A device's measured speed for contrastive steps: multiply-adds per second, from one timed step
/// of `config`.
pub fn contrastive_rate_from(config: &ContrastiveConfig, seconds_per_step: f64) -> Option<f64> {
    (seconds_per_step > 0.0 && seconds_per_step.is_finite())
        .then(|| contrastive_step_macs(config) / seconds_per_step)
}

/// Seconds `steps` steps of each of `runs` need at `rate` multiply-adds per second.
pub fn contrastive_seconds(runs: &[ContrastiveConfig], steps: usize, rate: f64) -> f64 {
    runs.iter().map(contrastive_step_macs).sum::<f64>() * steps as f64 / rate
}

// The calibration (`calibration.rs`) times these settings on the device; the rates this file
// prices settings with are measured on them.

/// Iterations timed after the untimed first one (which compiles a GPU's kernels).
pub const CALIBRATION_ITERATIONS: usize = 2;

/// What the calibration trains: the tiny model at batch 16 and 32 px with jigsaw NDA, about a
/// second per iteration on a laptop's CPU path.
pub fn calibration_config() -> GanConfig {
    GanConfig {
        preset: ModelPreset::Tiny,
        batch_size: 16,
        image_size: 32,
        ..GanConfig::default()
    }
}

/// What the contrastive calibration trains: the tiny encoder at batch 16 and 32 px with its
/// default NDA views and a queue of 256 keys.
pub fn contrastive_calibration_config() -> ContrastiveConfig {
    ContrastiveConfig {
        preset: ModelPreset::Tiny,
        batch_size: 16,
        image_size: 32,
        queue_size: 256,
        ..ContrastiveConfig::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ModelPreset;

    #[test]
    fn the_count_follows_the_architecture_by_hand() {
        // Tiny (w = 16) at 32 px: D convs 3→16 at 16², 16→32 at 8², 32→64 at 4², then the head.
        let tiny = GanConfig::sized(ModelPreset::Tiny, 64, 32);
        let d = 16.0 * (3.0 * 16.0 * 256.0 + 16.0 * 32.0 * 64.0 + 32.0 * 64.0 * 16.0) + 64.0;
        assert_eq!(discriminator_macs(&tiny), d);
        // G: 128 → 128·16 linear, 128→64 from 4², 64→32 from 8², 32→16 from 16², 16→3 3×3 at 32².
        let g = 128.0 * 128.0 * 16.0
            + 16.0 * (128.0 * 64.0 * 16.0 + 64.0 * 32.0 * 64.0 + 32.0 * 16.0 * 256.0)
            + 9.0 * 16.0 * 3.0 * 1024.0;
        assert_eq!(generator_macs(&tiny), g);
        let iteration = 4.0 * (64.0 * g + 9.0 * 64.0 * d) + 3.0 * 64.0 * (g + d);
        assert_eq!(gan_iteration_macs(&tiny), iteration);
    }

    #[test]
    fn the_count_scales_with_batch_width_and_the_baseline_does_less() {
        let base = GanConfig::sized(ModelPreset::Small, 64, 32);
        let double = GanConfig::sized(ModelPreset::Small, 128, 32);
        assert_eq!(gan_iteration_macs(&double), 2.0 * gan_iteration_macs(&base));
        let ratio = gan_iteration_macs(&base)
            / gan_iteration_macs(&GanConfig::sized(ModelPreset::Tiny, 64, 32));
        assert!(
            (3.0..4.1).contains(&ratio),
            "twice the width: about 4x, {ratio}"
        );
        let baseline = GanConfig {
            alpha: 1.0,
            beta: 0.0,
            ..base.clone()
        };
        assert!(gan_iteration_macs(&baseline) < gan_iteration_macs(&base));
    }

    #[test]
    fn a_rate_measured_on_one_setting_predicts_itself_and_scales_the_rest() {
        let tiny = GanConfig::sized(ModelPreset::Tiny, 16, 32);
        let rate = rate_from(&tiny, 0.5).expect("a positive time");
        assert!((gan_seconds(std::slice::from_ref(&tiny), 10, rate) - 5.0).abs() < 1e-9);
        let bigger = GanConfig::sized(ModelPreset::Tiny, 64, 32);
        let seconds = gan_seconds(&[bigger.clone(), bigger], 100, rate);
        assert!(
            (seconds - 2.0 * 100.0 * 0.5 * 4.0).abs() < 1e-6,
            "{seconds}"
        );
        assert_eq!(rate_from(&tiny, 0.0), None);
        assert_eq!(rate_from(&tiny, f64::NAN), None);
    }

    #[test]
    fn the_contrastive_count_follows_the_encoder_by_hand() {
        let tiny = ContrastiveConfig {
            preset: ModelPreset::Tiny,
            image_size: 32,
            batch_size: 16,
            queue_size: 64,
            nda_views: 2,
            ..ContrastiveConfig::default()
        };
        // Stem 3→16 at 32²; stages 16→32 at 16², 32→64 at 8², 64→128 at 4²; head 128→128→128.
        let stage = |c: f64, o: f64, side: f64| (9.0 * c * o + 9.0 * o * o + c * o) * side * side;
        let encoder = 9.0 * 3.0 * 16.0 * 1024.0
            + stage(16.0, 32.0, 16.0)
            + stage(32.0, 64.0, 8.0)
            + stage(64.0, 128.0, 4.0)
            + 128.0 * 128.0
            + 128.0 * tiny.embedding_dim as f64;
        assert_eq!(encoder_macs(&tiny), encoder);
        let logits = 2.0 * 16.0 * (1.0 + 64.0 + 2.0) * tiny.embedding_dim as f64;
        assert_eq!(
            contrastive_step_macs(&tiny),
            3.0 * 16.0 * encoder + 3.0 * 16.0 * encoder + logits
        );
        let baseline = tiny.clone().baseline();
        assert!(contrastive_step_macs(&baseline) < contrastive_step_macs(&tiny));
        assert!(
            (contrastive_seconds(
                std::slice::from_ref(&tiny),
                10,
                contrastive_step_macs(&tiny)
            ) - 10.0)
                .abs()
                < 1e-9
        );
    }
}
