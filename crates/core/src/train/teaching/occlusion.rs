//! Occlusion sensitivity (Zeiler & Fergus, 2014) of the discriminator: a grey patch slides over
//! the image and D scores every occluded copy; where hiding a patch changes D's score most is
//! where D looks. Only forward passes in inference mode, so it never changes the model (an input
//! gradient would need the training D, whose spectral norms update their state on every pass).
//!
//! On a jigsawed image, an NDA-trained D should look at the seams between the swapped patches:
//! [`OcclusionMap::seam_concentration`] measures that.

use burn::tensor::Device;

use crate::train::evaluation::inference::{discriminator_scores, upload};
use crate::train::{GanTrainer, TrainError};

/// Side of the grey square, in pixels.
pub const OCCLUSION_PATCH: usize = 4;
/// Step between two squares, in pixels (squares overlap, so a seam is covered by some squares
/// and not by their neighbours).
pub const OCCLUSION_STRIDE: usize = 2;
/// The grey of the square: 0 in the models' [-1, 1] range.
const GREY: f32 = 0.0;

/// D's score of an image and its change under each occluding square.
#[derive(Debug, Clone, PartialEq)]
pub struct OcclusionMap {
    /// Image side.
    pub size: usize,
    /// Squares per side.
    pub positions: usize,
    /// D's raw logit of the whole image.
    pub score: f32,
    /// `score(occluded) - score`, row by row, `positions²` values.
    pub changes: Vec<f32>,
}

impl OcclusionMap {
    /// Squares along one side for images of side `size`.
    pub fn positions_for(size: usize) -> usize {
        (size - OCCLUSION_PATCH) / OCCLUSION_STRIDE + 1
    }

    /// The mean absolute change of the squares covering each pixel, row by row (`size²`), for
    /// drawing a heat map.
    pub fn pixel_map(&self) -> Vec<f32> {
        let mut sums = vec![0.0f32; self.size * self.size];
        let mut counts = vec![0u32; self.size * self.size];
        for (index, change) in self.changes.iter().enumerate() {
            let (top, left) = self.corner(index);
            for y in top..top + OCCLUSION_PATCH {
                for x in left..left + OCCLUSION_PATCH {
                    sums[y * self.size + x] += change.abs();
                    counts[y * self.size + x] += 1;
                }
            }
        }
        sums.iter()
            .zip(&counts)
            .map(|(sum, &count)| if count == 0 { 0.0 } else { sum / count as f32 })
            .collect()
    }

    /// How much more D's score moves when a square covers a seam of a `grid × grid` jigsaw than
    /// on average: the mean absolute change of the squares straddling a seam line divided by the
    /// mean over all squares (1: no preference; `None` when nothing changes).
    pub fn seam_concentration(&self, grid: usize) -> Option<f64> {
        let seams: Vec<usize> = (1..grid).map(|k| k * self.size / grid).collect();
        let straddles = |start: usize| {
            seams
                .iter()
                .any(|&seam| start < seam && seam < start + OCCLUSION_PATCH)
        };
        let mut on_seams = (0.0f64, 0usize);
        let mut all = 0.0f64;
        for (index, change) in self.changes.iter().enumerate() {
            let (top, left) = self.corner(index);
            let magnitude = f64::from(change.abs());
            all += magnitude;
            if straddles(top) || straddles(left) {
                on_seams.0 += magnitude;
                on_seams.1 += 1;
            }
        }
        let mean = all / self.changes.len().max(1) as f64;
        (mean > 0.0 && on_seams.1 > 0).then(|| on_seams.0 / on_seams.1 as f64 / mean)
    }

    fn corner(&self, index: usize) -> (usize, usize) {
        (
            (index / self.positions) * OCCLUSION_STRIDE,
            (index % self.positions) * OCCLUSION_STRIDE,
        )
    }
}

/// The occlusion map of each image of `images` (`[n, 3, S, S]` host floats in [-1, 1]) under
/// `trainer`'s discriminator (a conditional D scores each copy under its most favourable class).
pub async fn occlusion_map(
    trainer: &GanTrainer,
    images: &[f32],
    size: usize,
    device: &Device,
) -> Result<Vec<OcclusionMap>, TrainError> {
    let pixels = 3 * size * size;
    let positions = OcclusionMap::positions_for(size);
    let mut maps = Vec::new();
    for image in images.chunks_exact(pixels) {
        // The image itself first, then one copy per square.
        let mut copies = image.to_vec();
        for index in 0..positions * positions {
            let mut copy = image.to_vec();
            let (top, left) = (
                (index / positions) * OCCLUSION_STRIDE,
                (index % positions) * OCCLUSION_STRIDE,
            );
            for channel in 0..3 {
                for y in top..top + OCCLUSION_PATCH {
                    let row = channel * size * size + y * size;
                    copy[row + left..row + left + OCCLUSION_PATCH].fill(GREY);
                }
            }
            copies.extend(copy);
        }
        let scores = discriminator_scores(trainer, &upload(copies, size, device), device).await?;
        let score = scores[0];
        maps.push(OcclusionMap {
            size,
            positions,
            score,
            changes: scores[1..]
                .iter()
                .map(|occluded| occluded - score)
                .collect(),
        });
    }
    Ok(maps)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(size: usize, change: impl Fn(usize, usize) -> f32) -> OcclusionMap {
        let positions = OcclusionMap::positions_for(size);
        OcclusionMap {
            size,
            positions,
            score: 0.0,
            changes: (0..positions * positions)
                .map(|index| {
                    change(
                        (index / positions) * OCCLUSION_STRIDE,
                        (index % positions) * OCCLUSION_STRIDE,
                    )
                })
                .collect(),
        }
    }

    #[test]
    fn a_map_that_only_moves_on_the_seams_concentrates_there_and_a_flat_one_does_not() {
        assert_eq!(OcclusionMap::positions_for(32), 15);
        let flat = map(32, |_, _| 1.0);
        assert!((flat.seam_concentration(2).expect("moves") - 1.0).abs() < 1e-12);
        // Squares starting at 14 cover rows 14-17: they straddle the seam between 15 and 16.
        let seams = map(
            32,
            |top, left| if top == 14 || left == 14 { -2.0 } else { 0.0 },
        );
        let concentration = seams.seam_concentration(2).expect("moves");
        assert!(concentration > 3.0, "{concentration}");
        let still = map(32, |_, _| 0.0);
        assert_eq!(still.seam_concentration(2), None);
    }

    #[test]
    fn the_pixel_map_averages_the_squares_over_each_pixel() {
        let corner = map(8, |top, left| if top == 0 && left == 0 { 4.0 } else { 0.0 });
        let pixels = corner.pixel_map();
        assert_eq!(pixels.len(), 64);
        assert_eq!(pixels[0], 4.0, "only the first square covers pixel (0, 0)");
        assert_eq!(
            pixels[2 * 8 + 2],
            1.0,
            "four squares cover (2, 2), one of them moved 4"
        );
        assert_eq!(pixels[63], 0.0);
    }
}
