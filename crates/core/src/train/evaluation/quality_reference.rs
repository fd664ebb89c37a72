//! The real side of a sample-quality comparison and how features are scaled before KID, FD and
//! PRDC: one scale for all dimensions (evaluator version 2), and the candidates
//! `nda-lab validate-metrics` measures beside it (issue 28).

use std::borrow::Cow;

use burn::tensor::Device;

use super::evaluators::{EVALUATOR_SEED, Evaluators};
use super::feature_net::FeatureSpace;
use super::held_out_images::{HeldOutSource, all_images};
use super::inference::features_in;
use crate::data::{BuiltinDataset, HeldOut};
use crate::eval::Features;
use crate::train::TrainError;
pub use nda_plain::train::evaluation::validated::validated_metrics;

/// How features are scaled before KID, FD and PRDC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeatureScaling {
    /// Centred on the real mean and divided by one number, the real features' root-mean-square
    /// spread over all dimensions, so that `x·y/d` is of order one for real rows, as KID's cubic
    /// kernel `(x·y/d + 1)^3` assumes. The divisor is zero only when every real image has the
    /// same features (refused). Evaluator version 2 on.
    Isotropic,
    /// Each dimension divided by its own spread on the real images (evaluator version 1). Kept
    /// only so that `nda-lab validate-metrics` can measure it against [`Self::Isotropic`]: a
    /// dimension almost constant on the real images (a LeakyReLU unit that never fires on
    /// them) but active on samples is multiplied by up to a million, and the cubic kernel turns
    /// that into a KID of 10^10 for ordinary samples (issue 28).
    PerDimension,
    /// Each block of dimensions (a convolution stage's pooled activations, or the penultimate
    /// layer) divided by that block's root-mean-square real spread: isotropic within a block,
    /// so a unit that never fires on real images is scaled like its neighbours, yet a stage of
    /// small activations is not drowned by a stage of large ones. A candidate for Digits' trunk
    /// features (issue 28), measured by `nda-lab validate-metrics`.
    PerBlock,
    /// Each dimension divided by its spread over the real and generated features together (the
    /// pooled variance of a two-sample test), so the map depends on the samples judged. A unit
    /// constant on the real images but active on the samples then adds a bounded amount, about
    /// its standardised mean difference squared (at most 4 to FD), where version 1's real-only
    /// spread divided by nearly zero. Digits' scaling from evaluator version 3 on
    /// ([`judged_in`]), with its trunk features.
    Pooled,
}

/// The real side of the comparison: held-out images' features under the evaluator, scaled by
/// [`FeatureScaling`] (and generated features with the same affine map). The evaluator's features
/// are unbounded LeakyReLU outputs whose scale differs per evaluator; unscaled, KID's kernel is
/// dominated by a few large-norm samples (we saw KID rise while FD and coverage improved). The
/// map is fixed by the held-out real images, except that [`FeatureScaling::Pooled`] then divides
/// each dimension by its spread over both sides (the samples judged included).
#[derive(Debug, Clone)]
pub struct QualityReference {
    /// Scaled features of `count` held-out real images.
    pub features: Features,
    mean: Vec<f32>,
    scale: Vec<f32>,
    /// [`FeatureScaling::Pooled`] rescales both sides once the samples are known.
    pooled: bool,
    space: FeatureSpace,
}

/// The feature space and scaling a built-in set's samples are judged in (evaluator version 3).
/// Digits: the classifier's trunk (each convolution stage's pooled activations) with pooled
/// scaling, the one candidate that `nda-lab validate-metrics` found to order every family of
/// known cases there, where the penultimate layer cannot see noise or occlusion and misorders
/// the generators (`docs/science/metric-validation/`). Faces and Shapes: the penultimate layer,
/// scaled isotropically, which passes there (version 2's space, unchanged).
pub fn judged_in(dataset: BuiltinDataset) -> (FeatureSpace, FeatureScaling) {
    match dataset {
        BuiltinDataset::Digits => (FeatureSpace::Trunk, FeatureScaling::Pooled),
        _ => (FeatureSpace::Penultimate, FeatureScaling::Isotropic),
    }
}

impl QualityReference {
    /// Features of `count` held-out reference images of the evaluators' set and side.
    pub async fn new(
        evaluators: &Evaluators,
        count: usize,
        device: &Device,
    ) -> Result<Self, TrainError> {
        let source = HeldOutSource {
            dataset: evaluators.dataset,
            size: evaluators.size,
            purpose: HeldOut::Reference,
            seed: EVALUATOR_SEED,
        };
        let images = all_images(&source.images(0, count)?, device);
        let (space, scaling) = judged_in(evaluators.dataset);
        let raw = features_in(&evaluators.classifier, &images, space).await?;
        let widths = evaluators.classifier.block_widths(space);
        let mut reference = Self::scaled_in_blocks(raw, scaling, &widths)?;
        reference.space = space;
        Ok(reference)
    }

    /// The classifier's activations this reference's features are (the samples judged against
    /// it must be read in the same space).
    pub fn space(&self) -> FeatureSpace {
        self.space
    }

    /// The reference of `raw`, features of real images in any feature space, scaled
    /// isotropically.
    pub fn from_raw(raw: Features) -> Result<Self, TrainError> {
        Self::scaled(raw, FeatureScaling::Isotropic)
    }

    /// The reference of `raw` scaled by `scaling`, all dimensions one block. Refuses real
    /// features that are all the same (no spread to measure a distance in).
    pub fn scaled(raw: Features, scaling: FeatureScaling) -> Result<Self, TrainError> {
        let dim = raw.dim;
        Self::scaled_in_blocks(raw, scaling, &[dim])
    }

    /// The reference of `raw` scaled by `scaling`, where [`FeatureScaling::PerBlock`] takes the
    /// blocks of `widths` (which sum to the features' width; other scalings ignore them).
    pub fn scaled_in_blocks(
        raw: Features,
        scaling: FeatureScaling,
        widths: &[usize],
    ) -> Result<Self, TrainError> {
        if widths.iter().sum::<usize>() != raw.dim {
            return Err(TrainError::Dataset(format!(
                "feature blocks of widths {widths:?} do not make the features' {} dimensions",
                raw.dim
            )));
        }
        let (mean, variance) = mean_and_variance(&[&raw], raw.dim);
        let total = variance.iter().sum::<f64>() / raw.dim.max(1) as f64;
        // Spread below f32's resolution of the values themselves is rounding, not spread.
        let magnitude = mean.iter().map(|m| m * m).sum::<f64>() / raw.dim.max(1) as f64;
        let resolution = f64::from(f32::EPSILON) * f64::from(f32::EPSILON) * magnitude;
        if !(total > resolution && total.is_finite()) {
            return Err(TrainError::Dataset(
                "the held-out real images all have the same features, so there is no spread to \
                 measure sample quality against"
                    .to_string(),
            ));
        }
        let scale = match scaling {
            FeatureScaling::Isotropic => vec![(1.0 / total.sqrt()) as f32; raw.dim],
            FeatureScaling::PerDimension => variance
                .iter()
                .map(|v| 1.0 / v.sqrt().max(1e-6) as f32)
                .collect(),
            FeatureScaling::PerBlock => block_scales(&variance, widths, resolution)?,
            // Isotropic until the samples are known (`feature_quality` rescales both sides).
            FeatureScaling::Pooled => vec![(1.0 / total.sqrt()) as f32; raw.dim],
        };
        let mut reference = Self {
            features: raw,
            mean: mean.into_iter().map(|m| m as f32).collect(),
            scale,
            pooled: scaling == FeatureScaling::Pooled,
            space: FeatureSpace::Penultimate,
        };
        reference.features = reference.standardise(reference.features.clone());
        Ok(reference)
    }

    /// The real and the generated side of a comparison with `fake` (raw features), each in the
    /// comparison's space: the reference's map for every scaling but
    /// [`FeatureScaling::Pooled`], which then rescales both by their pooled spread.
    pub fn sides(&self, fake: Features) -> (Cow<'_, Features>, Features) {
        let fake = self.standardise(fake);
        if self.pooled {
            let (real, fake) = pooled_standardise(&self.features, fake);
            (Cow::Owned(real), fake)
        } else {
            (Cow::Borrowed(&self.features), fake)
        }
    }

    /// `features` mapped by the reference's scaling.
    pub fn standardise(&self, mut features: Features) -> Features {
        for row in features.values.chunks_exact_mut(features.dim) {
            for ((value, mean), scale) in row.iter_mut().zip(&self.mean).zip(&self.scale) {
                *value = (*value - mean) * scale;
            }
        }
        features
    }
}

/// One scale per block of `widths`: the inverse of the block's root-mean-square spread. A block
/// without spread (every unit of a stage constant on the real images) has nothing to measure in
/// and is refused, as a reference without any spread is.
fn block_scales(
    variance: &[f64],
    widths: &[usize],
    resolution: f64,
) -> Result<Vec<f32>, TrainError> {
    let mut scales = Vec::with_capacity(variance.len());
    let mut start = 0;
    for (block, &width) in widths.iter().enumerate() {
        let spread = variance[start..start + width].iter().sum::<f64>() / width.max(1) as f64;
        if !(spread > resolution && spread.is_finite()) {
            return Err(TrainError::Dataset(format!(
                "block {block} of the features has no spread on the held-out real images"
            )));
        }
        scales.extend(std::iter::repeat_n((1.0 / spread.sqrt()) as f32, width));
        start += width;
    }
    Ok(scales)
}

/// Per dimension, the mean and the variance about it of every row of `sets` together (two
/// passes: no cancellation when the mean is large).
fn mean_and_variance(sets: &[&Features], dim: usize) -> (Vec<f64>, Vec<f64>) {
    let rows = sets.iter().map(|set| set.len()).sum::<usize>().max(1) as f64;
    let all_rows = || sets.iter().flat_map(|set| set.values.chunks_exact(dim));
    let mut mean = vec![0.0f64; dim];
    for row in all_rows() {
        for (k, &value) in row.iter().enumerate() {
            mean[k] += f64::from(value) / rows;
        }
    }
    let mut variance = vec![0.0f64; dim];
    for row in all_rows() {
        for (k, &value) in row.iter().enumerate() {
            let centred = f64::from(value) - mean[k];
            variance[k] += centred * centred / rows;
        }
    }
    (mean, variance)
}

/// `real` and `fake` with each dimension divided by its spread over both sets together. A
/// dimension with no spread over both is one constant the two sets share: it adds nothing to any
/// metric whatever its scale, so it keeps scale 1.
fn pooled_standardise(real: &Features, mut fake: Features) -> (Features, Features) {
    let dim = real.dim;
    let (mean, variance) = mean_and_variance(&[real, &fake], dim);
    let scale: Vec<f64> = variance
        .iter()
        .map(|&v| if v > 0.0 { 1.0 / v.sqrt() } else { 1.0 })
        .collect();
    let rescale = |features: &mut Features| {
        for row in features.values.chunks_exact_mut(dim) {
            for ((value, m), s) in row.iter_mut().zip(&mean).zip(&scale) {
                *value = ((f64::from(*value) - m) * s) as f32;
            }
        }
    };
    let mut real = real.clone();
    rescale(&mut real);
    rescale(&mut fake);
    (real, fake)
}
