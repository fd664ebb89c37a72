//! Spectral normalisation (Miyato et al., 2018) as in the BigGAN code that Sinha et al. (ICLR 2021)
//! build NDA-GAN on: every layer of G and D divides its weight by an estimate of the weight's top
//! singular value, kept up to date by one power iteration per training forward pass.
//!
//! **Where `u` lives.** The power-iteration vector `u` is persistent state that is *not* trained.
//! It is a [`RunningState`], the same burn type `BatchNorm` uses for its running mean: the forward
//! pass (`&self`) can update it, the optimiser never sees a gradient for it, records save it, and
//! `.valid()` copies it into an independent inference module. A side struct updated by the trainer
//! would need every layer to hand its weight back out after each step; the running-state route keeps
//! each layer self-contained, exactly like batch norm. On a training (autodiff) device a forward pass
//! runs one power iteration and stores the new `u`; on an inference device it runs the same
//! iteration from the stored `u` without storing it (BigGAN instead reuses the stored sigma).
//!
//! The weight is viewed as a matrix `[dim 0, product of the other dims]`: `[out, in * k * k]` for
//! convolutions, `[in, out * k * k]` for transposed convolutions (burn's weight layout),
//! `[in, out]` for linear layers and `[classes, features]` for embeddings.

use burn::module::{Module, RunningState};
use burn::tensor::{Device, Tensor, TensorData};
use rand::rngs::ChaCha8Rng;

use super::init::unit_vector;

/// Added to norms before dividing, as `eps = 1e-12` in the reference `power_iteration`.
const NORM_EPSILON: f64 = 1e-12;

/// The persistent power-iteration state of one spectrally normalised weight.
#[derive(Module, Debug)]
pub struct SpectralNorm {
    /// Left singular vector estimate, `[rows]`, unit length; not a trainable parameter.
    pub u: RunningState<Tensor<1>>,
}

impl SpectralNorm {
    /// State for a weight whose matrix view has `rows` rows, starting from a random unit `u`.
    pub fn init(rows: usize, rng: &mut ChaCha8Rng, device: &Device) -> Self {
        let u = Tensor::<1>::from_data(TensorData::new(unit_vector(rows, rng), [rows]), device);
        Self {
            u: RunningState::new(u),
        }
    }

    /// The weight divided by its estimated top singular value. On an autodiff device this also
    /// stores the new `u`. Gradients flow through the weight, both directly and through sigma (as
    /// in BigGAN), but not through `u` and `v`.
    pub fn normalise<const D: usize>(&self, weight: Tensor<D>) -> Tensor<D> {
        let shape = weight.dims();
        let rows = shape[0];
        let cols = shape.iter().skip(1).product::<usize>();
        let matrix = weight.clone().reshape([rows, cols]);
        // [rows, cols]
        let (u, v) = self.power_iteration(matrix.clone().detach());
        // sigma = u^T W v, differentiable in W only.
        let sigma = u
            .unsqueeze_dim::<2>(0)
            .matmul(matrix)
            .matmul(v.unsqueeze_dim::<2>(1))
            .reshape([1; D]);
        // [1, ..., 1]
        weight.div(sigma)
    }

    /// One power iteration from the stored `u` on a detached weight matrix: returns the new
    /// `(u, v)`, both `[rows]` / `[cols]` unit vectors without gradient, and stores `u` when
    /// training.
    fn power_iteration(&self, matrix: Tensor<2>) -> (Tensor<1>, Tensor<1>) {
        let device = matrix.device();
        let u = self.u.value_sync().to_device(&device);
        let [rows, cols] = matrix.dims();
        let v = normalised(u.reshape([1, rows]).matmul(matrix.clone()).reshape([cols]));
        // [cols]
        let u = normalised(matrix.matmul(v.clone().reshape([cols, 1])).reshape([rows]));
        // [rows]
        if device.is_autodiff() {
            self.u.update(u.clone().detach());
        }
        (u.detach(), v.detach())
    }
}

/// `vector / (|vector| + eps)`.
fn normalised(vector: Tensor<1>) -> Tensor<1> {
    let norm = vector
        .clone()
        .powf_scalar(2.0)
        .sum()
        .sqrt()
        .add_scalar(NORM_EPSILON);
    vector.div(norm)
}

/// Estimates the top singular value of a row-major `[rows, cols]` matrix on the host, in f64, by
/// `iterations` power iterations: the yardstick the tests and the UI's diagnostics compare with.
pub fn host_top_singular_value(values: &[f32], rows: usize, cols: usize, iterations: usize) -> f64 {
    let at = |r: usize, c: usize| f64::from(values[r * cols + c]);
    let mut v = vec![1.0f64 / (cols as f64).sqrt(); cols];
    let mut sigma = 0.0;
    for _ in 0..iterations {
        let u: Vec<f64> = (0..rows)
            .map(|r| (0..cols).map(|c| at(r, c) * v[c]).sum())
            .collect();
        sigma = u.iter().map(|x| x * x).sum::<f64>().sqrt();
        let w: Vec<f64> = (0..cols)
            .map(|c| (0..rows).map(|r| at(r, c) * u[r]).sum())
            .collect();
        let norm = w
            .iter()
            .map(|x| x * x)
            .sum::<f64>()
            .sqrt()
            .max(f64::MIN_POSITIVE);
        v = w.iter().map(|x| x / norm).collect();
    }
    sigma
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::init::normal_values;
    use rand::SeedableRng;

    fn host(tensor: Tensor<2>) -> Vec<f32> {
        tensor.into_data().try_to_vec().expect("f32")
    }

    #[test]
    fn power_iterations_bring_the_top_singular_value_to_one() {
        let device = Device::flex().autodiff();
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let (rows, cols) = (12, 20);
        let values = normal_values(rows * cols, 0.5, &mut rng);
        let weight = Tensor::<2>::from_data(TensorData::new(values.clone(), [rows, cols]), &device);
        let sigma = host_top_singular_value(&values, rows, cols, 500);
        assert!(
            sigma > 1.5,
            "a random 12x20 N(0, 0.25) matrix has sigma {sigma}"
        );
        let norm = SpectralNorm::init(rows, &mut rng, &device);
        for _ in 0..50 {
            let _ = norm.normalise(weight.clone());
        }
        let normalised = host(norm.normalise(weight.clone()));
        let normalised_sigma = host_top_singular_value(&normalised, rows, cols, 500);
        assert!(
            (normalised_sigma - 1.0).abs() < 1e-3,
            "sigma {normalised_sigma}"
        );
    }

    #[test]
    fn inference_does_not_move_u_and_training_does() {
        let device = Device::flex().autodiff();
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let values = normal_values(6 * 4, 1.0, &mut rng);
        let weight = Tensor::<2>::from_data(TensorData::new(values, [6, 4]), &device);
        let norm = SpectralNorm::init(6, &mut rng, &device);
        let start: Vec<f32> = norm.u.value_sync().into_data().try_to_vec().expect("f32");
        let inference = norm.valid();
        let _ = inference.normalise(weight.clone().without_autodiff());
        let after_inference: Vec<f32> = inference
            .u
            .value_sync()
            .into_data()
            .try_to_vec()
            .expect("f32");
        assert_eq!(start, after_inference);
        let _ = norm.normalise(weight);
        let after_training: Vec<f32> = norm.u.value_sync().into_data().try_to_vec().expect("f32");
        assert_ne!(start, after_training);
    }

    #[test]
    fn gradient_reaches_the_weight_but_u_is_not_a_parameter() {
        let device = Device::flex().autodiff();
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let values = normal_values(3 * 5, 1.0, &mut rng);
        let weight =
            Tensor::<2>::from_data(TensorData::new(values, [3, 5]), &device).require_grad();
        let norm = SpectralNorm::init(3, &mut rng, &device);
        let grads = norm.normalise(weight.clone()).sum().backward();
        assert!(weight.grad(&grads).is_some());
        assert!(!norm.u.value_sync().is_require_grad());
    }
}
