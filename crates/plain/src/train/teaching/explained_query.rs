//! One contrastive step as the walk-through shows it: for a few queries of the batch, the query
//! view, its positive key view and its NDA views, the cosine similarities to them and to the
//! nearest keys of the queue, and the InfoNCE term of each query with those numbers plugged in.
//!
//! `L = −log( e^{s+/t} / (e^{s+/t} + Σ_queue e^{s_k/t} + Σ_j e^{s_j/t}) )`, averaged over the batch;
//! the per-query terms here are recomputed on the host from the step's own logits, and
//! [`ExplainedContrastiveStep::mean_loss`] over the whole batch matches the device's loss.

use serde::{Deserialize, Serialize};

use crate::data::RgbaMosaic;

/// Queries shown per step.
pub const QUERIES_SHOWN: usize = 8;
/// Nearest queue keys listed per query.
pub const NEAREST_QUEUE_KEYS: usize = 5;

/// One query of the batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueryExplained {
    /// The query view (crop, flip, jitter of the image).
    pub query: RgbaMosaic,
    /// The positive key view: another view of the same image.
    pub positive: RgbaMosaic,
    /// Its NDA views (broken versions of the same image), `m` of them.
    pub nda: Vec<RgbaMosaic>,
    /// Cosine similarity of query and positive key.
    pub positive_similarity: f32,
    /// Cosine similarity to each NDA key.
    pub nda_similarities: Vec<f32>,
    /// The highest similarities to queue keys, highest first.
    pub nearest_queue: Vec<f32>,
    /// `Σ_queue e^{s_k/t}` over the whole queue.
    pub queue_sum: f64,
    /// This query's InfoNCE term.
    pub loss: f64,
}

/// One step of one contrastive run, explained.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExplainedContrastiveStep {
    /// "NDA" or "Baseline".
    pub label: String,
    /// The step this was (completed steps after it).
    pub step: usize,
    /// The temperature t.
    pub temperature: f64,
    /// Keys in the queue.
    pub queue_size: usize,
    /// Images in the batch.
    pub batch: usize,
    /// The first queries of the batch.
    pub queries: Vec<QueryExplained>,
    /// Mean of the per-query terms over the whole batch, recomputed on the host.
    pub mean_loss: f64,
    /// The device's loss (the chart's point).
    pub loss: f32,
}

/// The InfoNCE term of one row of logits `[s+/t, s_queue/t…, s_nda/t…]`, as `(loss, Σ_queue e^·)`
/// with `queue` queue columns; computed stably in f64.
pub fn row_loss(row: &[f32], queue: usize) -> (f64, f64) {
    let highest = row.iter().copied().fold(f32::NEG_INFINITY, f32::max) as f64;
    let sum: f64 = row
        .iter()
        .map(|&logit| (logit as f64 - highest).exp())
        .sum();
    let log_sum_exp = highest + sum.ln();
    let queue_sum = row
        .iter()
        .skip(1)
        .take(queue)
        .map(|&logit| (logit as f64).exp())
        .sum();
    (
        log_sum_exp - row.first().copied().unwrap_or(0.0) as f64,
        queue_sum,
    )
}

/// The `count` highest values of `values`, highest first.
pub fn highest(values: &[f32], count: usize) -> Vec<f32> {
    let mut sorted = values.to_vec();
    sorted.sort_by(|a, b| b.total_cmp(a));
    sorted.truncate(count);
    sorted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_term_of_a_row_is_minus_log_of_the_positives_softmax_share() {
        // s+ / t = 2, two queue logits 0 and 1, one NDA logit 1.
        let row = [2.0, 0.0, 1.0, 1.0];
        let (loss, queue_sum) = row_loss(&row, 2);
        let expected = -(2f64.exp() / (2f64.exp() + 1.0 + 1f64.exp() + 1f64.exp())).ln();
        assert!((loss - expected).abs() < 1e-12);
        assert!((queue_sum - (1.0 + 1f64.exp())).abs() < 1e-12);
        // Large logits stay finite.
        assert!(row_loss(&[500.0, 499.0], 1).0.is_finite());
        assert_eq!(highest(&[0.1, 0.7, -0.2, 0.5], 2), vec![0.7, 0.5]);
    }
}
