//! What one NDA-GAN step worked on, kept on the device so the teaching walk-through can show the
//! very images, scores and partners of a real training step (not a re-enactment of one). Training
//! drops the trace at once; only the walk-through reads it.

use burn::tensor::{Int, Tensor};

use crate::augment::NegativeAugmentation;

/// The inputs of one discriminator step.
#[derive(Debug, Clone)]
pub struct DiscriminatorTrace {
    /// `[real; generated; NDA]` as D saw them, `[2 * batch or 3 * batch, 3, S, S]`, detached.
    pub images: Tensor<4>,
    /// The labels D saw with them (a conditional GAN only).
    pub labels: Option<Tensor<1, Int>>,
    /// The augmentation that made the NDA images and, for the pairing kinds, each image's
    /// partner in the real batch; `None` without negatives.
    pub negative: Option<(NegativeAugmentation, Option<Vec<usize>>)>,
}

/// The generated images of one generator step and D's scores of them.
#[derive(Debug, Clone)]
pub struct GeneratorTrace {
    /// `G(z)`, `[batch, 3, S, S]`, detached.
    pub images: Tensor<4>,
    /// `D(G(z))`, `[batch]`, detached: the scores `L_G` averages.
    pub scores: Tensor<1>,
}
