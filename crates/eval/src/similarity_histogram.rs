//! The NDA similarity histogram (Sinha et al., ICLR 2021, Sec. 5): cosine similarity of each image to
//! its positive view against its similarity to its NDA views. NDA treats jigsawed or stitched images as
//! negatives, so a well-trained encoder keeps the positive mass near 1 and moves the NDA mass lower.

use serde::{Deserialize, Serialize};

/// Cosine similarities between each image and its positive view vs. each image and its NDA views,
/// binned on [-1, 1]: how far the encoder pushes broken images away.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimilarityHistogram {
    /// Number of equal-width bins covering `[-1, 1]`.
    pub bins: usize,
    /// Counts of image-to-positive-view similarities per bin: `[bins]`.
    pub positive: Vec<u32>,
    /// Counts of image-to-NDA-view similarities per bin: `[bins]`.
    pub negative: Vec<u32>,
    /// Mean image-to-positive-view similarity (0 when there is none).
    pub positive_mean: f32,
    /// Mean image-to-NDA-view similarity (0 when there is none).
    pub negative_mean: f32,
}

impl SimilarityHistogram {
    /// Bins `positive` and `negative` similarities into `bins` equal bins on `[-1, 1]` (`bins = 0`
    /// is taken as 1). Values outside `[-1, 1]` (rounding can give 1.0000001) are clamped into the
    /// end bins, and the means use the clamped values too; 1.0 goes in the last bin; NaN values are
    /// skipped (neither counted nor averaged).
    pub fn new(positive: &[f32], negative: &[f32], bins: usize) -> Self {
        let bins = bins.max(1);
        let (positive, positive_mean) = bin_values(positive, bins);
        let (negative, negative_mean) = bin_values(negative, bins);
        Self {
            bins,
            positive,
            negative,
            positive_mean,
            negative_mean,
        }
    }

    /// The lower edge of bin `bin`: `-1 + 2 * bin / bins` (`bin = bins` gives the upper edge, 1).
    pub fn bin_start(&self, bin: usize) -> f32 {
        (-1.0 + 2.0 * bin as f64 / self.bins.max(1) as f64) as f32
    }
}

/// The per-bin counts and the mean of the clamped, non-NaN `values`.
fn bin_values(values: &[f32], bins: usize) -> (Vec<u32>, f32) {
    let mut counts = vec![0u32; bins];
    let mut sum = 0.0f64;
    let mut count = 0usize;
    for &value in values.iter().filter(|value| !value.is_nan()) {
        let clamped = f64::from(value.clamp(-1.0, 1.0));
        let bin = ((clamped + 1.0) / 2.0 * bins as f64).floor() as usize;
        counts[bin.min(bins - 1)] += 1;
        sum += clamped;
        count += 1;
    }
    let mean = if count == 0 {
        0.0
    } else {
        (sum / count as f64) as f32
    };
    (counts, mean)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_clamp_end_values_and_skip_nan() {
        // Four bins: [-1, -0.5), [-0.5, 0), [0, 0.5), [0.5, 1].
        let positive = [1.0, 0.9, 0.5, 1.5, f32::NAN, 0.0];
        let negative = [-1.0, -3.0, -0.5, -0.25, 0.49, f32::NEG_INFINITY];
        let histogram = SimilarityHistogram::new(&positive, &negative, 4);
        assert_eq!(histogram.bins, 4);
        assert_eq!(histogram.positive, vec![0, 0, 1, 4]);
        assert_eq!(histogram.negative, vec![3, 2, 1, 0]);
        // Means of the clamped values: (1 + 0.9 + 0.5 + 1 + 0) / 5 and (-1 - 1 - 0.5 - 0.25 + 0.49 - 1) / 6.
        assert!(
            (histogram.positive_mean - 0.68).abs() < 1e-6,
            "{}",
            histogram.positive_mean
        );
        assert!(
            (histogram.negative_mean - (-3.26 / 6.0)).abs() < 1e-6,
            "{}",
            histogram.negative_mean
        );
    }

    #[test]
    fn empty_inputs_give_zero_means() {
        let histogram = SimilarityHistogram::new(&[], &[f32::NAN], 3);
        assert_eq!(histogram.positive, vec![0, 0, 0]);
        assert_eq!(histogram.negative, vec![0, 0, 0]);
        assert_eq!(
            (histogram.positive_mean, histogram.negative_mean),
            (0.0, 0.0)
        );
    }

    #[test]
    fn bin_edges_and_zero_bins() {
        let histogram = SimilarityHistogram::new(&[0.3], &[], 4);
        let edges: Vec<f32> = (0..=4).map(|bin| histogram.bin_start(bin)).collect();
        assert_eq!(edges, vec![-1.0, -0.5, 0.0, 0.5, 1.0]);
        let single = SimilarityHistogram::new(&[-1.0, 1.0], &[], 0);
        assert_eq!((single.bins, single.positive.clone()), (1, vec![2]));
        let json = serde_json::to_string(&histogram).expect("serialise");
        let back: SimilarityHistogram = serde_json::from_str(&json).expect("deserialise");
        assert_eq!(back, histogram);
    }
}
