//! Evaluation math for the contrastive experiments (Sinha et al., ICLR 2021, Sec. 5: MoCo-v2 + NDA):
//! how good are the frozen features of an encoder? MoCo's two protocols, a weighted k-NN classifier
//! ([`knn_accuracy`]) and a linear probe ([`LinearProbe`]), plus views for people: a 2-D PCA
//! projection ([`pca_2d`]), nearest-neighbour retrieval ([`nearest_neighbours`]) and a histogram of
//! how similar an image stays to its positive view versus its NDA views ([`SimilarityHistogram`]).
//!
//! It also holds the sample-quality and anomaly metrics of the GAN experiments (Sinha et al., ICLR
//! 2021), measured on the features of an in-page network since Inception cannot be loaded: the
//! Kernel Inception Distance ([`kid()`], Bińkowski et al. 2018), the Fréchet distance
//! ([`frechet_distance`], Heusel et al. 2017), precision, recall, density and coverage
//! ([`prdc()`], Kynkäänniemi et al. 2019; Naeem et al. 2020), and the AUROC of the discriminator as
//! an anomaly detector ([`auroc()`], [`roc_curve`], [`hanley_mcneil_standard_error`]); a
//! contrastive encoder's anomaly score is its k-NN similarity to its training images
//! ([`knn_similarity_scores`]).
//!
//! Everything works on host `f32` rows ([`Features`]) with the standard library only, so it runs the
//! same natively and in the browser, and it is deterministic: the same input gives the same output,
//! bit for bit (fixed summation orders, fixed starts, ties broken by index).

mod adam;
pub mod auroc;
mod error;
pub mod frechet;
pub mod kid;
pub mod knn;
pub mod knn_score;
pub mod linear_probe;
pub mod paired;
pub mod paired_sentence;
pub mod pca;
pub mod prdc;
pub mod probes;
pub mod sign_flip;
pub mod similarity_histogram;
mod spearman;
pub mod student_t;
mod symmetric_eigen;
#[cfg(test)]
mod test_samples;

pub use auroc::{auroc, hanley_mcneil_standard_error, roc_curve};
pub use error::EvalError;
pub use frechet::{FrechetResult, frechet_distance};
pub use kid::{KidResult, KidSettings, kid};
pub use knn::{KnnSettings, all_nearest_neighbours, knn_accuracy, nearest_neighbours};
pub use knn_score::{ANOMALY_NEIGHBOURS, knn_similarity_scores};
pub use linear_probe::{LinearProbe, ProbeSettings};
pub use paired::{Direction, Interval, PairedComparison, compare_paired, holm};
pub use paired_sentence::paired_sentence;
pub use pca::{Projection2d, pca_2d};
pub use prdc::{PrdcResult, PrdcSettings, prdc};
pub use probes::probe_accuracies;
pub use sign_flip::SignFlipMethod;
pub use similarity_histogram::SimilarityHistogram;
pub use spearman::spearman;
pub use student_t::{student_t_cdf, student_t_quantile};

/// Rows whose L2 norm is below this are treated as zero vectors (they have no direction).
const MIN_NORM: f32 = 1e-12;

/// Row-major feature vectors: `len() = values.len() / dim` rows of `dim` values.
#[derive(Debug, Clone, PartialEq)]
pub struct Features {
    /// The rows one after another: `[len(), dim]`.
    pub values: Vec<f32>,
    /// Values per row (the feature dimension).
    pub dim: usize,
}

impl Features {
    /// Wraps `values` as rows of `dim` values, refusing `dim = 0`, a length that is not a multiple
    /// of `dim`, and NaN or infinite values.
    pub fn new(values: Vec<f32>, dim: usize) -> Result<Self, EvalError> {
        let features = Self { values, dim };
        features.validate()?;
        Ok(features)
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.values.len().checked_div(self.dim).unwrap_or(0)
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Row `index` (`dim` values). Panics if `index >= len()`, like slice indexing.
    pub fn row(&self, index: usize) -> &[f32] {
        &self.values[index * self.dim..(index + 1) * self.dim]
    }

    /// The first `count` rows (all of them when there are fewer).
    pub fn first_rows(&self, count: usize) -> Features {
        let rows = count.min(self.len());
        Features {
            values: self.values[..rows * self.dim].to_vec(),
            dim: self.dim,
        }
    }

    /// Each row divided by its L2 norm (rows of norm < 1e-12 left as zeros).
    pub fn l2_normalised(&self) -> Features {
        let mut values = vec![0.0; self.len() * self.dim];
        if self.dim > 0 {
            for (out, row) in values
                .chunks_exact_mut(self.dim)
                .zip(self.values.chunks_exact(self.dim))
            {
                let norm = dot(row, row).sqrt();
                if norm >= MIN_NORM {
                    for (o, &x) in out.iter_mut().zip(row) {
                        *o = x / norm;
                    }
                }
            }
        }
        Features {
            values,
            dim: self.dim,
        }
    }

    /// Checks what [`Features::new`] checks; the fields are public, so every entry point re-checks.
    fn validate(&self) -> Result<(), EvalError> {
        if self.dim == 0 {
            return Err(EvalError::ZeroDimension);
        }
        if !self.values.len().is_multiple_of(self.dim) {
            return Err(EvalError::RaggedValues {
                len: self.values.len(),
                dim: self.dim,
            });
        }
        match self.values.iter().position(|v| !v.is_finite()) {
            Some(index) => Err(EvalError::NonFinite {
                row: index / self.dim,
                column: index % self.dim,
            }),
            None => Ok(()),
        }
    }

    /// Like [`Features::validate`], and also refuses zero rows (`what` names the set in the error).
    fn validate_non_empty(&self, what: &'static str) -> Result<(), EvalError> {
        self.validate()?;
        if self.is_empty() {
            return Err(EvalError::Empty { what });
        }
        Ok(())
    }
}

/// Refuses a label list whose length differs from the row count, or with a label `>= num_classes`.
fn validate_labels(
    labels: &[u32],
    rows: usize,
    num_classes: usize,
    what: &'static str,
) -> Result<(), EvalError> {
    if labels.len() != rows {
        return Err(EvalError::LabelCountMismatch {
            what,
            rows,
            labels: labels.len(),
        });
    }
    match labels.iter().find(|&&label| label as usize >= num_classes) {
        Some(&label) => Err(EvalError::LabelOutOfRange {
            what,
            label,
            num_classes,
        }),
        None => Ok(()),
    }
}

/// Refuses fewer than two classes: with one class every classifier is trivially right.
/// Checks a real and a generated set for a sample-quality metric: finite values, the same
/// dimension, and at least `required` rows each.
fn validate_real_and_fake(
    real: &Features,
    fake: &Features,
    required: usize,
) -> Result<(), EvalError> {
    real.validate()?;
    fake.validate()?;
    if fake.dim != real.dim {
        return Err(EvalError::DimensionMismatch {
            what: "fake",
            expected: real.dim,
            found: fake.dim,
        });
    }
    for (set, what) in [(real, "real set"), (fake, "fake set")] {
        if set.len() < required {
            return Err(EvalError::TooFewSamples {
                what,
                found: set.len(),
                required,
            });
        }
    }
    Ok(())
}

fn validate_num_classes(num_classes: usize) -> Result<(), EvalError> {
    if num_classes < 2 {
        return Err(EvalError::TooFewClasses { num_classes });
    }
    Ok(())
}

/// The dot product of two equally long slices, summed in eight fixed lanes (so the compiler can use
/// SIMD) and then in a fixed order: deterministic on every target.
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0.0f32; 8];
    let (a_chunks, a_rest) = a.as_chunks::<8>();
    let (b_chunks, b_rest) = b.as_chunks::<8>();
    for (x, y) in a_chunks.iter().zip(b_chunks) {
        for ((lane, xa), yb) in lanes.iter_mut().zip(x).zip(y) {
            *lane += xa * yb;
        }
    }
    let mut sum = ((lanes[0] + lanes[4]) + (lanes[1] + lanes[5]))
        + ((lanes[2] + lanes[6]) + (lanes[3] + lanes[7]));
    for (x, y) in a_rest.iter().zip(b_rest) {
        sum += x * y;
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_refuses_bad_shapes_and_values() {
        assert_eq!(Features::new(vec![1.0], 0), Err(EvalError::ZeroDimension));
        assert_eq!(
            Features::new(vec![1.0, 2.0, 3.0], 2),
            Err(EvalError::RaggedValues { len: 3, dim: 2 })
        );
        assert_eq!(
            Features::new(vec![1.0, 2.0, f32::NAN, 0.0], 2),
            Err(EvalError::NonFinite { row: 1, column: 0 })
        );
        assert!(Features::new(vec![f32::INFINITY, 0.0], 2).is_err());
    }

    #[test]
    fn rows_and_len() {
        let features = Features::new(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0], 3).expect("valid");
        assert_eq!(features.len(), 2);
        assert!(!features.is_empty());
        assert_eq!(features.row(1), &[4.0, 5.0, 6.0]);
        let empty = Features::new(Vec::new(), 4).expect("valid");
        assert!(empty.is_empty());
        assert_eq!(
            Features {
                values: vec![1.0],
                dim: 0
            }
            .len(),
            0
        );
    }

    #[test]
    fn l2_normalised_rows_have_unit_norm_and_zero_rows_stay_zero() {
        let features = Features::new(vec![3.0, 4.0, 0.0, 0.0, 0.0, -2.0], 2).expect("valid");
        let normalised = features.l2_normalised();
        assert_eq!(normalised.values, vec![0.6, 0.8, 0.0, 0.0, 0.0, -1.0]);
        assert_eq!(normalised.dim, 2);
    }

    #[test]
    fn dot_matches_a_plain_sum() {
        let a: Vec<f32> = (0..19).map(|i| i as f32).collect();
        let b: Vec<f32> = (0..19).map(|i| (i % 3) as f32).collect();
        let plain: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
        assert_eq!(dot(&a, &b), plain);
    }
}
