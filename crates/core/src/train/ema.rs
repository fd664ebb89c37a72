//! The generator's exponential moving average (EMA), which Sinha et al. (ICLR 2021) inherit from
//! BigGAN and use for every sample and evaluation:
//!
//! ```text
//! ema = decay * ema + (1 - decay) * live     (decay = 0 before `start_iteration`, i.e. a copy)
//! ```
//!
//! with `decay = 0.9999` from iteration 1000 in the reference. The average is a separate inference
//! copy of the generator (`.valid()`, so it never records gradients) updated with burn's module
//! mapping: a [`ModuleVisitor`] collects the live tensors by [`ParamId`] and a [`ModuleMapper`]
//! blends them into the copy. Like BigGAN's `state_dict` loop this also averages the buffers, i.e.
//! the batch-norm running statistics and the spectral-norm `u` vectors, which burn visits as
//! parameters. A running state is visited at its last synchronised value, at most one update old.

use std::collections::HashMap;

use burn::module::{Module, ModuleMapper, ModuleVisitor, Param, ParamId};
use burn::tensor::Tensor;

pub use super::ema_schedule::{EmaConfig, REFERENCE_DECAY, REFERENCE_ITERATIONS, REFERENCE_START};

/// An inference copy of a module that follows the live one by exponential moving average.
#[derive(Debug, Clone)]
pub struct Ema<M> {
    /// The averaged module, on the inference device (`.valid()`).
    pub model: M,
    /// The schedule.
    pub config: EmaConfig,
}

impl<M: Module> Ema<M> {
    /// Starts the average at the live module's current weights.
    pub fn new(live: &M, config: EmaConfig) -> Self {
        Self {
            model: live.valid(),
            config,
        }
    }

    /// One update after training `iteration`: `ema = d * ema + (1 - d) * live`.
    pub fn update(&mut self, live: &M, iteration: usize) {
        let mut collector = Collector::default();
        live.visit(&mut collector);
        let mut blender = Blender {
            live: collector.tensors,
            decay: self.config.decay_at(iteration),
        };
        self.model = self.model.clone().map(&mut blender);
    }
}

/// Collects every float tensor of a module, flattened, keyed by parameter id.
#[derive(Default)]
struct Collector {
    tensors: HashMap<ParamId, Tensor<1>>,
}

impl ModuleVisitor for Collector {
    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        let value = param.val().without_autodiff();
        let count = value.shape().num_elements();
        self.tensors.insert(param.id, value.reshape([count]));
        // [count]
    }
}

/// Blends the collected live tensors into the matching parameters of the average.
struct Blender {
    live: HashMap<ParamId, Tensor<1>>,
    decay: f64,
}

impl ModuleMapper for Blender {
    fn map_float<const D: usize>(&mut self, param: Param<Tensor<D>>) -> Param<Tensor<D>> {
        let Some(live) = self.live.remove(&param.id) else {
            return param;
        };
        let decay = self.decay;
        param.map(|average| {
            let live = live.to_device(&average.device()).reshape(average.dims());
            // Same shape as the parameter.
            if decay == 0.0 {
                live
            } else {
                average.mul_scalar(decay).add(live.mul_scalar(1.0 - decay))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use burn::nn::{Linear, LinearConfig};
    use burn::tensor::Device;

    fn weights(linear: &Linear) -> Vec<f32> {
        linear.weight.val().into_data().try_to_vec().expect("f32")
    }

    #[test]
    fn update_follows_the_ema_formula() {
        let device = Device::flex().autodiff();
        let live = LinearConfig::new(3, 2).init(&device);
        let config = EmaConfig {
            decay: 0.9,
            start_iteration: 1,
        };
        let mut ema = Ema::new(&live, config);
        let start = weights(&ema.model);
        // Move the live weights: w1 = 2 * w0 + 1.
        let moved = Linear {
            weight: live
                .weight
                .clone()
                .map(|w| w.mul_scalar(2.0).add_scalar(1.0)),
            bias: live.bias.clone(),
        };
        ema.update(&moved, 5);
        let expected: Vec<f32> = start
            .iter()
            .map(|w0| 0.9 * w0 + 0.1 * (2.0 * w0 + 1.0))
            .collect();
        for (got, want) in weights(&ema.model).iter().zip(&expected) {
            assert!((got - want).abs() < 1e-6, "{got} vs {want}");
        }
        assert!(!ema.model.weight.val().is_autodiff());
        // Before the start iteration the average is a copy.
        ema.update(&moved, 0);
        assert_eq!(weights(&ema.model), weights(&moved));
    }

    #[test]
    fn scaled_schedule_keeps_the_reference_fractions() {
        let short = EmaConfig::scaled_for_run(2000);
        assert!((short.decay - 0.995).abs() < 1e-12);
        assert_eq!(short.start_iteration, 20);
        let long = EmaConfig::scaled_for_run(1_000_000);
        assert_eq!(long, EmaConfig::default());
        assert!(EmaConfig::scaled_for_run(0).validate().is_ok());
    }
}
