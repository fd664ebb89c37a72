//! Mixup as a negative augmentation (Sinha et al., ICLR 2021, Sec. 4 and Table 2).
//!
//! Each image is blended with a partner from the same batch, `lambda * x + (1 - lambda) * x_partner`,
//! with one `lambda ~ Beta(25, 25)` per batch (reference code), so most blends are close to half and
//! half: two ghostly overlaid objects that no real photograph shows. Partners form a derangement.

use rand::rngs::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::partner::{check_beta, check_pairable, derangement, draw_lambda};
use super::{AugmentError, check_images};

/// Settings of the mixup augmentation: the Beta distribution of the mixing weight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MixupConfig {
    /// First Beta parameter (must be > 0).
    pub alpha: f64,
    /// Second Beta parameter (must be > 0).
    pub beta: f64,
}

impl Default for MixupConfig {
    /// Beta(25, 25), the reference code's setting.
    fn default() -> Self {
        Self {
            alpha: 25.0,
            beta: 25.0,
        }
    }
}

impl MixupConfig {
    /// Checks the settings on their own.
    pub fn validate(&self) -> Result<(), AugmentError> {
        check_beta("mixup alpha", self.alpha, "mixup beta", self.beta)
    }

    /// Checks the settings against a `[batch, channels, height, width]` batch shape.
    pub fn validate_for_shape(&self, shape: [usize; 4]) -> Result<(), AugmentError> {
        self.validate()?;
        check_images(shape)?;
        check_pairable("mixup", shape[0])
    }

    /// Draws the partners and the batch's mixing weight.
    pub fn plan(&self, shape: [usize; 4], rng: &mut ChaCha8Rng) -> Result<MixupPlan, AugmentError> {
        self.validate_for_shape(shape)?;
        let partners = derangement(shape[0], rng)?;
        let lambda = draw_lambda(self.alpha, self.beta, rng)?;
        Ok(MixupPlan {
            shape,
            lambda,
            partners,
        })
    }
}

/// The random draws of one mixup call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MixupPlan {
    /// The batch shape the plan was drawn for.
    pub shape: [usize; 4],
    /// Weight of the image itself, strictly inside (0, 1).
    pub lambda: f64,
    /// `partners[i]` is blended into image `i`; never `i` itself.
    pub partners: Vec<usize>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::augment::seeded as rng;

    #[test]
    fn lambda_concentrates_near_one_half() {
        let config = MixupConfig::default();
        let mut draws = rng(11);
        let lambdas: Vec<f64> = (0..400)
            .map(|_| config.plan([2, 1, 2, 2], &mut draws).expect("valid").lambda)
            .collect();
        let mean = lambdas.iter().sum::<f64>() / lambdas.len() as f64;
        assert!((mean - 0.5).abs() < 0.02, "mean {mean}");
        assert!(lambdas.iter().all(|&l| (0.15..0.85).contains(&l)));
    }

    #[test]
    fn invalid_settings_are_refused() {
        for (alpha, beta) in [
            (0.0, 1.0),
            (1.0, -2.0),
            (f64::NAN, 1.0),
            (f64::INFINITY, 1.0),
        ] {
            assert!(matches!(
                MixupConfig { alpha, beta }.validate(),
                Err(AugmentError::ParameterOutOfRange { .. })
            ));
        }
        assert!(matches!(
            MixupConfig::default().plan([1, 3, 8, 8], &mut rng(0)),
            Err(AugmentError::BatchTooSmall { batch_size: 1, .. })
        ));
    }
}
