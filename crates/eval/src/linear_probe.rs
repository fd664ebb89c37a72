//! A linear probe on frozen features: MoCo's linear-classification protocol (He et al., 2020; Chen
//! et al., 2020), which Sinha et al. (ICLR 2021, Sec. 5) use to score MoCo-v2 + NDA representations,
//! shrunk to full-batch training that takes well under a second in a browser.
//!
//! Each feature is standardised by its training mean and standard deviation, then a multinomial
//! logistic regression (softmax cross-entropy) is trained from zero weights with full-batch AdamW:
//! Adam (Kingma & Ba, 2015) with decoupled weight decay (Loshchilov & Hutter, 2019). Adam rather
//! than the SGD of MoCo's reference probe (learning rate 30, mini-batches) because a hundred
//! full-batch plain gradient steps only fit with a step size tuned per encoder, while Adam scales
//! each weight's step by its own gradient history and fits with one setting.

use serde::{Deserialize, Serialize};

use super::adam::Adam;
use super::{EvalError, Features, dot, validate_labels, validate_num_classes};

/// Floor of a feature's standard deviation, so that a constant feature standardises to zero.
const MIN_STD: f64 = 1e-6;

/// Training settings of the linear probe.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ProbeSettings {
    /// Full-batch AdamW steps (0 leaves the weights at zero).
    pub epochs: usize,
    /// AdamW step size (positive).
    pub learning_rate: f32,
    /// Decoupled weight decay: each step multiplies the weights (not the biases) by
    /// `1 - learning_rate * weight_decay` (non-negative; 0 disables).
    pub weight_decay: f32,
}

impl Default for ProbeSettings {
    /// 100 full-batch epochs at learning rate 0.05 with weight decay 1e-2. On standardised features
    /// Adam moves each weight by up to about the learning rate per step, so 100 steps of 0.05 let a
    /// logit grow by several units per feature: enough to separate classes (the 3-class tests fit
    /// perfectly), while the short run from zero weights acts as the regulariser (early stopping).
    /// The decay is AdamW's customary 1e-2; over 100 steps it shrinks the weights by only about 5%.
    /// 100 epochs of 2000 x 256 features and 10 classes take about 0.1 s natively (release, one core).
    fn default() -> Self {
        Self {
            epochs: 100,
            learning_rate: 0.05,
            weight_decay: 1e-2,
        }
    }
}

/// Multinomial logistic regression on frozen features: the linear-probe protocol of MoCo, shrunk for
/// the browser.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearProbe {
    /// Class weights, one row per class: `[num_classes, dim]`.
    weights: Vec<f32>,
    /// Class biases: `[num_classes]`.
    bias: Vec<f32>,
    /// Training mean of each feature: `[dim]`.
    mean: Vec<f32>,
    /// Training standard deviation of each feature, floored at 1e-6: `[dim]`.
    std: Vec<f32>,
    /// Feature dimension.
    dim: usize,
}

impl LinearProbe {
    /// Trains the probe on `features` with one label below `num_classes` per row (deterministic:
    /// zero initial weights, full batches, fixed summation orders).
    pub fn fit(
        features: &Features,
        labels: &[u32],
        num_classes: usize,
        settings: ProbeSettings,
    ) -> Result<Self, EvalError> {
        validate_settings(settings)?;
        validate_num_classes(num_classes)?;
        features.validate_non_empty("training set")?;
        validate_labels(labels, features.len(), num_classes, "training")?;
        let dim = features.dim;
        let (mean, std) = mean_and_std(features);
        let mut probe = Self {
            weights: vec![0.0; num_classes * dim],
            bias: vec![0.0; num_classes],
            mean,
            std,
            dim,
        };
        let inputs = probe.standardised(features);
        let mut trainer = Trainer::new(num_classes, dim);
        for _ in 0..settings.epochs {
            trainer.gradients(&probe, &inputs, labels);
            let (rate, decay) = (settings.learning_rate, settings.weight_decay);
            trainer
                .weights_adam
                .step(&mut probe.weights, &trainer.weight_grads, rate, decay);
            trainer
                .bias_adam
                .step(&mut probe.bias, &trainer.bias_grads, rate, 0.0);
        }
        Ok(probe)
    }

    /// The most likely class of each row (ties to the lower class id); empty when the rows' dimension
    /// differs from the training features'.
    pub fn predict(&self, features: &Features) -> Vec<u32> {
        if features.dim != self.dim {
            return Vec::new();
        }
        let inputs = self.standardised(features);
        let mut logits = vec![0.0; self.bias.len()];
        inputs
            .chunks_exact(self.dim)
            .map(|row| {
                self.logits(row, &mut logits);
                argmax(&logits) as u32
            })
            .collect()
    }

    /// The fraction of rows whose predicted class equals their label, in `[0, 1]`.
    pub fn accuracy(&self, features: &Features, labels: &[u32]) -> Result<f64, EvalError> {
        features.validate_non_empty("evaluation set")?;
        if features.dim != self.dim {
            return Err(EvalError::DimensionMismatch {
                what: "evaluation",
                expected: self.dim,
                found: features.dim,
            });
        }
        if labels.len() != features.len() {
            return Err(EvalError::LabelCountMismatch {
                what: "evaluation",
                rows: features.len(),
                labels: labels.len(),
            });
        }
        let predictions = self.predict(features);
        let correct = predictions
            .iter()
            .zip(labels)
            .filter(|(predicted, label)| predicted == label)
            .count();
        Ok(correct as f64 / labels.len() as f64)
    }

    /// The rows standardised by the training mean and std: `[rows, dim]`.
    fn standardised(&self, features: &Features) -> Vec<f32> {
        let mut inputs = features.values.clone();
        for row in inputs.chunks_exact_mut(self.dim) {
            for ((x, mean), std) in row.iter_mut().zip(&self.mean).zip(&self.std) {
                *x = (*x - mean) / std;
            }
        }
        inputs
    }

    /// Writes the class scores of one standardised row into `logits` (`[num_classes]`).
    fn logits(&self, row: &[f32], logits: &mut [f32]) {
        let rows = self.weights.chunks_exact(self.dim);
        for ((logit, weights), bias) in logits.iter_mut().zip(rows).zip(&self.bias) {
            *logit = bias + dot(row, weights);
        }
    }
}

/// Refuses a non-positive or non-finite learning rate and a negative or non-finite weight decay.
fn validate_settings(settings: ProbeSettings) -> Result<(), EvalError> {
    if !(settings.learning_rate.is_finite() && settings.learning_rate > 0.0) {
        return Err(EvalError::InvalidSetting {
            name: "learning_rate",
            value: settings.learning_rate,
            requirement: "a positive number",
        });
    }
    if !(settings.weight_decay.is_finite() && settings.weight_decay >= 0.0) {
        return Err(EvalError::InvalidSetting {
            name: "weight_decay",
            value: settings.weight_decay,
            requirement: "zero or a positive number",
        });
    }
    Ok(())
}

/// Per-feature mean and population standard deviation (floored at 1e-6), summed in `f64`.
fn mean_and_std(features: &Features) -> (Vec<f32>, Vec<f32>) {
    let dim = features.dim;
    let rows = features.len() as f64;
    let mut sums = vec![0.0f64; dim];
    for row in features.values.chunks_exact(dim) {
        sums.iter_mut()
            .zip(row)
            .for_each(|(sum, &x)| *sum += f64::from(x));
    }
    let means: Vec<f64> = sums.iter().map(|sum| sum / rows).collect();
    let mut squares = vec![0.0f64; dim];
    for row in features.values.chunks_exact(dim) {
        for ((square, &x), mean) in squares.iter_mut().zip(row).zip(&means) {
            *square += (f64::from(x) - mean).powi(2);
        }
    }
    let std = squares
        .iter()
        .map(|square| (square / rows).sqrt().max(MIN_STD) as f32)
        .collect();
    (means.iter().map(|&mean| mean as f32).collect(), std)
}

/// The index of the largest value; ties go to the lower index.
fn argmax(values: &[f32]) -> usize {
    let mut best = 0;
    for (index, &value) in values.iter().enumerate() {
        if value > values[best] {
            best = index;
        }
    }
    best
}

/// Buffers of one fit, allocated once so that the epochs allocate nothing.
struct Trainer {
    /// Mean cross-entropy gradient of the weights: `[num_classes, dim]`.
    weight_grads: Vec<f32>,
    /// Mean cross-entropy gradient of the biases: `[num_classes]`.
    bias_grads: Vec<f32>,
    /// Class probabilities of the current row: `[num_classes]`.
    probabilities: Vec<f32>,
    /// Adam moments of the weights.
    weights_adam: Adam,
    /// Adam moments of the biases (not decayed, as usual).
    bias_adam: Adam,
}

impl Trainer {
    fn new(num_classes: usize, dim: usize) -> Self {
        Self {
            weight_grads: vec![0.0; num_classes * dim],
            bias_grads: vec![0.0; num_classes],
            probabilities: vec![0.0; num_classes],
            weights_adam: Adam::new(num_classes * dim),
            bias_adam: Adam::new(num_classes),
        }
    }

    /// Mean gradient of the softmax cross-entropy over all rows: `softmax(logits) - one_hot(label)`
    /// per row, times the row for the weights.
    fn gradients(&mut self, probe: &LinearProbe, inputs: &[f32], labels: &[u32]) {
        self.weight_grads.fill(0.0);
        self.bias_grads.fill(0.0);
        for (row, &label) in inputs.chunks_exact(probe.dim).zip(labels) {
            probe.logits(row, &mut self.probabilities);
            softmax_in_place(&mut self.probabilities);
            self.probabilities[label as usize] -= 1.0;
            let grad_rows = self.weight_grads.chunks_exact_mut(probe.dim);
            for ((grads, bias_grad), &delta) in
                grad_rows.zip(&mut self.bias_grads).zip(&self.probabilities)
            {
                *bias_grad += delta;
                grads
                    .iter_mut()
                    .zip(row)
                    .for_each(|(grad, &x)| *grad += delta * x);
            }
        }
        let scale = 1.0 / labels.len() as f32;
        self.weight_grads
            .iter_mut()
            .chain(&mut self.bias_grads)
            .for_each(|grad| *grad *= scale);
    }
}

/// Turns logits into probabilities, subtracting the largest logit first (the stable log-sum-exp).
fn softmax_in_place(values: &mut [f32]) {
    let max = values.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for value in values.iter_mut() {
        *value = (*value - max).exp();
        sum += *value;
    }
    values.iter_mut().for_each(|value| *value /= sum);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A uniform value in [-1, 1) from a 64-bit LCG (Knuth's MMIX constants).
    fn lcg(state: &mut u64) -> f32 {
        *state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((*state >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
    }

    /// `rows` points in 5-D, class `i % 3` centred at 4 on axis `i % 3`, with uniform noise in
    /// [-1, 1) on every axis: the argmax of the first three coordinates separates the classes with a
    /// margin of 2.
    fn separable(rows: usize, seed: u64) -> (Features, Vec<u32>) {
        let mut state = seed;
        let mut values = Vec::with_capacity(rows * 5);
        let mut labels = Vec::with_capacity(rows);
        for i in 0..rows {
            let class = i % 3;
            for axis in 0..5 {
                let centre = if axis == class { 4.0 } else { 0.0 };
                values.push(centre + lcg(&mut state));
            }
            labels.push(class as u32);
        }
        (Features::new(values, 5).expect("valid"), labels)
    }

    #[test]
    fn fits_a_separable_three_class_set() {
        let (train, train_labels) = separable(200, 1);
        let (test, test_labels) = separable(100, 2);
        let probe =
            LinearProbe::fit(&train, &train_labels, 3, ProbeSettings::default()).expect("fit");
        assert_eq!(probe.accuracy(&train, &train_labels), Ok(1.0));
        let held_out = probe.accuracy(&test, &test_labels).expect("accuracy");
        assert!(held_out >= 0.95, "held-out accuracy {held_out}");
    }

    #[test]
    fn a_constant_feature_gives_no_nan() {
        let (train, labels) = separable(90, 3);
        let mut values = train.values.clone();
        values.iter_mut().skip(4).step_by(5).for_each(|x| *x = 7.5);
        let train = Features::new(values, 5).expect("valid");
        let probe = LinearProbe::fit(&train, &labels, 3, ProbeSettings::default()).expect("fit");
        assert!(
            probe
                .weights
                .iter()
                .chain(&probe.bias)
                .chain(&probe.std)
                .all(|v| v.is_finite())
        );
        assert!(probe.weights.iter().skip(4).step_by(5).all(|&w| w == 0.0));
        assert_eq!(probe.accuracy(&train, &labels), Ok(1.0));
    }

    #[test]
    fn fitting_is_deterministic() {
        let (train, labels) = separable(120, 4);
        let (test, _) = separable(60, 5);
        let first = LinearProbe::fit(&train, &labels, 3, ProbeSettings::default()).expect("fit");
        let second = LinearProbe::fit(&train, &labels, 3, ProbeSettings::default()).expect("fit");
        assert_eq!(first, second);
        assert_eq!(first.predict(&test), second.predict(&test));
        assert_eq!(first.predict(&test).len(), 60);
    }

    #[test]
    fn zero_epochs_predict_the_lowest_class() {
        let (train, labels) = separable(30, 6);
        let settings = ProbeSettings {
            epochs: 0,
            ..ProbeSettings::default()
        };
        let probe = LinearProbe::fit(&train, &labels, 3, settings).expect("fit");
        assert_eq!(probe.predict(&train), vec![0; 30]);
    }

    #[test]
    fn refuses_bad_input() {
        let (train, labels) = separable(30, 7);
        let settings = ProbeSettings::default();
        assert_eq!(
            LinearProbe::fit(&train, &labels[..29], 3, settings),
            Err(EvalError::LabelCountMismatch {
                what: "training",
                rows: 30,
                labels: 29
            })
        );
        assert_eq!(
            LinearProbe::fit(&train, &labels, 1, settings),
            Err(EvalError::TooFewClasses { num_classes: 1 })
        );
        assert!(matches!(
            LinearProbe::fit(&train, &labels, 2, settings),
            Err(EvalError::LabelOutOfRange { label: 2, .. })
        ));
        let bad_rate = ProbeSettings {
            learning_rate: 0.0,
            ..settings
        };
        assert!(matches!(
            LinearProbe::fit(&train, &labels, 3, bad_rate),
            Err(EvalError::InvalidSetting { .. })
        ));
        let bad_decay = ProbeSettings {
            weight_decay: -1.0,
            ..settings
        };
        assert!(matches!(
            LinearProbe::fit(&train, &labels, 3, bad_decay),
            Err(EvalError::InvalidSetting { .. })
        ));
        let empty = Features::new(Vec::new(), 5).expect("valid");
        assert_eq!(
            LinearProbe::fit(&empty, &[], 3, settings),
            Err(EvalError::Empty {
                what: "training set"
            })
        );
        let probe = LinearProbe::fit(&train, &labels, 3, settings).expect("fit");
        let narrow = Features::new(vec![0.0; 4], 4).expect("valid");
        assert!(probe.predict(&narrow).is_empty());
        assert!(matches!(
            probe.accuracy(&narrow, &[0]),
            Err(EvalError::DimensionMismatch { .. })
        ));
        assert!(matches!(
            probe.accuracy(&train, &labels[..2]),
            Err(EvalError::LabelCountMismatch { .. })
        ));
    }

    /// The mean cross-entropy of a probe on standardised rows, in `f64`.
    fn loss(probe: &LinearProbe, inputs: &[f32], labels: &[u32]) -> f64 {
        let mut logits = vec![0.0; probe.bias.len()];
        let mut total = 0.0;
        for (row, &label) in inputs.chunks_exact(probe.dim).zip(labels) {
            probe.logits(row, &mut logits);
            let exp_sum: f64 = logits.iter().map(|&logit| f64::from(logit).exp()).sum();
            total += exp_sum.ln() - f64::from(logits[label as usize]);
        }
        total / labels.len() as f64
    }

    /// Parameter `index` of the probe: the weights, then the biases.
    fn parameter(probe: &mut LinearProbe, index: usize) -> &mut f32 {
        let num_weights = probe.weights.len();
        match index.checked_sub(num_weights) {
            Some(bias) => &mut probe.bias[bias],
            None => &mut probe.weights[index],
        }
    }

    #[test]
    fn gradients_match_finite_differences() {
        let mut state = 5u64;
        let (rows, dim, num_classes) = (7, 4, 3);
        let inputs: Vec<f32> = (0..rows * dim).map(|_| lcg(&mut state)).collect();
        let labels: Vec<u32> = (0..rows).map(|i| (i % num_classes) as u32).collect();
        let mut probe = LinearProbe {
            weights: (0..num_classes * dim).map(|_| lcg(&mut state)).collect(),
            bias: (0..num_classes).map(|_| lcg(&mut state)).collect(),
            mean: vec![0.0; dim],
            std: vec![1.0; dim],
            dim,
        };
        let mut trainer = Trainer::new(num_classes, dim);
        trainer.gradients(&probe, &inputs, &labels);
        let analytic: Vec<f32> = trainer
            .weight_grads
            .iter()
            .chain(&trainer.bias_grads)
            .copied()
            .collect();
        for (index, &expected) in analytic.iter().enumerate() {
            let original = *parameter(&mut probe, index);
            *parameter(&mut probe, index) = original + 1e-2;
            let above = loss(&probe, &inputs, &labels);
            *parameter(&mut probe, index) = original - 1e-2;
            let below = loss(&probe, &inputs, &labels);
            *parameter(&mut probe, index) = original;
            let numeric = (above - below) / 2e-2;
            assert!(
                (numeric - f64::from(expected)).abs() < 1e-3,
                "{index}: {numeric} vs {expected}"
            );
        }
    }
}
