//! Partner images for the pairing augmentations (stitching, mixup, cutmix).
//!
//! Sinha et al. (ICLR 2021) mix each real image with another image of the same batch. If an image
//! were paired with itself, stitching, mixup and cutmix would return the real image unchanged and
//! train it as fake, so partners are drawn as a derangement: a permutation without fixed points.

use rand::RngExt;
use rand::rngs::ChaCha8Rng;
use rand::seq::SliceRandom;
use rand_distr::Beta;

use super::AugmentError;

/// Draws a uniformly random derangement of `0..num_images`: `partners[i] != i` for every `i`.
///
/// Method: rejection sampling. A uniform shuffle (Fisher-Yates) is redrawn until it has no fixed
/// point; every derangement is then equally likely, and about `e = 2.72` shuffles are needed on
/// average for any `num_images >= 2`. Sattolo's algorithm would be faster but only yields single
/// cycles, so for example `[1, 0, 3, 2]` could never be drawn.
///
/// Errors with [`AugmentError::BatchTooSmall`] when `num_images < 2`, where no derangement exists.
pub fn derangement(num_images: usize, rng: &mut ChaCha8Rng) -> Result<Vec<usize>, AugmentError> {
    if num_images < 2 {
        return Err(AugmentError::BatchTooSmall {
            augmentation: "pairing an image with a partner",
            batch_size: num_images,
        });
    }
    let mut partners: Vec<usize> = (0..num_images).collect();
    loop {
        partners.shuffle(rng);
        if partners
            .iter()
            .enumerate()
            .all(|(index, &partner)| index != partner)
        {
            return Ok(partners);
        }
    }
}

/// Refuses batches where `augmentation` cannot find a partner for every image.
pub(crate) fn check_pairable(
    augmentation: &'static str,
    batch_size: usize,
) -> Result<(), AugmentError> {
    if batch_size < 2 {
        return Err(AugmentError::BatchTooSmall {
            augmentation,
            batch_size,
        });
    }
    Ok(())
}

/// Mixing weights are kept this far from 0 and 1, so a mixed image never equals one of its sources
/// (the NDA argument of the paper needs `0 < lambda < 1`). Beta(25, 25) never comes this close.
pub const LAMBDA_MARGIN: f64 = 1e-3;

/// Refuses Beta parameters that are not finite and positive.
pub(crate) fn check_beta(
    alpha_name: &'static str,
    alpha: f64,
    beta_name: &'static str,
    beta: f64,
) -> Result<(), AugmentError> {
    for (name, value) in [(alpha_name, alpha), (beta_name, beta)] {
        if !(value.is_finite() && value > 0.0) {
            return Err(AugmentError::out_of_range(
                name,
                value,
                "a finite number greater than 0 (a Beta distribution parameter)",
            ));
        }
    }
    Ok(())
}

/// Draws a mixing weight from `Beta(alpha, beta)`, clamped to
/// `[LAMBDA_MARGIN, 1 - LAMBDA_MARGIN]`. The parameters must have passed [`check_beta`].
pub(crate) fn draw_lambda(
    alpha: f64,
    beta: f64,
    rng: &mut ChaCha8Rng,
) -> Result<f64, AugmentError> {
    let distribution = Beta::new(alpha, beta).map_err(|_| {
        AugmentError::out_of_range(
            "Beta parameters (alpha, beta)",
            format!("({alpha}, {beta})"),
            "finite numbers greater than 0",
        )
    })?;
    let lambda: f64 = rng.sample(distribution);
    Ok(lambda.clamp(LAMBDA_MARGIN, 1.0 - LAMBDA_MARGIN))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn derangement_has_no_fixed_point_and_is_a_permutation() {
        for seed in 0..200 {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let num_images = 2 + (seed as usize % 7);
            let partners = derangement(num_images, &mut rng).expect("batch of at least 2");
            let mut sorted = partners.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, (0..num_images).collect::<Vec<_>>());
            assert!(partners.iter().enumerate().all(|(i, &p)| i != p));
        }
    }

    #[test]
    fn derangement_of_two_swaps_them() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        assert_eq!(derangement(2, &mut rng), Ok(vec![1, 0]));
    }

    #[test]
    fn derangement_reaches_more_than_single_cycles() {
        // Rejection sampling can return two swaps, which Sattolo's algorithm never does.
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let found = (0..500).any(|_| {
            let partners = derangement(4, &mut rng).expect("batch of 4");
            partners.iter().enumerate().all(|(i, &p)| partners[p] == i)
        });
        assert!(found);
    }

    #[test]
    fn derangement_refuses_a_batch_of_one() {
        let mut rng = ChaCha8Rng::seed_from_u64(0);
        assert!(matches!(
            derangement(1, &mut rng),
            Err(AugmentError::BatchTooSmall { batch_size: 1, .. })
        ));
    }
}
