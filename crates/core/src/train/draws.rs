//! Randomness the trainers draw on the host and hand to the device: latent vectors, class labels as
//! tensors, and which negative augmentation makes a batch's NDA images. Shared by the GAN and the
//! contrastive trainer, so it lives in neither's file.

use burn::tensor::{Device, Int, Tensor, TensorData};
use rand::RngExt;
use rand::rngs::ChaCha8Rng;

use super::TrainError;
use crate::model::init::normal_values;

/// One augmentation (an image's or a clip's), with probability proportional to its weight.
pub(crate) fn pick_by_weight<'a, T>(
    negatives: &'a [(T, f64)],
    rng: &mut ChaCha8Rng,
) -> Result<&'a T, TrainError> {
    let total: f64 = negatives.iter().map(|(_, weight)| weight).sum();
    let mut target = rng.random::<f64>() * total;
    let positive = negatives.iter().filter(|(_, weight)| *weight > 0.0);
    let mut last = None;
    for (augmentation, weight) in positive {
        last = Some(augmentation);
        if target < *weight {
            return Ok(augmentation);
        }
        target -= weight;
    }
    last.ok_or(TrainError::NoNegatives(total))
}

/// `count` standard-normal latent vectors of `latent_dim` drawn from `rng`, on `device`.
pub fn latent(count: usize, latent_dim: usize, rng: &mut ChaCha8Rng, device: &Device) -> Tensor<2> {
    let values = normal_values(count * latent_dim, 1.0, rng);
    Tensor::from_data(TensorData::new(values, [count, latent_dim]), device)
}

/// Host class ids as a `[count]` integer tensor.
pub fn labels_tensor(labels: &[usize], device: &Device) -> Tensor<1, Int> {
    let values: Vec<i64> = labels.iter().map(|&label| label as i64).collect();
    Tensor::from_data(TensorData::new(values, [labels.len()]), device)
}
