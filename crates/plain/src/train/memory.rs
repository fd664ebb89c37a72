//! How much memory one GAN (or contrastive) training step needs, estimated from the models' shapes, so settings
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
use super::contrastive::config::ContrastiveConfig;
use super::gan::config::GanConfig;
use crate::model::num_stages;

/// Bytes of an `f32`.
pub(crate) const FLOAT: u64 = 4;
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

/// The estimate of one contrastive step of `config`: the query encoder on `B` views, kept with
/// its gradients; the momentum encoder on the `B` positive and `m·B` NDA views, without a graph,
/// so only a few of its activations live at once (counted as three of its largest).
pub fn contrastive_memory(config: &ContrastiveConfig) -> MemoryEstimate {
    let batch = config.batch_size as u64;
    let (encoder, largest) = encoder_elements(config.preset.width() as u64, config.image_size);
    let key_views = (1 + config.nda_views as u64) * batch;
    MemoryEstimate {
        step_bytes: FLOAT * (2 * batch * encoder + 3 * key_views * largest),
        tensor_bytes: FLOAT * key_views * largest,
    }
}

/// Refuses a GAN `config` whose step does not fit `budget`, saying what it needs.
pub fn check_gan_fits(config: &GanConfig, budget: &MemoryBudget) -> Result<(), TrainError> {
    check_fits(
        gan_memory(config),
        budget,
        config.batch_size,
        config.image_size,
    )
}

/// Refuses a contrastive `config` whose step does not fit `budget`, saying what it needs.
pub fn check_contrastive_fits(
    config: &ContrastiveConfig,
    budget: &MemoryBudget,
) -> Result<(), TrainError> {
    check_fits(
        contrastive_memory(config),
        budget,
        config.batch_size,
        config.image_size,
    )
}

pub(crate) fn check_fits(
    estimate: MemoryEstimate,
    budget: &MemoryBudget,
    batch_size: usize,
    image_size: usize,
) -> Result<(), TrainError> {
    if estimate.step_bytes <= budget.step_bytes && estimate.tensor_bytes <= budget.tensor_bytes {
        return Ok(());
    }
    Err(TrainError::TooLarge(format!(
        "batch {batch_size} at {image_size} px needs about {} for one training step (its largest \
         tensor {}), more than {} allows: lower the batch size, the image size or the model size",
        megabytes(estimate.step_bytes),
        megabytes(estimate.tensor_bytes),
        budget.device
    )))
}

/// `bytes` as "0.4 MB", "12 MB" or "3.4 GB".
pub fn megabytes(bytes: u64) -> String {
    let megabytes = bytes as f64 / 1e6;
    if megabytes >= 1_000.0 {
        format!("{:.1} GB", megabytes / 1_000.0)
    } else if megabytes >= 10.0 {
        format!("{megabytes:.0} MB")
    } else {
        format!("{megabytes:.1} MB")
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

/// Elements one image keeps through the encoder (stem convolution, GroupNorm and ReLU, then
/// about nine tensors per residual block), and its largest activation (the stem's).
fn encoder_elements(width: u64, image_size: usize) -> (u64, u64) {
    let size = image_size as u64;
    let stem = width * size * size;
    let mut total = 3 * size * size + 3 * stem;
    for stage in 0..num_stages(image_size) {
        let side = size >> (stage + 1);
        total += 9 * (width << (stage + 1).min(3)) * side * side;
    }
    (total, stem)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ModelPreset;

    #[test]
    fn the_estimate_grows_with_the_batch_and_the_side() {
        let base = gan_memory(&GanConfig::sized(ModelPreset::Small, 64, 32));
        let double = gan_memory(&GanConfig::sized(ModelPreset::Small, 128, 32));
        assert_eq!(double.step_bytes, 2 * base.step_bytes);
        let wide = gan_memory(&GanConfig::sized(ModelPreset::Small, 64, 64));
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
            assert!(
                check_gan_fits(&GanConfig::sized(ModelPreset::Medium, 128, 64), &budget).is_ok()
            );
        }
        let refused = check_gan_fits(
            &GanConfig::sized(ModelPreset::Small, 4096, 64),
            &CPU_PAGE_BUDGET,
        )
        .expect_err("batch 4096 at 64 px killed the worker");
        let message = refused.to_string();
        assert!(
            message.contains("batch 4096 at 64 px needs about"),
            "{message}"
        );
        assert!(message.contains("lower the batch size"), "{message}");
        let default = ContrastiveConfig::default();
        assert!(check_contrastive_fits(&default, &CPU_PAGE_BUDGET).is_ok());
        let largest_allowed = ContrastiveConfig {
            preset: ModelPreset::Medium,
            image_size: 64,
            batch_size: 512,
            queue_size: 1024,
            nda_views: 8,
            ..default
        };
        assert!(check_contrastive_fits(&largest_allowed, &CPU_PAGE_BUDGET).is_err());
        assert_eq!(megabytes(12_400_000), "12 MB");
        assert_eq!(megabytes(420_000), "0.4 MB");
        assert_eq!(megabytes(3_400_000_000), "3.4 GB");
    }
}
