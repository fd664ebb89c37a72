//! What the InfoNCE losses of the contrastive task (`contrastive/info_nce.rs`) and the video task
//! (`video/predictive_nce.rs`) share: each row's own NDA columns, and a row-wise log-sum-exp
//! computed stably.

use burn::tensor::Tensor;

/// Each row of `rows` `[N, E]` against the same row of each of `m` slices of `own` `[m, N, E]`:
/// the `m` NDA columns of its own denominator, `[N, m]` (one broadcast product, summed and
/// transposed).
pub fn own_columns(rows: Tensor<2>, own: Tensor<3>) -> Tensor<2> {
    let [count, dim] = rows.dims();
    let [views, ..] = own.dims();
    rows.reshape([1, count, dim])
        .mul(own)
        .sum_dim(2)
        .reshape([views, count])
        .transpose()
}

/// `log(sum_j exp(logits[i, j]))` per row, `[N, C]` -> `[N, 1]`: the row maximum is subtracted
/// before the exponential and added back after, and it carries no gradient (the result's
/// gradient is the softmax either way).
pub fn log_sum_exp(logits: Tensor<2>) -> Tensor<2> {
    let row_max = logits.clone().max_dim(1).detach();
    logits
        .sub(row_max.clone())
        .exp()
        .sum_dim(1)
        .log()
        .add(row_max)
}
