//! Random resized crops with optional horizontal flips, as batched bilinear resampling matrices.
//!
//! Part of the positive views of the contrastive experiments (MoCo-v2 augmentations, which
//! Sinha et al., ICLR 2021, Sec. 5 extend with NDA negatives). A crop-and-resize of an `H x W` image
//! is linear in the pixels: `out = Ry · x · Rxᵀ`, where row `i` of `Ry` (`H x H`) holds the bilinear
//! weights of output row `i` over the input rows, and likewise `Rx` (`W x W`) for columns; a flip
//! just reverses the rows of `Rx`. The matrices are built here on the host (`N·(H² + W²)` floats)
//! and applied with two batched matmuls (`ops/resample.rs`), so the same code runs on WebGPU and
//! on the CPU.

use rand::RngExt;
use rand::rngs::ChaCha8Rng;

use super::region::PixelBox;

/// Aspect ratios (width / height) of the crops: [3/4, 4/3], torchvision's `RandomResizedCrop`.
const ASPECT_RATIO_RANGE: (f64, f64) = (3.0 / 4.0, 4.0 / 3.0);

/// Attempts before falling back to a centre crop, as in torchvision's `RandomResizedCrop`.
const CROP_ATTEMPTS: usize = 10;

/// Draws a crop covering `[min_scale, 1]` of the image area with aspect ratio in [3/4, 4/3]
/// (log-uniform), uniformly placed; torchvision's `RandomResizedCrop.get_params` on the host.
pub(crate) fn random_crop(
    height: usize,
    width: usize,
    min_scale: f64,
    rng: &mut ChaCha8Rng,
) -> PixelBox {
    let area = (height * width) as f64;
    let (log_min, log_max) = (ASPECT_RATIO_RANGE.0.ln(), ASPECT_RATIO_RANGE.1.ln());
    for _ in 0..CROP_ATTEMPTS {
        let target_area = area * rng.random_range(min_scale..=1.0);
        let aspect_ratio = rng.random_range(log_min..=log_max).exp();
        let crop_width = (target_area * aspect_ratio).sqrt().round() as usize;
        let crop_height = (target_area / aspect_ratio).sqrt().round() as usize;
        if (1..=width).contains(&crop_width) && (1..=height).contains(&crop_height) {
            return PixelBox {
                top: rng.random_range(0..=height - crop_height),
                left: rng.random_range(0..=width - crop_width),
                height: crop_height,
                width: crop_width,
            };
        }
    }
    centre_crop(height, width)
}

/// The largest centred crop whose aspect ratio lies in [3/4, 4/3] (torchvision's fallback).
fn centre_crop(height: usize, width: usize) -> PixelBox {
    let image_ratio = width as f64 / height as f64;
    let (crop_height, crop_width) = if image_ratio < ASPECT_RATIO_RANGE.0 {
        (
            (width as f64 / ASPECT_RATIO_RANGE.0).round() as usize,
            width,
        )
    } else if image_ratio > ASPECT_RATIO_RANGE.1 {
        (
            height,
            (height as f64 * ASPECT_RATIO_RANGE.1).round() as usize,
        )
    } else {
        (height, width)
    };
    let (crop_height, crop_width) = (crop_height.clamp(1, height), crop_width.clamp(1, width));
    PixelBox {
        top: (height - crop_height) / 2,
        left: (width - crop_width) / 2,
        height: crop_height,
        width: crop_width,
    }
}

/// The `size x size` bilinear matrix (row = output index, column = input index) that resizes the
/// span `start..start + length` to `size` samples, half-pixel centres (`align_corners = false`),
/// clamped at the crop border. With `flipped`, output `i` takes the weights of output `size - 1 - i`.
/// Every row sums to 1, so outputs stay within the range of the inputs.
pub fn resampling_matrix(start: usize, length: usize, size: usize, flipped: bool) -> Vec<f32> {
    let mut matrix = vec![0.0f32; size * size];
    let last = (start + length - 1) as f64;
    let step = length as f64 / size as f64;
    for output in 0..size {
        let mirrored = if flipped { size - 1 - output } else { output };
        let source =
            (start as f64 + (mirrored as f64 + 0.5) * step - 0.5).clamp(start as f64, last);
        let lower = source.floor();
        let fraction = (source - lower) as f32;
        let lower_index = lower as usize;
        let upper_index = (lower_index + 1).min(last as usize);
        matrix[output * size + lower_index] += 1.0 - fraction;
        matrix[output * size + upper_index] += fraction;
    }
    matrix
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::ChaCha8Rng;

    #[test]
    fn matrix_rows_are_convex_and_stay_inside_the_crop() {
        let matrix = resampling_matrix(2, 3, 8, true);
        for row in matrix.chunks(8) {
            assert!((row.iter().sum::<f32>() - 1.0).abs() < 1e-6);
            assert!(row.iter().all(|&w| w >= 0.0));
            assert!(
                row.iter()
                    .enumerate()
                    .all(|(col, &w)| w == 0.0 || (2..5).contains(&col))
            );
        }
    }

    #[test]
    fn crops_respect_scale_and_aspect_ratio() {
        let mut draws = ChaCha8Rng::seed_from_u64(4);
        for _ in 0..500 {
            let crop = random_crop(32, 32, 0.2, &mut draws);
            assert!(crop.fits_in(32, 32) && crop.area() >= 1);
            let scale = crop.area() as f64 / 1024.0;
            assert!(scale > 0.15, "scale {scale}");
            let ratio = crop.width as f64 / crop.height as f64;
            assert!((0.6..1.5).contains(&ratio), "ratio {ratio}");
        }
        assert_eq!(
            centre_crop(10, 40),
            PixelBox {
                top: 0,
                left: 13,
                height: 10,
                width: 13
            }
        );
    }
}
