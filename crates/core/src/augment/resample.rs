//! Random resized crops with optional horizontal flips, as batched bilinear resampling matrices.
//!
//! Part of the positive views of the contrastive experiments (MoCo-v2 augmentations, which
//! Sinha et al., ICLR 2021, Sec. 5 extend with NDA negatives). A crop-and-resize of an `H x W` image
//! is linear in the pixels: `out = Ry · x · Rxᵀ`, where row `i` of `Ry` (`H x H`) holds the bilinear
//! weights of output row `i` over the input rows, and likewise `Rx` (`W x W`) for columns; a flip
//! just reverses the rows of `Rx`. The matrices are built on the host (`N·(H² + W²)` floats) and
//! applied with two batched matmuls, so the same code runs on WebGPU and on the CPU.

use burn::tensor::{Tensor, TensorData};
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
pub(crate) fn resampling_matrix(
    start: usize,
    length: usize,
    size: usize,
    flipped: bool,
) -> Vec<f32> {
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

/// Crops, resizes back to full size and optionally mirrors every image of `real`
/// (`[batch, channels, height, width]`), with two batched matmuls.
pub(crate) fn crop_and_flip(real: Tensor<4>, crops: &[PixelBox], flips: &[bool]) -> Tensor<4> {
    let [batch, channels, height, width] = real.dims();
    let device = real.device();
    let rows: Vec<f32> = crops
        .iter()
        .flat_map(|crop| resampling_matrix(crop.top, crop.height, height, false))
        .collect();
    let columns_transposed: Vec<f32> = crops
        .iter()
        .zip(flips)
        .flat_map(|(crop, &flipped)| {
            transpose(
                &resampling_matrix(crop.left, crop.width, width, flipped),
                width,
            )
        })
        .collect();
    let rows = Tensor::<4>::from_data(TensorData::new(rows, [batch, 1, height, height]), &device)
        .expand([batch, channels, height, height]);
    let columns_transposed = Tensor::<4>::from_data(
        TensorData::new(columns_transposed, [batch, 1, width, width]),
        &device,
    )
    .expand([batch, channels, width, width]);
    // [batch, channels, height, height] · [batch, channels, height, width] · [batch, channels, width, width]
    rows.matmul(real).matmul(columns_transposed) // [batch, channels, height, width]
}

/// Transposes a row-major `size x size` matrix.
fn transpose(matrix: &[f32], size: usize) -> Vec<f32> {
    (0..size * size)
        .map(|index| matrix[(index % size) * size + index / size])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::augment::test_support::{HostImages, random_images, rng};

    #[test]
    fn full_crop_is_the_identity_and_flip_mirrors_columns() {
        let identity = resampling_matrix(0, 4, 4, false);
        let expected: Vec<f32> = (0..16)
            .map(|i| if i % 5 == 0 { 1.0 } else { 0.0 })
            .collect();
        assert_eq!(identity, expected);
        let shape = [2, 3, 4, 6];
        let (input, real) = random_images(shape, 1);
        let full = PixelBox {
            top: 0,
            left: 0,
            height: 4,
            width: 6,
        };
        let output = HostImages::read(crop_and_flip(real, &[full, full], &[false, true]));
        for (channel, row, col) in [(0, 0, 0), (1, 2, 5), (2, 3, 1)] {
            assert_eq!(
                output.at(0, channel, row, col),
                input.at(0, channel, row, col)
            );
            assert_eq!(
                output.at(1, channel, row, col),
                input.at(1, channel, row, 5 - col)
            );
        }
    }

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
        let mut draws = rng(4);
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
