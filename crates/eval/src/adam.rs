//! The AdamW optimiser of the linear probe (Kingma & Ba, 2015; Loshchilov & Hutter, 2019) on plain
//! `f32` slices: the probe scores MoCo-v2 + NDA features (Sinha et al., ICLR 2021, Sec. 5).

/// First-moment decay (Kingma & Ba, 2015, Algorithm 1 defaults).
const BETA1: f32 = 0.9;
/// Second-moment decay (Kingma & Ba, 2015).
const BETA2: f32 = 0.999;
/// Denominator guard (Kingma & Ba, 2015).
const EPSILON: f32 = 1e-8;

/// Adam's running moments and step count for one parameter slice.
pub(super) struct Adam {
    /// First moment (running mean of gradients).
    first: Vec<f32>,
    /// Second moment (running mean of squared gradients).
    second: Vec<f32>,
    /// Updates made so far.
    steps: i32,
}

impl Adam {
    /// Zero moments for `len` parameters.
    pub(super) fn new(len: usize) -> Self {
        Self {
            first: vec![0.0; len],
            second: vec![0.0; len],
            steps: 0,
        }
    }

    /// One AdamW update: `p <- p (1 - rate * decay) - rate * m_hat / (sqrt(v_hat) + eps)`, with the
    /// bias-corrected moments `m_hat`, `v_hat`; `decay = 0` gives plain Adam.
    pub(super) fn step(&mut self, params: &mut [f32], grads: &[f32], rate: f32, decay: f32) {
        self.steps = self.steps.saturating_add(1);
        let first_correction = 1.0 - BETA1.powi(self.steps);
        let second_correction = 1.0 - BETA2.powi(self.steps);
        let shrink = 1.0 - rate * decay;
        let moments = self.first.iter_mut().zip(self.second.iter_mut());
        for ((param, &grad), (first, second)) in params.iter_mut().zip(grads).zip(moments) {
            *first = BETA1 * *first + (1.0 - BETA1) * grad;
            *second = BETA2 * *second + (1.0 - BETA2) * grad * grad;
            let update =
                (*first / first_correction) / ((*second / second_correction).sqrt() + EPSILON);
            *param = *param * shrink - rate * update;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_step_moves_each_parameter_by_the_rate_against_its_gradient() {
        let mut adam = Adam::new(3);
        let mut params = [1.0, 1.0, 1.0];
        adam.step(&mut params, &[2.0, -0.5, 0.0], 0.1, 0.0);
        // With bias correction, m_hat = g and v_hat = g^2, so the step is rate * g / (|g| + eps).
        assert!((params[0] - 0.9).abs() < 1e-6);
        assert!((params[1] - 1.1).abs() < 1e-6);
        assert_eq!(params[2], 1.0);
    }

    #[test]
    fn decay_shrinks_parameters_without_gradient() {
        let mut adam = Adam::new(1);
        let mut params = [2.0];
        adam.step(&mut params, &[0.0], 0.1, 0.5);
        assert_eq!(params, [2.0 * (1.0 - 0.05)]);
    }
}
