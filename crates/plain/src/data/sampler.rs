//! The order in which a trainer sees the real images: every image once per epoch, in a fresh
//! seeded shuffle each epoch, in batches of a fixed size (like PyTorch's `DataLoader(shuffle=True,
//! drop_last=True)` in the reference code, so every batch has the size the models expect).

use rand::rngs::ChaCha8Rng;
use rand::seq::SliceRandom;

/// At most `limit` indices of `0..len`, spread evenly (all of them when `len <= limit`): the
/// images or clips an evaluation keeps of a larger set.
pub fn evenly_spaced(len: usize, limit: usize) -> Vec<usize> {
    if len <= limit {
        return (0..len).collect();
    }
    (0..limit).map(|i| i * len / limit).collect()
}

/// Yields batches of indices into a dataset of `len` images.
#[derive(Debug)]
pub struct EpochSampler {
    order: Vec<usize>,
    position: usize,
    rng: ChaCha8Rng,
}

impl EpochSampler {
    /// A sampler over `len` images, shuffled by `rng`.
    pub fn new(len: usize, mut rng: ChaCha8Rng) -> Self {
        let mut order: Vec<usize> = (0..len).collect();
        order.shuffle(&mut rng);
        Self {
            order,
            position: 0,
            rng,
        }
    }

    /// The next `batch` indices. When fewer than `batch` images are left in the epoch, they are
    /// dropped and a new shuffled epoch begins. `batch` must not exceed the dataset's size.
    pub fn next_batch(&mut self, batch: usize) -> Vec<usize> {
        let batch = batch.min(self.order.len());
        if self.position + batch > self.order.len() {
            self.order.shuffle(&mut self.rng);
            self.position = 0;
        }
        let indices = self.order[self.position..self.position + batch].to_vec();
        self.position += batch;
        indices
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn each_epoch_visits_every_image_once_and_drops_the_tail() {
        let mut sampler = EpochSampler::new(10, ChaCha8Rng::seed_from_u64(3));
        let first: Vec<usize> = (0..3).flat_map(|_| sampler.next_batch(3)).collect();
        let mut sorted = first.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 9, "no repeats within an epoch");
        // Only one image is left, so the fourth batch starts a new epoch.
        let next = sampler.next_batch(3);
        assert_eq!(next.len(), 3);
        assert!(next.iter().all(|&index| index < 10));
    }

    #[test]
    fn the_same_rng_gives_the_same_order() {
        let draw = |seed| {
            let mut sampler = EpochSampler::new(50, ChaCha8Rng::seed_from_u64(seed));
            (0..20)
                .flat_map(|_| sampler.next_batch(8))
                .collect::<Vec<_>>()
        };
        assert_eq!(draw(1), draw(1));
        assert_ne!(draw(1), draw(2));
    }
}
