//! Seeded Gaussian feature sets for the tests of the sample-quality metrics (KID, Fréchet distance,
//! precision/recall/density/coverage): known distributions give known answers.

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

use super::Features;

/// `num_rows` rows of `dim` independent N(`shift`, 1) values from the ChaCha8 stream of `seed`, in
/// order: the same arguments give the same rows.
pub(super) fn gaussian(num_rows: usize, dim: usize, shift: f32, seed: u64) -> Features {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let values = (0..num_rows * dim)
        .map(|_| standard_normal(&mut rng) as f32 + shift)
        .collect();
    Features { values, dim }
}

/// One N(0, 1) draw by Box–Muller from two uniform draws (the first kept away from 0).
fn standard_normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1 = 1.0 - rng.random::<f64>();
    let u2 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}
