//! CutMix as a negative augmentation (Sinha et al., ICLR 2021, Sec. 4 and Table 2).
//!
//! A box of a partner image from the same batch is pasted over each image. As in the reference
//! code (after Yun et al., 2019), `lambda ~ Beta(1, 1)` is drawn once per batch, the box has sides
//! `sqrt(1 - lambda) * height` and `sqrt(1 - lambda) * width`, and its centre is uniform over the
//! image with the box clipped to the image. Unlike the reference, the box is never empty (at least
//! 1x1) and never the whole image, so the output is always a true composite of two images.

use rand::RngExt;
use rand::rngs::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::partner::{check_beta, check_pairable, derangement, draw_lambda};
use super::region::PixelBox;
use super::{AugmentError, check_images};

/// Settings of the cutmix augmentation: the Beta distribution of `lambda`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CutmixConfig {
    /// First Beta parameter (must be > 0).
    pub alpha: f64,
    /// Second Beta parameter (must be > 0).
    pub beta: f64,
}

impl Default for CutmixConfig {
    /// Beta(1, 1), i.e. uniform `lambda`, the reference code's setting.
    fn default() -> Self {
        Self {
            alpha: 1.0,
            beta: 1.0,
        }
    }
}

impl CutmixConfig {
    /// Checks the settings on their own.
    pub fn validate(&self) -> Result<(), AugmentError> {
        check_beta("cutmix alpha", self.alpha, "cutmix beta", self.beta)
    }

    /// Checks the settings against a `[batch, channels, height, width]` batch shape.
    pub fn validate_for_shape(&self, shape: [usize; 4]) -> Result<(), AugmentError> {
        self.validate()?;
        check_images(shape)?;
        check_pairable("cutmix", shape[0])
    }

    /// Draws the partners, `lambda` and the batch's box.
    pub fn plan(
        &self,
        shape: [usize; 4],
        rng: &mut ChaCha8Rng,
    ) -> Result<CutmixPlan, AugmentError> {
        self.validate_for_shape(shape)?;
        let [batch, _, height, width] = shape;
        let partners = derangement(batch, rng)?;
        let lambda = draw_lambda(self.alpha, self.beta, rng)?;
        let cut_ratio = (1.0 - lambda).sqrt();
        // Truncation as in the reference code: `int(size * sqrt(1 - lambda))`.
        let cut_height = (height as f64 * cut_ratio) as usize;
        let cut_width = (width as f64 * cut_ratio) as usize;
        let centre_row = rng.random_range(0..height);
        let centre_column = rng.random_range(0..width);
        let (top, bottom) = clipped_span(centre_row, cut_height, height);
        let (left, right) = clipped_span(centre_column, cut_width, width);
        let mut region = PixelBox {
            top,
            left,
            height: bottom - top,
            width: right - left,
        };
        if region.area() == height * width {
            // Pasting the whole partner would return a real image; keep one column of the image.
            region.width -= 1;
        }
        Ok(CutmixPlan {
            shape,
            lambda,
            region,
            partners,
        })
    }
}

/// The random draws of one cutmix call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CutmixPlan {
    /// The batch shape the plan was drawn for.
    pub shape: [usize; 4],
    /// The batch's `lambda`, strictly inside (0, 1); the box side is `sqrt(1 - lambda) * size`.
    pub lambda: f64,
    /// The pasted box, the same for every image; non-empty and smaller than the image.
    pub region: PixelBox,
    /// `partners[i]` is pasted into image `i`; never `i` itself.
    pub partners: Vec<usize>,
}

/// The span `centre - cut / 2 .. centre + cut / 2` clipped to `0..size`, as in the reference code,
/// widened to the single pixel `centre` when clipping or a tiny cut leaves it empty.
/// Requires `centre < size`.
fn clipped_span(centre: usize, cut: usize, size: usize) -> (usize, usize) {
    let half = cut / 2;
    let start = centre.saturating_sub(half);
    let end = (centre + half).min(size);
    if end > start {
        (start, end)
    } else {
        (centre, centre + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::augment::seeded as rng;

    #[test]
    fn box_is_inside_non_empty_partial_and_sized_by_lambda() {
        let mut draws = rng(3);
        for _ in 0..500 {
            let plan = CutmixConfig::default()
                .plan([2, 3, 8, 6], &mut draws)
                .expect("valid");
            let region = plan.region;
            assert!(plan.lambda > 0.0 && plan.lambda < 1.0);
            assert!(region.fits_in(8, 6));
            assert!(region.area() >= 1 && region.area() < 8 * 6);
            let cut_ratio = (1.0 - plan.lambda).sqrt();
            assert!(region.height <= ((8.0 * cut_ratio) as usize).max(1));
            assert!(region.width <= ((6.0 * cut_ratio) as usize).max(1));
        }
    }

    #[test]
    fn clipped_span_matches_the_reference_and_is_never_empty() {
        assert_eq!(clipped_span(4, 4, 8), (2, 6));
        assert_eq!(clipped_span(1, 6, 8), (0, 4));
        assert_eq!(clipped_span(7, 6, 8), (4, 8));
        assert_eq!(clipped_span(3, 0, 8), (3, 4));
        assert_eq!(clipped_span(3, 1, 8), (3, 4));
    }

    #[test]
    fn invalid_settings_are_refused() {
        assert!(matches!(
            CutmixConfig {
                alpha: 0.0,
                beta: 1.0
            }
            .validate(),
            Err(AugmentError::ParameterOutOfRange { .. })
        ));
        assert!(matches!(
            CutmixConfig::default().plan([1, 3, 8, 8], &mut rng(0)),
            Err(AugmentError::BatchTooSmall { batch_size: 1, .. })
        ));
    }
}
