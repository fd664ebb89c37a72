//! A small, exactly checkable computation that proves the worker's device really computes.
//!
//! The page asks the worker for `sum(A · Aᵀ)` of a deterministic matrix `A`. The matrix is defined
//! by a closed formula, so the host (and the browser tests, in JavaScript) can recompute the answer
//! and compare it with what came back from the GPU or the CPU backend. The worker's `probe.rs`
//! computes it on the device.

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

/// Relative tolerance between the device's f32 result and the f64 host answer.
pub fn matches_expected(size: usize, computed: f64) -> bool {
    let expected = expected_checksum(size);
    (computed - expected).abs() <= 1e-4 * expected.abs().max(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

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
