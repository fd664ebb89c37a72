//! The InfoNCE loss of MoCo with NDA negatives (Sinha et al., ICLR 2021, Sec. 5):
//!
//! ```text
//! L = -log( exp(q.k+ / t) / ( exp(q.k+ / t) + sum_queue exp(q.k- / t) + sum_j exp(q.k_nda_j / t) ) )
//! ```
//!
//! written, as MoCo does, as a cross-entropy over the logits `[q.k+, q.queue^T, q.k_nda_1..m] / t`
//! with the positive in column 0. Each image's NDA keys come from *its own* broken views, so the
//! encoder learns that a jigsaw of an image is not that image.

use burn::tensor::Tensor;

use crate::train::nce::{log_sum_exp, own_columns};

/// The logits of one batch, `[batch, 1 + queue + m]`, already divided by the temperature.
///
/// `query` and `positive_key` are `[batch, dim]`, `queue` is `[queue, dim]` (past keys, shared by
/// every query), and `nda_keys` is `[m, batch, dim]`: row `b` of slice `j` is the key of NDA view
/// `j` of image `b`. All inputs are unit vectors, so the dot products are cosine similarities.
pub fn contrastive_logits(
    query: Tensor<2>,
    positive_key: Tensor<2>,
    queue: Tensor<2>,
    nda_keys: Option<Tensor<3>>,
    temperature: f64,
) -> Tensor<2> {
    let positive = query.clone().mul(positive_key).sum_dim(1);
    // [batch, 1]
    let from_queue = query.clone().matmul(queue.transpose());
    // [batch, queue]
    let mut columns = vec![positive, from_queue];
    if let Some(nda_keys) = nda_keys {
        columns.push(own_columns(query, nda_keys));
        // [batch, m]
    }
    Tensor::cat(columns, 1).div_scalar(temperature)
}

/// `mean_b( logsumexp(logits_b) - logits_b[0] )`: cross-entropy with the positive in column 0,
/// computed stably (the row maximum is subtracted, and added back, outside the exponential).
pub fn info_nce_loss(logits: Tensor<2>) -> Tensor<1> {
    let [batch, _] = logits.dims();
    let positive = logits.clone().narrow(1, 0, 1);
    log_sum_exp(logits).sub(positive).reshape([batch]).mean()
}

#[cfg(test)]
mod tests {
    use super::*;
    use burn::tensor::{Device, TensorData};

    fn tensor<const D: usize>(values: &[f32], shape: [usize; D]) -> Tensor<D> {
        Tensor::from_data(TensorData::new(values.to_vec(), shape), &Device::flex())
    }

    fn floats<const D: usize>(tensor: Tensor<D>) -> Vec<f32> {
        tensor.into_data().try_to_vec::<f32>().expect("f32")
    }

    /// Two queries in 2-D, a queue of two keys, one NDA key per query; t = 0.5.
    fn example(with_nda: bool) -> Tensor<2> {
        let query = tensor(&[1.0, 0.0, 0.0, 1.0], [2, 2]);
        let positive = tensor(&[0.6, 0.8, 0.0, 1.0], [2, 2]);
        let queue = tensor(&[1.0, 0.0, -1.0, 0.0], [2, 2]);
        let nda = tensor(&[0.8, 0.6, 0.6, 0.8], [1, 2, 2]);
        contrastive_logits(query, positive, queue, with_nda.then_some(nda), 0.5)
    }

    #[test]
    fn loss_matches_the_hand_computed_formula() {
        let logits = example(true);
        // Query 0: q.k+ = 0.6, queue 1 and -1, NDA 0.8; query 1: 1.0, queue 0 and 0, NDA 0.8.
        let expected_logits = [1.2, 2.0, -2.0, 1.6, 2.0, 0.0, 0.0, 1.6];
        for (got, want) in floats(logits.clone()).iter().zip(expected_logits) {
            assert!((got - want).abs() < 1e-6, "{got} vs {want}");
        }
        let by_hand = |row: &[f64]| {
            let denominator: f64 = row.iter().map(|l| l.exp()).sum();
            -(row[0].exp() / denominator).ln()
        };
        let expected = (by_hand(&[1.2, 2.0, -2.0, 1.6]) + by_hand(&[2.0, 0.0, 0.0, 1.6])) / 2.0;
        let loss = floats(info_nce_loss(logits))[0];
        assert!(
            (f64::from(loss) - expected).abs() < 1e-5,
            "{loss} vs {expected}"
        );
    }

    #[test]
    fn nda_keys_add_exactly_m_terms_to_the_denominator() {
        let without = example(false);
        let with = example(true);
        assert_eq!(without.dims(), [2, 3]);
        assert_eq!(with.dims(), [2, 4]);
        // The first 1 + queue columns are unchanged; the loss grows by the extra terms only.
        assert_eq!(
            floats(with.clone().narrow(1, 0, 3)),
            floats(without.clone())
        );
        let gap = floats(info_nce_loss(with))[0] - floats(info_nce_loss(without))[0];
        let expected = (((1.2f64.exp() + 2.0f64.exp() + (-2.0f64).exp() + 1.6f64.exp())
            / (1.2f64.exp() + 2.0f64.exp() + (-2.0f64).exp()))
        .ln()
            + ((2.0f64.exp() + 2.0 + 1.6f64.exp()) / (2.0f64.exp() + 2.0)).ln())
            / 2.0;
        assert!(
            (f64::from(gap) - expected).abs() < 1e-5,
            "{gap} vs {expected}"
        );
        // m = 3 views give 3 extra columns.
        let query = tensor(&[1.0, 0.0], [1, 2]);
        let three = tensor(&[0.0, 1.0, 1.0, 0.0, -1.0, 0.0], [3, 1, 2]);
        let logits = contrastive_logits(query.clone(), query.clone(), query, Some(three), 1.0);
        assert_eq!(floats(logits), vec![1.0, 1.0, 0.0, 1.0, -1.0]);
    }

    #[test]
    fn large_logits_stay_finite() {
        let logits = tensor(&[500.0, 499.0, -500.0], [1, 3]);
        let loss = floats(info_nce_loss(logits))[0];
        let expected = (1.0 + (-1.0f64).exp()).ln();
        assert!((f64::from(loss) - expected).abs() < 1e-5);
    }
}
