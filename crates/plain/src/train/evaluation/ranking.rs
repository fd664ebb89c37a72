//! Where one image's score falls among others ("higher than 93 % of real images"): the score the
//! page shows for a dropped image, and the mid-rank percentile behind it. Plain host values;
//! `image_score.rs` computes them with a discriminator.

use serde::{Deserialize, Serialize};

/// Generated images an uploaded image is ranked among.
pub const GENERATED_FOR_RANKING: usize = 256;

/// One image's score under one discriminator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImageScore {
    /// D's raw logit (higher: more like the training data).
    pub score: f32,
    /// Percentage of held-out real images D scores lower.
    pub percentile_real: f64,
    /// Percentage of the generator's samples D scores lower.
    pub percentile_generated: f64,
}

/// Percentage of `among` below `value`, ties counted half (the mid-rank percentile), so a value
/// equal to every entry sits at 50 %. `None` when `among` is empty.
pub fn percentile(value: f32, among: &[f32]) -> Option<f64> {
    if among.is_empty() {
        return None;
    }
    let below = among.iter().filter(|other| **other < value).count() as f64;
    let tied = among.iter().filter(|other| **other == value).count() as f64;
    Some(100.0 * (below + tied / 2.0) / among.len() as f64)
}
