//! The InfoNCE loss of dense predictive coding with NDA clips. Each predicted block `p_i` (clip
//! `c`, future position `j`) is scored against every target block of the batch, its own true
//! block `t_i` the positive and every other block (other clips', and its own clip's other future
//! blocks, as DPC does) a negative, plus the same position `j` of each of clip `c`'s own NDA
//! clips:
//!
//! ```text
//! L = mean_i -log( exp(p_i.t_i / τ) / ( sum_k exp(p_i.t_k / τ) + sum_v exp(p_i.t_nda_v,i / τ) ) )
//! ```
//!
//! The NDA terms join row `i`'s denominator only: an NDA clip is a negative of its own clip, never
//! of the others, as the image task's NDA keys are.

use burn::tensor::{Int, Tensor};

use crate::train::nce::{log_sum_exp, own_columns};

/// The logits of one batch, `[N, N + m]`, already divided by the temperature: column `k < N`
/// is `p_i.t_k`, the positive on the diagonal, and column `N + v` is `p_i.t_nda_v,i`.
///
/// `predictions` and `targets` are `[N, E]` (N = clips × future blocks, clip-major), and
/// `nda_targets` is `[m, N, E]`: row `i` of slice `v` is the target of NDA clip `v` of row `i`'s
/// clip at row `i`'s position. All are unit vectors.
pub fn predictive_logits(
    predictions: Tensor<2>,
    targets: Tensor<2>,
    nda_targets: Option<Tensor<3>>,
    temperature: f64,
) -> Tensor<2> {
    let shared = predictions.clone().matmul(targets.transpose());
    // [N, N]
    let mut columns = vec![shared];
    if let Some(nda_targets) = nda_targets {
        columns.push(own_columns(predictions, nda_targets));
        // [N, m]
    }
    Tensor::cat(columns, 1).div_scalar(temperature)
}

/// `mean_i( logsumexp(logits_i) - logits_i[i] )`: cross-entropy with row `i`'s positive in
/// column `i`, computed stably.
pub fn predictive_loss(logits: Tensor<2>) -> Tensor<1> {
    let [rows, _] = logits.dims();
    log_sum_exp(logits.clone())
        .sub(diagonal(logits))
        .reshape([rows])
        .mean()
}

/// Each row's own column, `[N, N + m]` -> `[N, 1]`.
pub fn diagonal(logits: Tensor<2>) -> Tensor<2> {
    let [rows, _] = logits.dims();
    let eye = Tensor::<2>::eye(rows, &logits.device());
    logits.narrow(1, 0, rows).mul(eye).sum_dim(1)
}

/// Fraction of rows whose own column is the largest.
pub fn prediction_accuracy(logits: Tensor<2>) -> Tensor<1> {
    let [rows, _] = logits.dims();
    let own = Tensor::<1, Int>::arange(0..rows as i64, &logits.device()).reshape([rows, 1]);
    logits.argmax(1).equal(own).float().reshape([rows]).mean()
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

    /// Two predictions in 2-D, their targets, one NDA target each; τ = 0.5.
    fn example(with_nda: bool) -> Tensor<2> {
        let predictions = tensor(&[1.0, 0.0, 0.0, 1.0], [2, 2]);
        let targets = tensor(&[0.6, 0.8, 0.0, 1.0], [2, 2]);
        let nda = tensor(&[0.8, 0.6, -0.6, 0.8], [1, 2, 2]);
        predictive_logits(predictions, targets, with_nda.then_some(nda), 0.5)
    }

    #[test]
    fn loss_matches_the_hand_computed_formula() {
        let logits = example(true);
        // Row 0: p.t0 = 0.6, p.t1 = 0, NDA 0.8; row 1: 0.8, 1.0, NDA 0.8 (all / 0.5).
        assert_eq!(floats(logits.clone()), vec![1.2, 0.0, 1.6, 1.6, 2.0, 1.6]);
        let by_hand = |row: &[f64], own: usize| {
            let denominator: f64 = row.iter().map(|l| l.exp()).sum();
            -(row[own].exp() / denominator).ln()
        };
        let expected = (by_hand(&[1.2, 0.0, 1.6], 0) + by_hand(&[1.6, 2.0, 1.6], 1)) / 2.0;
        let loss = floats(predictive_loss(logits.clone()))[0];
        assert!(
            (f64::from(loss) - expected).abs() < 1e-5,
            "{loss} vs {expected}"
        );
        assert_eq!(floats(diagonal(logits.clone())), vec![1.2, 2.0]);
        // Row 0's NDA target beats its true block; row 1's true block wins.
        assert_eq!(floats(prediction_accuracy(logits)), vec![0.5]);
    }

    #[test]
    fn nda_targets_add_one_term_to_their_own_row_only() {
        let without = example(false);
        let with = example(true);
        assert_eq!((without.dims(), with.dims()), ([2, 2], [2, 3]));
        assert_eq!(
            floats(with.clone().narrow(1, 0, 2)),
            floats(without.clone())
        );
        // Row 0's third column is p0 with NDA of row 0 (0.8 / 0.5), never row 1's NDA target.
        assert_eq!(floats(with.narrow(1, 2, 1)), vec![1.6, 1.6]);
        // m = 2 views give 2 extra columns.
        let p = tensor(&[1.0, 0.0], [1, 2]);
        let two = tensor(&[0.0, 1.0, -1.0, 0.0], [2, 1, 2]);
        assert_eq!(
            floats(predictive_logits(p.clone(), p, Some(two), 1.0)),
            vec![1.0, 0.0, -1.0]
        );
    }
}
