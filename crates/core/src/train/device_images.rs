//! The training images as a trainer reads them: the whole set uploaded once when it fits on the
//! device (each batch is then a gather there, not an upload), otherwise converted and uploaded
//! batch by batch. Shared by the GAN and the contrastive runs.

use burn::tensor::{Device, Int, Tensor};

use super::draws::labels_tensor;
use crate::data::{ImageBatch, ImageSet};

/// Largest training set kept on the device as one tensor (floats): 48 Mi floats, 192 MB.
const MAX_DEVICE_FLOATS: usize = 48 * 1024 * 1024;

/// The real images of a run.
// One per run: the size of the variants does not matter.
#[allow(clippy::large_enum_variant)]
pub(crate) enum TrainingImages {
    /// The whole set on the device.
    Device {
        images: Tensor<4>,
        labels: Option<Tensor<1, Int>>,
    },
    /// Too large for the device.
    Host(ImageSet),
}

impl TrainingImages {
    /// `set` on `device`, with its labels when `with_labels` (and every image has one).
    pub(crate) fn new(set: &ImageSet, with_labels: bool, device: &Device) -> Self {
        let floats = set.len() * 3 * set.size() * set.size();
        if floats > MAX_DEVICE_FLOATS {
            return Self::Host(set.clone());
        }
        let all: Vec<usize> = (0..set.len()).collect();
        Self::Device {
            images: set.batch(&all, device),
            labels: with_labels
                .then(|| host_labels(set, &all, device))
                .flatten(),
        }
    }

    /// The images (and labels) of `indices`, on `device`.
    pub(crate) fn batch(
        &self,
        indices: &[usize],
        device: &Device,
    ) -> (Tensor<4>, Option<Tensor<1, Int>>) {
        match self {
            Self::Device { images, labels } => {
                let picks = labels_tensor(indices, device);
                (
                    images.clone().select(0, picks.clone()),
                    labels.clone().map(|labels| labels.select(0, picks)),
                )
            }
            Self::Host(set) => (
                set.batch(indices, device),
                host_labels(set, indices, device),
            ),
        }
    }
}

/// The labels of `indices` on `device`, `None` if any image is unlabelled.
pub(crate) fn host_labels(
    set: &ImageSet,
    indices: &[usize],
    device: &Device,
) -> Option<Tensor<1, Int>> {
    let labels = set.labels_of(indices)?;
    let labels: Vec<usize> = labels.into_iter().map(|label| label as usize).collect();
    Some(labels_tensor(&labels, device))
}
