//! Fresh images for evaluation, any number of them: the held-out procedural images of a built-in
//! set (never in a training set a user can pick, see [`HeldOut`]), in blocks of the largest set
//! one seed draws, and the real-versus-NDA batches the structure detector learns from.

use burn::tensor::{Device, Int, Tensor, TensorData};
use rand::rngs::ChaCha8Rng;

use crate::augment::{Augment, NegativeAugmentation, NegativeKind};
use crate::data::{BuiltinDataset, BuiltinSpec, HeldOut, ImageBatch, ImageSet, MAX_BUILTIN_COUNT};
use crate::train::TrainError;

/// Which held-out images: a set, a side, a purpose and a seed that picks among held-out sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HeldOutSource {
    /// The built-in set.
    pub dataset: BuiltinDataset,
    /// Image side.
    pub size: usize,
    /// What the images are for (each purpose has its own images).
    pub purpose: HeldOut,
    /// Picks among held-out sets of this purpose.
    pub seed: u64,
}

impl HeldOutSource {
    /// Images `start..start + count`: image `i` comes from the set of seed `seed + i / 20,000`,
    /// so there is no limit on how many fresh images a source gives. Labels are balanced.
    pub fn images(&self, start: usize, count: usize) -> Result<ImageSet, TrainError> {
        let mut images: Option<ImageSet> = None;
        let mut index = start;
        while index < start + count {
            let block = index / MAX_BUILTIN_COUNT;
            let local = index % MAX_BUILTIN_COUNT;
            let end = (local + (start + count - index)).min(MAX_BUILTIN_COUNT);
            let spec = BuiltinSpec {
                dataset: self.dataset,
                size: self.size,
                count: MAX_BUILTIN_COUNT,
                seed: self.seed.wrapping_add(block as u64),
            };
            let part = crate::data::generate_held_out(&spec, self.purpose, local..end)
                .map_err(|error| TrainError::Dataset(error.to_string()))?;
            index += end - local;
            match images.as_mut() {
                Some(images) => images
                    .append(part)
                    .map_err(|error| TrainError::Dataset(error.to_string()))?,
                None => images = Some(part),
            }
        }
        images.ok_or(TrainError::Dataset("no images were asked for".to_string()))
    }
}

/// All images of `set` as a `[n, 3, S, S]` tensor in [-1, 1] on `device`.
pub fn all_images(set: &ImageSet, device: &Device) -> Tensor<4> {
    let indices: Vec<usize> = (0..set.len()).collect();
    set.batch(&indices, device)
}

/// The labels of `set` as a `[n]` tensor (0 for unlabelled images).
pub fn all_labels(set: &ImageSet, device: &Device) -> Tensor<1, Int> {
    let labels: Vec<i64> = set
        .labels()
        .iter()
        .map(|label| i64::from(label.unwrap_or(0)))
        .collect();
    Tensor::from_data(TensorData::new(labels, [set.len()]), device)
}

/// Detector target of a real image; NDA kind `k` of [`NegativeKind::ALL`] is `k + 1`.
pub const REAL_TARGET: i64 = 0;

/// A detector batch from `real` `[batch, 3, S, S]`: the first half stays real, the second half is
/// split into five nearly equal parts, part `k` transformed by kind `k` with its default
/// settings (partners come from the same part). Returns the images and their targets.
pub fn real_and_negative(
    real: Tensor<4>,
    rng: &mut ChaCha8Rng,
) -> Result<(Tensor<4>, Vec<i64>), TrainError> {
    let [batch, ..] = real.dims();
    let num_real = batch / 2;
    let num_parts = NegativeKind::ALL.len();
    if batch - num_real < 2 * num_parts {
        return Err(TrainError::out_of_range(
            "detector batch",
            batch,
            "at least 22 images",
        ));
    }
    let mut images = vec![real.clone().narrow(0, 0, num_real)];
    let mut targets = vec![REAL_TARGET; num_real];
    let mut start = num_real;
    for (part, kind) in NegativeKind::ALL.into_iter().enumerate() {
        let remaining_parts = num_parts - part;
        let length = (batch - start) / remaining_parts;
        let chunk = real.clone().narrow(0, start, length);
        images.push(NegativeAugmentation::default_for(kind).apply(chunk, rng)?);
        targets.extend(std::iter::repeat_n(part as i64 + 1, length));
        start += length;
    }
    Ok((Tensor::cat(images, 0), targets))
}
