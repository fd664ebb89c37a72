//! Partner images gathered on the device, for the pairing augmentations (the partners themselves
//! are drawn in `augment/partner.rs`).

use burn::tensor::{Device, Int, Tensor, TensorData};

/// Gathers `real[partners[i]]` for every `i`, on the device of `real`, with one `select`.
pub(crate) fn gather_partners(real: Tensor<4>, partners: &[usize]) -> Tensor<4> {
    let indices = index_tensor(partners, &real.device());
    real.select(0, indices)
}

/// Uploads host indices as a 1-D integer tensor.
pub(crate) fn index_tensor(indices: &[usize], device: &Device) -> Tensor<1, Int> {
    let values: Vec<i64> = indices.iter().map(|&index| index as i64).collect();
    let num_indices = values.len();
    Tensor::<1, Int>::from_data(TensorData::new(values, [num_indices]), device)
}
