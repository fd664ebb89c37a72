//! How much memory one GAN training step needs, estimated from the models' shapes, so settings
//! that cannot fit are refused with a reason before a worker dies trying (a shared link with batch
//! 4,096 at 64 px used to end in WebAssembly's "unreachable" once its memory ran out).
//!
//! The estimate counts every activation the autodiff graph keeps, and as much again for its
//! gradients: the D step runs D on the real, generated and NDA batches (`3B` images, kept) after a
//! frozen G made the `B` fakes (transient); the G step runs both on `B`, kept. Weights and
//! optimiser state are small next to that at the batch sizes that matter. It is an estimate
//! (allocators round up, kernels use scratch), meant to refuse what clearly cannot fit rather than
//! to cut close: the budgets are the hard ceilings of each path, not measured peaks.

use super::TrainError;
use super::gan_config::GanConfig;
use crate::model::num_stages;

/// Bytes of an `f32`.
const FLOAT: u64 = 4;
/// The most a WebAssembly page on the CPU path may plan for: its memory ends at 4 GiB, and the
/// dataset, the evaluators and the allocator's slack live there too.
pub const CPU_PAGE_BUDGET: MemoryBudget = MemoryBudget {
    step_bytes: 3 << 30,
    tensor_bytes: 1 << 30,
    device: "the CPU path of this page (WebAssembly memory ends at 4 GB)",
};
/// WebGPU: burn asks for the adapter's own limits, and browsers cap one buffer at about 2 GB;
/// beyond what a GPU really has, a step fails as a device fault (the run continues on the CPU).
pub const WEBGPU_BUDGET: MemoryBudget = MemoryBudget {
    step_bytes: 6 << 30,
    tensor_bytes: 2 << 30,
    device: "WebGPU in a browser (one buffer at most 2 GB)",
};

/// Memory one training step needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryEstimate {
    /// Activations and their gradients of the larger of the two steps.
    pub step_bytes: u64,
    /// The largest single tensor (D's first activation over the three batches).
    pub tensor_bytes: u64,
}

/// What a device allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryBudget {
    /// Most bytes a step may need.
    pub step_bytes: u64,
    /// Most bytes one tensor may hold.
    pub tensor_bytes: u64,
    /// The device, in words.
    pub device: &'static str,
}

/// The estimate of one training step of `config`.
pub fn gan_memory(config: &GanConfig) -> MemoryEstimate {
    let batch = config.batch_size as u64;
    let (generator, _) = generator_elements(config);
    let (discriminator, largest) = discriminator_elements(config);
    let d_step = 2 * 3 * batch * discriminator + batch * generator;
    let g_step = 2 * batch * (generator + discriminator);
    MemoryEstimate {
        step_bytes: FLOAT * d_step.max(g_step),
        tensor_bytes: FLOAT * 3 * batch * largest,
    }
}

/// Refuses `config` when its step does not fit `budget`, saying what it needs and what to change.
pub fn check_gan_fits(config: &GanConfig, budget: &MemoryBudget) -> Result<(), TrainError> {
    let estimate = gan_memory(config);
    if estimate.step_bytes <= budget.step_bytes && estimate.tensor_bytes <= budget.tensor_bytes {
        return Ok(());
    }
    Err(TrainError::TooLarge(format!(
        "batch {} at {} px needs about {} for one training step (its largest tensor {}), more \
         than {} allows: lower the batch size, the image size or the model size",
        config.batch_size,
        config.image_size,
        megabytes(estimate.step_bytes),
        megabytes(estimate.tensor_bytes),
        budget.device
    )))
}

/// `bytes` as "12 MB" or "3.4 GB".
pub fn megabytes(bytes: u64) -> String {
    let megabytes = bytes as f64 / 1e6;
    if megabytes >= 1_000.0 {
        format!("{:.1} GB", megabytes / 1_000.0)
    } else {
        format!("{megabytes:.0} MB")
    }
}

/// Elements one image keeps through G (seed, each up-stage's upsampled input, convolution,
/// normalisation and ReLU, then RGB and tanh), and its largest activation.
fn generator_elements(config: &GanConfig) -> (u64, u64) {
    let width = config.preset.width() as u64;
    let mut channels = 8 * width;
    let mut total = 3 * channels * 16;
    let mut largest = channels * 16;
    for stage in 1..=num_stages(config.image_size) {
        let side = 4u64 << stage;
        let out = ((8 * width) >> stage).max(width);
        total += (channels + 3 * out) * side * side;
        largest = largest.max(channels.max(out) * side * side);
        channels = out;
    }
    let pixels = 3 * (config.image_size as u64).pow(2);
    (total + 2 * pixels, largest.max(pixels))
}

/// Elements one image keeps through D (input, then each stride-2 convolution and LeakyReLU), and
/// its largest activation.
fn discriminator_elements(config: &GanConfig) -> (u64, u64) {
    let width = config.preset.width() as u64;
    let size = config.image_size as u64;
    let mut total = 3 * size * size;
    let mut largest = total;
    for stage in 0..num_stages(config.image_size) {
        let side = size >> (stage + 1);
        let elements = (width << stage) * side * side;
        total += 2 * elements;
        largest = largest.max(elements);
    }
    (total, largest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ModelPreset;

    fn config(preset: ModelPreset, batch_size: usize, image_size: usize) -> GanConfig {
        GanConfig {
            preset,
            batch_size,
            image_size,
            ..GanConfig::default()
        }
    }

    #[test]
    fn the_estimate_grows_with_the_batch_and_the_side() {
        let base = gan_memory(&config(ModelPreset::Small, 64, 32));
        let double = gan_memory(&config(ModelPreset::Small, 128, 32));
        assert_eq!(double.step_bytes, 2 * base.step_bytes);
        let wide = gan_memory(&config(ModelPreset::Small, 64, 64));
        assert!(
            wide.step_bytes > 2 * base.step_bytes,
            "4x the pixels, one more G stage"
        );
        // D's first activation of small at 32 px: 32 channels at 16x16, over 3 x 64 images.
        assert_eq!(base.tensor_bytes, 4 * 3 * 64 * 32 * 16 * 16);
    }

    #[test]
    fn defaults_fit_everywhere_and_the_crashing_link_is_refused_with_a_reason() {
        for budget in [CPU_PAGE_BUDGET, WEBGPU_BUDGET] {
            assert!(check_gan_fits(&GanConfig::default(), &budget).is_ok());
            assert!(check_gan_fits(&config(ModelPreset::Medium, 128, 64), &budget).is_ok());
        }
        let refused = check_gan_fits(&config(ModelPreset::Small, 4096, 64), &CPU_PAGE_BUDGET)
            .expect_err("batch 4096 at 64 px killed the worker");
        let message = refused.to_string();
        assert!(
            message.contains("batch 4096 at 64 px needs about"),
            "{message}"
        );
        assert!(message.contains("lower the batch size"), "{message}");
        assert_eq!(megabytes(12_400_000), "12 MB");
        assert_eq!(megabytes(3_400_000_000), "3.4 GB");
    }
}
