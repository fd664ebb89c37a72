//! Batches: the images of an [`ImageSet`] at some indices as the `[batch, 3, size, size]` float
//! tensor in `[-1, 1]` that the models and the negative augmentations work on, and their labels.

use burn::tensor::{Device, Tensor, TensorData};

use super::ImageSet;

/// The tensor half of an [`ImageSet`] (its host half, `to_nchw_floats` and `labels_of`, lives with
/// the type in the plain crate).
pub trait ImageBatch {
    /// A batch of the images at `indices` on `device`: one host conversion, one upload.
    ///
    /// # Panics
    /// If an index is out of range.
    fn batch(&self, indices: &[usize], device: &Device) -> Tensor<4>;
}

impl ImageBatch for ImageSet {
    fn batch(&self, indices: &[usize], device: &Device) -> Tensor<4> {
        let values = self.to_nchw_floats(indices);
        let shape = [indices.len(), 3, self.size(), self.size()];
        // [batch, 3, size, size], values in [-1, 1].
        Tensor::<4>::from_data(TensorData::new(values, shape), device)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_has_the_right_shape_range_and_layout() {
        let mut set = ImageSet::new(2, vec![]);
        let image: Vec<u8> = vec![0, 255, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
        set.push(&image, None).expect("push");
        set.push(&[255; 12], None).expect("push");
        let batch = set.batch(&[1, 0, 0], &Device::flex());
        assert_eq!(batch.dims(), [3, 3, 2, 2]);
        let values: Vec<f32> = batch.into_data().try_to_vec().expect("f32 data");
        assert!(values.iter().all(|v| (-1.0..=1.0).contains(v)));
        assert!(values[..12].iter().all(|&v| v == 1.0));
        // Image 0: channel 0 of pixel 0 is 0 -> -1; channel 1 of pixel 0 is 255 -> 1; channel 2 of
        // pixel 1 (x = 1, y = 0) is 40.
        let image0 = &values[12..24];
        assert_eq!(image0[0], -1.0);
        assert_eq!(image0[4], 1.0);
        assert!((image0[2 * 4 + 1] - (40.0 / 127.5 - 1.0)).abs() < 1e-6);
    }
}
