//! The device half of the probe (`nda_protocol::probe` defines the matrix and its answer, which
//! the page checks): `sum(A · Aᵀ)` built on the worker's device.

use burn::tensor::{Device, Tensor, TensorData};
use nda_protocol::probe::probe_entry;

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

#[cfg(test)]
mod tests {
    use super::*;
    use nda_protocol::probe::{expected_checksum, matches_expected};

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
}
