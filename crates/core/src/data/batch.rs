//! Batches: the images of an [`ImageSet`] at some indices as the `[batch, 3, size, size]` float
//! tensor in `[-1, 1]` that the models and the negative augmentations work on, and their labels.

use burn::tensor::{Device, Tensor, TensorData};

use super::image_set::ImageSet;

impl ImageSet {
    /// The labels of `indices`, or `None` if any of them is unlabelled.
    pub fn labels_of(&self, indices: &[usize]) -> Option<Vec<u32>> {
        indices.iter().map(|&i| self.label(i)).collect()
    }

    /// The images at `indices` as planar floats in `[-1, 1]`, `[n, 3, size, size]` flattened
    /// (`value = byte / 127.5 - 1`).
    ///
    /// # Panics
    /// If an index is out of range.
    pub fn to_nchw_floats(&self, indices: &[usize]) -> Vec<f32> {
        let plane = self.size() * self.size();
        let mut values = vec![0.0f32; indices.len() * 3 * plane];
        for (slot, &index) in indices.iter().enumerate() {
            let image = self.image_rgb(index);
            let planes = &mut values[slot * 3 * plane..(slot + 1) * 3 * plane];
            for (pixel, rgb) in image.chunks_exact(3).enumerate() {
                for (channel, &byte) in rgb.iter().enumerate() {
                    planes[channel * plane + pixel] = f32::from(byte) / 127.5 - 1.0;
                }
            }
        }
        values
    }

    /// A batch of the images at `indices` on `device`: one host conversion, one upload.
    ///
    /// # Panics
    /// If an index is out of range.
    pub fn batch(&self, indices: &[usize], device: &Device) -> Tensor<4> {
        let values = self.to_nchw_floats(indices);
        let shape = [indices.len(), 3, self.size(), self.size()];
        // [batch, 3, size, size], values in [-1, 1].
        Tensor::<4>::from_data(TensorData::new(values, shape), device)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::split::tests::numbered;

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

    #[test]
    fn labels_of_needs_every_label() {
        let set = numbered(4);
        assert_eq!(set.labels_of(&[1, 2, 3]), Some(vec![1, 2, 0]));
        assert_eq!(set.labels_of(&[0, 1]), None);
        assert_eq!(set.subset(&[3, 1]).labels(), [Some(0), Some(1)]);
    }
}
