//! Seeded weight initialisation: N(0, 0.02) weights drawn on the host from the one explicit RNG.
//!
//! Sinha et al. (ICLR 2021) train BigGAN with weights drawn from N(0, 0.02). burn's initialisers
//! draw from the device's global generator, which tests running in parallel share, so a seed would
//! not give the same model twice. Drawing on the host from a `ChaCha8Rng` and uploading once makes
//! the same config and seed give the same model on every device.

use burn::module::Param;
use burn::tensor::{Device, Tensor, TensorData};
use rand::RngExt;
use rand::rngs::ChaCha8Rng;

/// Standard deviation of the initial weights, from the reference BigGAN code (`init = 'N02'`).
pub const INIT_STD: f32 = 0.02;

pub use crate::seeding::normal_values;

/// A trainable tensor of `shape` with N(0, `std`) entries drawn from `rng`.
pub fn normal_param<const D: usize>(
    shape: [usize; D],
    std: f32,
    rng: &mut ChaCha8Rng,
    device: &Device,
) -> Param<Tensor<D>> {
    let values = normal_values(shape.iter().product(), std, rng);
    Param::from_data(TensorData::new(values, shape), device)
}

/// A trainable tensor of `shape` filled with zeros (biases).
pub fn zeros_param<const D: usize>(shape: [usize; D], device: &Device) -> Param<Tensor<D>> {
    Param::from_tensor(Tensor::zeros(shape, device))
}

/// A unit-length random vector of `len` entries: the starting `u` of a power iteration.
pub fn unit_vector(len: usize, rng: &mut ChaCha8Rng) -> Vec<f32> {
    let values = normal_values(len, 1.0, rng);
    let norm = values
        .iter()
        .map(|v| v * v)
        .sum::<f32>()
        .sqrt()
        .max(f32::EPSILON);
    values.iter().map(|v| v / norm).collect()
}

/// Draws `count` class labels uniformly from `0..num_classes` (as BigGAN samples fake labels).
pub fn uniform_labels(count: usize, num_classes: usize, rng: &mut ChaCha8Rng) -> Vec<usize> {
    (0..count)
        .map(|_| rng.random_range(0..num_classes.max(1)))
        .collect()
}
