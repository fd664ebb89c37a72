//! The k-NN anomaly score of a frozen encoder: how close an image's features come to the
//! features of the images the encoder trained on. Deep k-NN scores of this kind (Bergman et al.
//! 2020, "Deep Nearest Neighbor Anomaly Detection"; Tack et al. 2020, CSI) are the standard way
//! to read anomaly detection off a contrastive encoder, and they let the encoder of an NDA run
//! and of its baseline be compared with the same table as a GAN's discriminator.

use super::{EvalError, Features, dot};

/// Neighbours whose similarities are averaged: a few, so one near-duplicate in the bank does not
/// decide the score alone.
pub const ANOMALY_NEIGHBOURS: usize = 5;

/// The mean cosine similarity of each query to its `k` most similar bank rows (`k` larger than
/// the bank uses the whole bank). Higher means more like the bank, i.e. more in-distribution;
/// `1 - score` is the mean cosine k-NN distance.
pub fn knn_similarity_scores(
    bank: &Features,
    queries: &Features,
    k: usize,
) -> Result<Vec<f32>, EvalError> {
    if k == 0 {
        return Err(EvalError::ZeroK);
    }
    bank.validate_non_empty("feature bank")?;
    queries.validate()?;
    if queries.dim != bank.dim {
        return Err(EvalError::DimensionMismatch {
            what: "query",
            expected: bank.dim,
            found: queries.dim,
        });
    }
    let bank = bank.l2_normalised();
    let queries = queries.l2_normalised();
    let k = k.min(bank.len());
    let mut similarities = Vec::with_capacity(bank.len());
    let scores = queries
        .values
        .chunks_exact(queries.dim)
        .map(|query| {
            similarities.clear();
            similarities.extend(
                bank.values
                    .chunks_exact(bank.dim)
                    .map(|row| dot(query, row)),
            );
            similarities.select_nth_unstable_by(k - 1, |a, b| b.total_cmp(a));
            let top = &similarities[..k];
            (top.iter().map(|&value| f64::from(value)).sum::<f64>() / k as f64) as f32
        })
        .collect();
    Ok(scores)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auroc;

    fn features(rows: &[[f32; 2]]) -> Features {
        Features::new(rows.iter().flatten().copied().collect(), 2).expect("features")
    }

    #[test]
    fn a_query_on_a_bank_row_scores_one_and_an_orthogonal_one_zero() {
        let bank = features(&[[1.0, 0.0], [0.8, 0.6]]);
        let queries = features(&[[2.0, 0.0], [0.0, 3.0]]);
        let scores = knn_similarity_scores(&bank, &queries, 1).expect("scores");
        assert!((scores[0] - 1.0).abs() < 1e-6);
        assert!(
            (scores[1] - 0.6).abs() < 1e-6,
            "nearest to (0.8, 0.6): {}",
            scores[1]
        );
    }

    #[test]
    fn k_averages_the_k_most_similar_rows_and_is_capped_by_the_bank() {
        let bank = features(&[[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0]]);
        let queries = features(&[[1.0, 0.0]]);
        let two = knn_similarity_scores(&bank, &queries, 2).expect("k 2");
        assert!((two[0] - 0.5).abs() < 1e-6, "(1 + 0) / 2: {}", two[0]);
        let all = knn_similarity_scores(&bank, &queries, 50).expect("k 50");
        assert!(all[0].abs() < 1e-6, "(1 + 0 - 1) / 3: {}", all[0]);
    }

    #[test]
    fn images_near_the_bank_are_told_from_images_far_from_it() {
        // The bank and the in-distribution queries point near +x; the outliers near +y.
        let near = |i: usize| [1.0, (i as f32 * 0.37).sin() * 0.2];
        let far = |i: usize| [(i as f32 * 0.53).cos() * 0.2, 1.0];
        let bank: Vec<[f32; 2]> = (0..40).map(near).collect();
        let inside: Vec<[f32; 2]> = (40..80).map(near).collect();
        let outside: Vec<[f32; 2]> = (0..40).map(far).collect();
        let bank = features(&bank);
        let inside =
            knn_similarity_scores(&bank, &features(&inside), ANOMALY_NEIGHBOURS).expect("inside");
        let outside =
            knn_similarity_scores(&bank, &features(&outside), ANOMALY_NEIGHBOURS).expect("outside");
        assert_eq!(auroc(&inside, &outside).expect("auroc"), 1.0);
    }

    #[test]
    fn refuses_zero_k_an_empty_bank_and_mismatched_dimensions() {
        let bank = features(&[[1.0, 0.0]]);
        let queries = features(&[[1.0, 0.0]]);
        assert!(matches!(
            knn_similarity_scores(&bank, &queries, 0),
            Err(EvalError::ZeroK)
        ));
        let empty = Features::new(Vec::new(), 2).expect("empty");
        assert!(knn_similarity_scores(&empty, &queries, 1).is_err());
        let wide = Features::new(vec![1.0, 0.0, 0.0], 3).expect("wide");
        assert!(knn_similarity_scores(&bank, &wide, 1).is_err());
    }
}
