//! Crops resized back to full size, optionally mirrored, as two batched matmuls with the host's
//! bilinear matrices (`augment/resample.rs`).

use burn::tensor::{Tensor, TensorData};

use crate::augment::PixelBox;
use crate::augment::resample::resampling_matrix;

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
    use crate::augment::ops::test_support::{HostImages, random_images};

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
}
