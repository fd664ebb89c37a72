//! Helpers shared by the augmentation tests: seeded random batches and host-side pixel access.

use burn::tensor::{Device, Tensor, TensorData};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

/// A host copy of a batch plus its shape, for checking outputs pixel by pixel.
#[derive(Debug, Clone, PartialEq)]
pub struct HostImages {
    /// `[batch, channels, height, width]`.
    pub shape: [usize; 4],
    /// Row-major values.
    pub values: Vec<f32>,
}

impl HostImages {
    /// Reads a tensor back (tests only; the augmentations themselves never read back).
    pub fn read(tensor: Tensor<4>) -> Self {
        let shape = tensor.dims();
        let values = tensor.into_data().try_to_vec::<f32>().expect("f32 images");
        Self { shape, values }
    }

    /// The value of one pixel of one channel.
    pub fn at(&self, image: usize, channel: usize, row: usize, col: usize) -> f32 {
        let [_, channels, height, width] = self.shape;
        self.values[((image * channels + channel) * height + row) * width + col]
    }

    /// Whether every value lies in `[-1, 1]`.
    pub fn in_unit_range(&self) -> bool {
        self.values.iter().all(|value| (-1.0..=1.0).contains(value))
    }
}

/// A batch of uniform random values in `[-1, 1]` from `seed`, on the CPU device.
pub fn random_images(shape: [usize; 4], seed: u64) -> (HostImages, Tensor<4>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let count = shape.iter().product();
    let values: Vec<f32> = (0..count)
        .map(|_| rng.random_range(-1.0f32..=1.0))
        .collect();
    let tensor = Tensor::<4>::from_data(TensorData::new(values.clone(), shape), &Device::flex());
    (HostImages { shape, values }, tensor)
}

/// A fresh seeded RNG for the augmentation draws.
pub fn rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// Asserts that `apply` on a random batch of `shape` gives the same output for the same seed and
/// a different output for another seed: every augmentation's randomness comes from its RNG alone.
pub fn assert_seed_determines_output(
    shape: [usize; 4],
    apply: impl Fn(Tensor<4>, &mut ChaCha8Rng) -> Result<Tensor<4>, crate::augment::AugmentError>,
) {
    let (_, real) = random_images(shape, 3);
    let draw = |seed| HostImages::read(apply(real.clone(), &mut rng(seed)).expect("valid"));
    assert_eq!(draw(1), draw(1));
    assert_ne!(draw(1), draw(2));
}
