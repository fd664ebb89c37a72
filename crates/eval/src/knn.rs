//! Weighted k-nearest-neighbour accuracy and retrieval on frozen features: the k-NN monitor that
//! MoCo (He et al., 2020) borrows from InstDisc (Wu et al., 2018) and that we use to compare MoCo-v2
//! with and without NDA negatives (Sinha et al., ICLR 2021, Sec. 5) while training runs.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use super::{EvalError, Features, dot, validate_labels, validate_num_classes};

/// Settings of the weighted k-NN classifier.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct KnnSettings {
    /// Neighbours that vote (at least 1; more than the bank means the whole bank).
    pub k: usize,
    /// Softmax temperature of the vote weights `exp(similarity / temperature)` (positive).
    pub temperature: f32,
}

impl Default for KnnSettings {
    /// `k = 20`, `temperature = 0.07`: the temperature of InstDisc (Wu et al., 2018); InstDisc votes
    /// with k = 200 neighbours out of 1.28M ImageNet images, our banks hold a few thousand images.
    fn default() -> Self {
        Self {
            k: 20,
            temperature: 0.07,
        }
    }
}

/// Weighted k-NN classification accuracy (Wu et al. 2018 "InstDisc", the protocol MoCo uses): cosine
/// similarity between L2-normalised features, the k most similar bank rows vote for their label with
/// weight exp(similarity / temperature); ties in votes go to the lower class id; ties in similarity
/// to the lower bank index.
///
/// `k` larger than the bank uses the whole bank. Returns the fraction of queries classified
/// correctly, in `[0, 1]`.
pub fn knn_accuracy(
    bank: &Features,
    bank_labels: &[u32],
    queries: &Features,
    query_labels: &[u32],
    num_classes: usize,
    settings: KnnSettings,
) -> Result<f64, EvalError> {
    validate_knn_input(
        bank,
        bank_labels,
        queries,
        query_labels,
        num_classes,
        settings,
    )?;
    let bank = bank.l2_normalised();
    let queries = queries.l2_normalised();
    let k = settings.k.min(bank.len());
    let mut similarities = Vec::with_capacity(bank.len());
    let mut votes = vec![0.0f64; num_classes];
    let mut correct = 0usize;
    for (query, &label) in queries.values.chunks_exact(queries.dim).zip(query_labels) {
        similarities.clear();
        similarities.extend(
            bank.values
                .chunks_exact(bank.dim)
                .map(|row| dot(query, row))
                .enumerate(),
        );
        keep_most_similar(&mut similarities, k);
        votes.fill(0.0);
        for &(row, similarity) in similarities.iter() {
            let weight = (f64::from(similarity) / f64::from(settings.temperature)).exp();
            votes[bank_labels[row] as usize] += weight;
        }
        if winning_class(&votes) == label as usize {
            correct += 1;
        }
    }
    Ok(correct as f64 / queries.len() as f64)
}

/// The `count` rows most similar (cosine) to row `index` of `features`, itself excluded, best first,
/// as (row, similarity). Ties go to the lower row. Fewer rows come back when there are fewer others;
/// none when `index` is not a row or the features are malformed (see [`Features::new`]).
pub fn nearest_neighbours(features: &Features, index: usize, count: usize) -> Vec<(usize, f32)> {
    if features.validate().is_err() || index >= features.len() {
        return Vec::new();
    }
    most_similar_to(&features.l2_normalised(), index, count)
}

/// [`nearest_neighbours`] of every row, normalising the features once: one list per row.
pub fn all_nearest_neighbours(features: &Features, count: usize) -> Vec<Vec<(usize, f32)>> {
    if features.validate().is_err() {
        return Vec::new();
    }
    let normalised = features.l2_normalised();
    (0..normalised.len())
        .map(|index| most_similar_to(&normalised, index, count))
        .collect()
}

/// The `count` rows of the unit-length `normalised` most similar to row `index`, itself excluded.
fn most_similar_to(normalised: &Features, index: usize, count: usize) -> Vec<(usize, f32)> {
    let target = normalised.row(index);
    let mut similarities: Vec<(usize, f32)> = normalised
        .values
        .chunks_exact(normalised.dim)
        .map(|row| dot(target, row))
        .enumerate()
        .filter(|&(row, _)| row != index)
        .collect();
    keep_most_similar(&mut similarities, count);
    similarities
}

/// Checks shapes, labels and settings of [`knn_accuracy`].
fn validate_knn_input(
    bank: &Features,
    bank_labels: &[u32],
    queries: &Features,
    query_labels: &[u32],
    num_classes: usize,
    settings: KnnSettings,
) -> Result<(), EvalError> {
    if settings.k == 0 {
        return Err(EvalError::ZeroK);
    }
    if !(settings.temperature.is_finite() && settings.temperature > 0.0) {
        return Err(EvalError::InvalidSetting {
            name: "temperature",
            value: settings.temperature,
            requirement: "a positive number",
        });
    }
    validate_num_classes(num_classes)?;
    bank.validate_non_empty("feature bank")?;
    queries.validate_non_empty("query set")?;
    if queries.dim != bank.dim {
        return Err(EvalError::DimensionMismatch {
            what: "query",
            expected: bank.dim,
            found: queries.dim,
        });
    }
    validate_labels(bank_labels, bank.len(), num_classes, "bank")?;
    validate_labels(query_labels, queries.len(), num_classes, "query")
}

/// Keeps the `count` most similar (row, similarity) pairs, sorted best first, ties to the lower row.
fn keep_most_similar(similarities: &mut Vec<(usize, f32)>, count: usize) {
    if count == 0 {
        similarities.clear();
        return;
    }
    if count < similarities.len() {
        similarities.select_nth_unstable_by(count - 1, more_similar_first);
        similarities.truncate(count);
    }
    similarities.sort_unstable_by(more_similar_first);
}

/// A total order: higher similarity first, then lower row. `+ 0.0` turns `-0.0` into `0.0`, so that
/// the two zeros tie (and fall to the row order) instead of `total_cmp` ranking `-0.0` lower.
fn more_similar_first(a: &(usize, f32), b: &(usize, f32)) -> Ordering {
    (b.1 + 0.0).total_cmp(&(a.1 + 0.0)).then(a.0.cmp(&b.0))
}

/// The class with the most votes; ties go to the lower class id.
fn winning_class(votes: &[f64]) -> usize {
    let mut best = 0;
    for (class, &vote) in votes.iter().enumerate() {
        if vote > votes[best] {
            best = class;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Six bank points around the circle (labels in comments) and three queries:
    /// bank 0 (1, 0) c0, 1 (1, 1) c1, 2 (1, -1) c1, 3 (-1, 0) c2, 4 (-1, 1) c2, 5 (-1, -1) c0;
    /// queries A (1, 0) c0, B (-1, 0) c2, C (0, 1) c1.
    fn toy() -> (Features, Vec<u32>, Features, Vec<u32>) {
        let bank = vec![
            1.0, 0.0, 1.0, 1.0, 1.0, -1.0, -1.0, 0.0, -1.0, 1.0, -1.0, -1.0,
        ];
        let queries = vec![1.0, 0.0, -1.0, 0.0, 0.0, 1.0];
        (
            Features::new(bank, 2).expect("valid"),
            vec![0, 1, 1, 2, 2, 0],
            Features::new(queries, 2).expect("valid"),
            vec![0, 2, 1],
        )
    }

    fn toy_accuracy(k: usize, temperature: f32) -> Result<f64, EvalError> {
        let (bank, bank_labels, queries, query_labels) = toy();
        knn_accuracy(
            &bank,
            &bank_labels,
            &queries,
            &query_labels,
            3,
            KnnSettings { k, temperature },
        )
    }

    /// With s = 1/sqrt(2) ~ 0.707 and k = 3:
    /// A: neighbours 0 (sim 1, c0), 1 and 2 (sim s, c1). Majority says c1; at t = 0.07 the votes are
    ///    c0 = e^14.3 > c1 = 2 e^10.1, so c0 (right); at t = 1, c0 = e^1 = 2.72 < c1 = 2 e^s = 4.06,
    ///    so c1 (wrong).
    /// B: neighbours 3 (sim 1, c2), 4 (s, c2), 5 (s, c0): c2 at any temperature (right).
    /// C: neighbours 1 (s, c1), 4 (s, c2) and then 0 and 3 tie at sim 0: the lower index, 0 (c0),
    ///    votes. c1 and c2 tie, so the lower class c1 wins (right). Row 3 instead would give c2.
    #[test]
    fn weighted_vote_on_the_toy_case() {
        assert_eq!(toy_accuracy(3, 0.07), Ok(1.0));
        assert_eq!(toy_accuracy(3, 1.0), Ok(2.0 / 3.0));
    }

    /// With the whole bank voting at t = 0.07, C gets c1 = e^10.1 + e^-10.1 (rows 1, 2) against
    /// c2 = e^10.1 + e^0 (rows 4, 3), so c2 wins (wrong); A and B stay right.
    #[test]
    fn k_larger_than_the_bank_uses_the_whole_bank() {
        assert_eq!(toy_accuracy(100, 0.07), Ok(2.0 / 3.0));
        assert_eq!(toy_accuracy(100, 0.07), toy_accuracy(6, 0.07));
    }

    #[test]
    fn refuses_bad_input() {
        let (bank, bank_labels, queries, query_labels) = toy();
        let settings = KnnSettings::default();
        assert_eq!(
            knn_accuracy(
                &bank,
                &bank_labels[..5],
                &queries,
                &query_labels,
                3,
                settings
            ),
            Err(EvalError::LabelCountMismatch {
                what: "bank",
                rows: 6,
                labels: 5
            })
        );
        assert_eq!(
            knn_accuracy(&bank, &bank_labels, &queries, &[0, 1], 3, settings),
            Err(EvalError::LabelCountMismatch {
                what: "query",
                rows: 3,
                labels: 2
            })
        );
        assert_eq!(toy_accuracy(0, 0.07), Err(EvalError::ZeroK));
        assert!(toy_accuracy(3, 0.0).is_err());
        assert_eq!(
            knn_accuracy(&bank, &bank_labels, &queries, &query_labels, 1, settings),
            Err(EvalError::TooFewClasses { num_classes: 1 })
        );
        assert_eq!(
            knn_accuracy(&bank, &bank_labels, &queries, &query_labels, 2, settings),
            Err(EvalError::LabelOutOfRange {
                what: "bank",
                label: 2,
                num_classes: 2
            })
        );
        let empty = Features::new(Vec::new(), 2).expect("valid");
        assert_eq!(
            knn_accuracy(&empty, &[], &queries, &query_labels, 3, settings),
            Err(EvalError::Empty {
                what: "feature bank"
            })
        );
        let wide = Features::new(vec![0.0; 3], 3).expect("valid");
        assert!(matches!(
            knn_accuracy(&bank, &bank_labels, &wide, &[0], 3, settings),
            Err(EvalError::DimensionMismatch { .. })
        ));
    }

    #[test]
    fn queries_equal_to_bank_rows_are_all_right() {
        let mut state = 12345u64;
        let values: Vec<f32> = (0..40 * 8).map(|_| lcg(&mut state)).collect();
        let bank = Features::new(values, 8).expect("valid");
        let labels: Vec<u32> = (0..40).map(|i| i % 4).collect();
        let settings = KnnSettings {
            k: 1,
            temperature: 0.07,
        };
        assert_eq!(
            knn_accuracy(&bank, &labels, &bank, &labels, 4, settings),
            Ok(1.0)
        );
    }

    #[test]
    fn nearest_neighbours_exclude_the_row_and_are_sorted() {
        let (bank, _, _, _) = toy();
        let s = std::f32::consts::FRAC_1_SQRT_2;
        let neighbours = nearest_neighbours(&bank, 0, 10);
        let rows: Vec<usize> = neighbours.iter().map(|&(row, _)| row).collect();
        assert_eq!(rows, vec![1, 2, 4, 5, 3]);
        assert!((neighbours[0].1 - s).abs() < 1e-6);
        assert_eq!(neighbours[0].1, neighbours[1].1);
        assert!((neighbours[4].1 + 1.0).abs() < 1e-6);
        assert!(neighbours.windows(2).all(|pair| pair[0].1 >= pair[1].1));
        // Row 3 (-1, 0): rows 4 and 5 tie at s, then 1 and 2 tie at -s, then 0.
        let rows: Vec<usize> = nearest_neighbours(&bank, 3, 3)
            .iter()
            .map(|&(row, _)| row)
            .collect();
        assert_eq!(rows, vec![4, 5, 1]);
        assert!(nearest_neighbours(&bank, 6, 3).is_empty());
        let every_row = all_nearest_neighbours(&bank, 3);
        assert_eq!(every_row.len(), bank.len());
        for (index, list) in every_row.iter().enumerate() {
            assert_eq!(*list, nearest_neighbours(&bank, index, 3));
        }
        assert!(nearest_neighbours(&bank, 0, 0).is_empty());
    }

    /// A uniform value in [-1, 1) from a 64-bit LCG (Knuth's MMIX constants).
    fn lcg(state: &mut u64) -> f32 {
        *state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((*state >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
    }
}
