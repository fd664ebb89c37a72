//! The held-out real images every image-level known case is made from, with their labels, and
//! the choices of them the cases need (the first n, n of the first k classes).

use burn::tensor::Device;

use crate::data::{BuiltinDataset, HeldOut};
use crate::train::evaluation::held_out_images::{HeldOutSource, all_images};
use crate::train::{TrainError, read_floats};

/// Held-out real images with their labels, from which every image-level case is made.
#[derive(Debug, Clone)]
pub struct RealPool {
    /// `[len, 3, S, S]` planar floats in [-1, 1].
    pub images: Vec<f32>,
    /// The class of each image.
    pub labels: Vec<usize>,
    /// Image side.
    pub size: usize,
    /// Classes of the set.
    pub num_classes: usize,
}

impl RealPool {
    /// `count` held-out images of `dataset` for checks (never an evaluator's training images,
    /// never the reference), drawn from `seed`, with their labels (balanced, so every class has
    /// `count / classes`).
    pub async fn held_out(
        dataset: BuiltinDataset,
        size: usize,
        count: usize,
        seed: u64,
        device: &Device,
    ) -> Result<Self, TrainError> {
        let source = HeldOutSource {
            dataset,
            size,
            purpose: HeldOut::EvaluatorCheck,
            seed,
        };
        let set = source.images(0, count)?;
        let labels = set
            .labels()
            .iter()
            .map(|label| label.unwrap_or(0) as usize)
            .collect();
        Ok(Self {
            images: read_floats(all_images(&set, device)).await?,
            labels,
            size,
            num_classes: dataset.num_classes(),
        })
    }

    pub(super) fn image_len(&self) -> usize {
        3 * self.size * self.size
    }

    pub(super) fn len(&self) -> usize {
        self.labels.len()
    }

    /// The images at `indices`, in that order.
    pub(super) fn gather(&self, indices: &[usize]) -> Vec<f32> {
        let len = self.image_len();
        let mut out = Vec::with_capacity(indices.len() * len);
        for &index in indices {
            out.extend_from_slice(&self.images[index * len..(index + 1) * len]);
        }
        out
    }

    /// `n` images whose class is below `classes`, as evenly spread over those classes as the pool
    /// allows, in pool order.
    pub(super) fn of_classes(&self, classes: usize, n: usize) -> Result<Vec<usize>, TrainError> {
        let mut per_class: Vec<Vec<usize>> = vec![Vec::new(); classes];
        for (index, &label) in self.labels.iter().enumerate() {
            if label < classes {
                per_class[label].push(index);
            }
        }
        let mut chosen = Vec::with_capacity(n);
        let mut round = 0;
        while chosen.len() < n {
            let before = chosen.len();
            for class in &per_class {
                if let Some(&index) = class.get(round)
                    && chosen.len() < n
                {
                    chosen.push(index);
                }
            }
            if chosen.len() == before {
                return Err(TrainError::Dataset(format!(
                    "the validation pool has too few images of {classes} class(es) for {n}"
                )));
            }
            round += 1;
        }
        Ok(chosen)
    }
}
