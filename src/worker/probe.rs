//! A small, exactly checkable computation that proves the worker's device really computes.
//!
//! The page asks the worker for `sum(A · Aᵀ)` of a deterministic matrix `A`. The matrix is defined
//! by a closed formula, so the host (and the browser tests, in JavaScript) can recompute the answer
//! and compare it with what came back from the GPU or the CPU backend.

use burn::tensor::{Device, Tensor, TensorData};

/// Largest probe matrix side accepted: big enough to exercise the device, small enough for a phone.
pub const MAX_PROBE_SIZE: usize = 1024;

/// Entry `(row, col)` of the probe matrix: values in [-0.5, 0.5) from a simple modular pattern.
pub fn probe_entry(row: usize, col: usize) -> f32 {
    ((row * 7 + col * 3) % 11) as f32 / 11.0 - 0.5
}

/// The probe's answer computed on the host in f64: `sum(A · Aᵀ) = Σ_k (Σ_i A[i, k])²`.
pub fn expected_checksum(size: usize) -> f64 {
    (0..size)
        .map(|col| {
            let column_sum: f64 = (0..size).map(|row| f64::from(probe_entry(row, col))).sum();
            column_sum * column_sum
        })
        .sum()
}

/// Builds `sum(A · Aᵀ)` on `device` without reading it back; the caller reads it (asynchronously
/// in the browser, where a synchronous read panics on WebGPU).
pub fn probe_checksum(size: usize, device: &Device) -> Tensor<1> {
    let entries: Vec<f32> = (0..size * size)
        .map(|index| probe_entry(index / size, index % size))
        .collect();
    let matrix = Tensor::<2>::from_data(TensorData::new(entries, [size, size]), device);
    // [size, size] x [size, size] -> [size, size], then summed to [1].
    matrix.clone().matmul(matrix.transpose()).sum()
}

/// Relative tolerance between the device's f32 result and the f64 host answer.
pub fn matches_expected(size: usize, computed: f64) -> bool {
    let expected = expected_checksum(size);
    (computed - expected).abs() <= 1e-4 * expected.abs().max(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_backend_matches_the_closed_form() {
        let device = Device::flex();
        for size in [1, 2, 17, 64] {
            let computed: f32 = probe_checksum(size, &device).into_scalar();
            assert!(
                matches_expected(size, f64::from(computed)),
                "size {size}: {computed} vs {}",
                expected_checksum(size)
            );
        }
    }

    #[test]
    fn expected_checksum_of_a_one_by_one_matrix_is_its_square() {
        let entry = f64::from(probe_entry(0, 0));
        assert!((expected_checksum(1) - entry * entry).abs() < 1e-12);
    }

    #[test]
    fn a_wrong_answer_is_rejected() {
        assert!(!matches_expected(64, expected_checksum(64) + 1.0));
    }
}
