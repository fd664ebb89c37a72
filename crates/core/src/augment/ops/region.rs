//! Batched masks of pixel boxes, shared by stitching, cutout and cutmix.
//!
//! Masks are built on the device from two small host vectors per image (one entry per row and per
//! column), so no per-pixel host loop touches image data.

use burn::tensor::{Bool, Device, Tensor, TensorData};

use crate::augment::PixelBox;

/// A 0/1 float mask of shape `[batch, 1, height, width]`, 1 inside `boxes[i]` for image `i`.
pub(crate) fn box_mask_float(
    boxes: &[PixelBox],
    height: usize,
    width: usize,
    device: &Device,
) -> Tensor<4> {
    let batch = boxes.len();
    let rows: Vec<f32> = boxes
        .iter()
        .flat_map(|region| (0..height).map(move |row| indicator(region.top, region.height, row)))
        .collect();
    let columns: Vec<f32> = boxes
        .iter()
        .flat_map(|region| (0..width).map(move |col| indicator(region.left, region.width, col)))
        .collect();
    let rows = Tensor::<4>::from_data(TensorData::new(rows, [batch, 1, height, 1]), device);
    let columns = Tensor::<4>::from_data(TensorData::new(columns, [batch, 1, 1, width]), device);
    // Broadcasting the outer product of the row and column indicators.
    rows.mul(columns) // [batch, 1, height, width]
}

/// A boolean mask of shape `[batch, channels, height, width]`, true inside `boxes[i]` for image `i`.
pub(crate) fn box_mask(boxes: &[PixelBox], shape: [usize; 4], device: &Device) -> Tensor<4, Bool> {
    let [_, _, height, width] = shape;
    box_mask_float(boxes, height, width, device)
        .greater_elem(0.5)
        .expand(shape)
}

/// Copies `source` into `real` inside `boxes[i]` for every image `i`; elsewhere keeps `real`.
pub(crate) fn paste_boxes(real: Tensor<4>, source: Tensor<4>, boxes: &[PixelBox]) -> Tensor<4> {
    let mask = box_mask(boxes, real.dims(), &real.device());
    real.mask_where(mask, source)
}

/// 1.0 when `index` is in `start..start + length`, else 0.0.
fn indicator(start: usize, length: usize, index: usize) -> f32 {
    if (start..start + length).contains(&index) {
        1.0
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mask_is_one_exactly_inside_each_box() {
        let device = Device::flex();
        let boxes = [
            PixelBox {
                top: 1,
                left: 2,
                height: 2,
                width: 3,
            },
            PixelBox {
                top: 0,
                left: 0,
                height: 1,
                width: 1,
            },
        ];
        let mask = box_mask_float(&boxes, 4, 5, &device);
        assert_eq!(mask.dims(), [2, 1, 4, 5]);
        let values = mask.into_data().try_to_vec::<f32>().expect("f32 mask");
        for (image, region) in boxes.iter().enumerate() {
            for row in 0..4 {
                for col in 0..5 {
                    let expected = if region.contains(row, col) { 1.0 } else { 0.0 };
                    assert_eq!(values[image * 20 + row * 5 + col], expected);
                }
            }
        }
    }
}
