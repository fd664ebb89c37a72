//! Seeds and random streams shared by every trainer: one user-visible seed per run, split into
//! independent ChaCha8 streams by purpose, so adding a use of randomness in one place never shifts
//! the numbers of another, and an NDA run and its baseline draw the same weights, noise and data.

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

/// Independent random streams of one seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RngStream {
    /// Initial weights.
    Init = 0,
    /// Latent noise and fake labels of GAN steps; the positive views of contrastive steps.
    Noise = 1,
    /// Choice and draws of the negative augmentations.
    Augment = 2,
    /// Order of the real images.
    Data = 3,
    /// The fixed noise of the sample grid and requested sample grids.
    FixedNoise = 4,
    /// The noise of the samples an evaluation judges, and the draws of its NDA and corrupted
    /// images: the same for an NDA run and its baseline, so their evaluations are paired.
    Evaluation = 5,
}

/// The ChaCha8 generator of `stream` under `seed`: the 32-byte key is the seed followed by the
/// stream number, so streams never overlap.
pub fn stream_rng(seed: u64, stream: RngStream) -> ChaCha8Rng {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    key[8..16].copy_from_slice(&(stream as u64).to_le_bytes());
    ChaCha8Rng::from_seed(key)
}

/// An exact copy of `rng` at its current position (rand 0.10's ChaCha8 is not `Clone`), used to
/// snapshot a trainer's last good state.
pub fn fork(rng: &ChaCha8Rng) -> ChaCha8Rng {
    let mut copy = ChaCha8Rng::from_seed(rng.get_seed());
    copy.set_stream(rng.get_stream());
    copy.set_word_pos(rng.get_word_pos());
    copy
}

/// A stream's generator whose `clone` is a [`fork`]: a trainer that holds its streams as these
/// derives `Clone`, and its snapshot continues every stream exactly where the trainer is. It
/// derefs to the generator, so it goes wherever a `&mut ChaCha8Rng` does.
#[derive(Debug)]
pub struct StreamRng(ChaCha8Rng);

impl StreamRng {
    /// The generator of `stream` under `seed` ([`stream_rng`]).
    pub fn new(seed: u64, stream: RngStream) -> Self {
        Self(stream_rng(seed, stream))
    }
}

impl Clone for StreamRng {
    fn clone(&self) -> Self {
        Self(fork(&self.0))
    }
}

impl std::ops::Deref for StreamRng {
    type Target = ChaCha8Rng;

    fn deref(&self) -> &ChaCha8Rng {
        &self.0
    }
}

impl std::ops::DerefMut for StreamRng {
    fn deref_mut(&mut self) -> &mut ChaCha8Rng {
        &mut self.0
    }
}

/// `count` draws from N(0, `std`), in order, from `rng`.
pub fn normal_values(count: usize, std: f32, rng: &mut ChaCha8Rng) -> Vec<f32> {
    (0..count)
        .map(|_| {
            let draw: f32 = StandardNormal.sample(rng);
            draw * std
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::RngExt;

    #[test]
    fn a_fork_continues_exactly_where_the_original_is() {
        let mut original = stream_rng(7, RngStream::Noise);
        let _: [u32; 5] = std::array::from_fn(|_| original.random());
        let mut copy = fork(&original);
        let a: Vec<u64> = (0..10).map(|_| original.random()).collect();
        let b: Vec<u64> = (0..10).map(|_| copy.random()).collect();
        assert_eq!(a, b);
        let mut stream = StreamRng::new(7, RngStream::Noise);
        let _: u64 = stream.random();
        let mut snapshot = stream.clone();
        assert_eq!(stream.random::<u64>(), snapshot.random::<u64>());
    }

    #[test]
    fn streams_of_one_seed_differ() {
        let first = |stream| stream_rng(1, stream).random::<u64>();
        assert_ne!(first(RngStream::Init), first(RngStream::Noise));
        assert_eq!(first(RngStream::Data), first(RngStream::Data));
    }
}
