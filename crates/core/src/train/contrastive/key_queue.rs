//! MoCo's queue of past keys (He et al., 2020): a ring of `size` unit vectors, the negatives every
//! query is contrasted with. Each step enqueues the batch's positive keys in place of the oldest
//! ones; NDA keys are never enqueued (Sinha et al., ICLR 2021: they are negatives of their own
//! image only). It starts, as MoCo's, from random unit vectors drawn from the seeded RNG.

use burn::tensor::{Device, Tensor, TensorData};
use rand::rngs::ChaCha8Rng;

use crate::model::init::normal_values;
use crate::model::l2_normalise;

/// The key queue, on the inference device (keys never need gradients).
#[derive(Debug, Clone)]
pub struct KeyQueue {
    keys: Tensor<2>,
    pointer: usize,
}

impl KeyQueue {
    /// `size` random unit keys of `dim` values, drawn from `rng`, on `device` (no autodiff).
    pub fn new(size: usize, dim: usize, rng: &mut ChaCha8Rng, device: &Device) -> Self {
        let values = normal_values(size * dim, 1.0, rng);
        let keys = Tensor::from_data(TensorData::new(values, [size, dim]), device);
        Self {
            keys: l2_normalise(keys).without_autodiff(),
            pointer: 0,
        }
    }

    /// The queue from stored keys and pointer (a restored run).
    pub fn from_parts(keys: Tensor<2>, pointer: usize) -> Self {
        Self {
            keys: keys.without_autodiff(),
            pointer,
        }
    }

    /// All keys, `[size, dim]`, in slot order (not age order).
    pub fn keys(&self) -> Tensor<2> {
        self.keys.clone()
    }

    /// The slot the next batch is written to.
    pub fn pointer(&self) -> usize {
        self.pointer
    }

    /// Replaces the `batch` oldest keys by `keys` (`[batch, dim]`) and advances the pointer,
    /// wrapping around. The config guarantees that the size is a multiple of the batch.
    pub fn enqueue(&mut self, keys: Tensor<2>) {
        let [batch, dim] = keys.dims();
        let [size, _] = self.keys.dims();
        let end = self.pointer + batch;
        self.keys = self
            .keys
            .clone()
            .slice_assign([self.pointer..end, 0..dim], keys.without_autodiff());
        self.pointer = end % size;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn enqueue_replaces_the_oldest_keys_in_order_and_wraps() {
        let device = Device::flex();
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut queue = KeyQueue::new(6, 2, &mut rng, &device);
        let norms: Vec<f32> = queue
            .keys()
            .powf_scalar(2.0)
            .sum_dim(1)
            .into_data()
            .try_to_vec::<f32>()
            .expect("f");
        assert!(norms.iter().all(|n| (n - 1.0).abs() < 1e-5));
        let batch = |first: f32| {
            Tensor::<2>::from_data(
                TensorData::new(vec![first, 0.0, first + 1.0, 0.0], [2, 2]),
                &device,
            )
        };
        for (step, first) in [10.0, 20.0, 30.0, 40.0].into_iter().enumerate() {
            queue.enqueue(batch(first));
            assert_eq!(queue.pointer(), (2 * (step + 1)) % 6);
        }
        let column: Vec<f32> = queue
            .keys()
            .narrow(1, 0, 1)
            .into_data()
            .try_to_vec::<f32>()
            .expect("f");
        // Slots 0-1 were overwritten by the fourth batch, 2-3 by the second, 4-5 by the third.
        assert_eq!(column, vec![40.0, 41.0, 20.0, 21.0, 30.0, 31.0]);
    }
}
