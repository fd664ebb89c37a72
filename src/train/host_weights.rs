//! A host copy of a GAN's weights, so a run survives its device: when the GPU is lost, the page
//! continues on the CPU from the last copy read while the GPU still answered.
//!
//! Parameters are matched by the order in which burn visits them, which depends only on the
//! model's structure, so the copy can be loaded into freshly built models on another device (their
//! parameter ids differ). Generator, discriminator and EMA generator are copied, including the
//! spectral-norm `u` vectors and batch-norm statistics; Adam's moments are not (they restart).

use burn::module::{Module, ModuleMapper, ModuleVisitor, Param};
use burn::tensor::{Device, Tensor, TensorData};

use super::GanError;
use super::gan::GanTrainer;
use super::gan_stats::read_floats;

/// The weights of one trainer, on the host.
#[derive(Debug, Clone, PartialEq)]
pub struct HostWeights {
    generator: Vec<(Vec<usize>, Vec<f32>)>,
    discriminator: Vec<(Vec<usize>, Vec<f32>)>,
    ema: Vec<(Vec<usize>, Vec<f32>)>,
    /// The iteration they belong to.
    pub iteration: usize,
}

impl HostWeights {
    /// Reads every weight of `trainer` without blocking.
    pub async fn read(trainer: &GanTrainer) -> Result<Self, GanError> {
        Ok(Self {
            generator: read_module(&trainer.generator).await?,
            discriminator: read_module(&trainer.discriminator).await?,
            ema: read_module(&trainer.ema.model).await?,
            iteration: trainer.iteration,
        })
    }

    /// A trainer of `trainer`'s settings on `device` (autodiff) holding these weights, at the
    /// same iteration, with fresh optimiser state.
    pub fn restore(&self, trainer: &GanTrainer, device: &Device) -> Result<GanTrainer, GanError> {
        let mut restored = GanTrainer::new(trainer.config().clone(), device)?;
        restored.generator = load_module(restored.generator, &self.generator)?;
        restored.discriminator = load_module(restored.discriminator, &self.discriminator)?;
        restored.ema.model = load_module(restored.ema.model, &self.ema)?;
        restored.iteration = self.iteration;
        Ok(restored)
    }
}

async fn read_module<M: Module>(module: &M) -> Result<Vec<(Vec<usize>, Vec<f32>)>, GanError> {
    let mut collector = OrderedCollector::default();
    module.visit(&mut collector);
    let mut values = Vec::with_capacity(collector.tensors.len());
    for (shape, tensor) in collector.tensors {
        values.push((shape, read_floats(tensor).await?));
    }
    Ok(values)
}

fn load_module<M: Module>(module: M, values: &[(Vec<usize>, Vec<f32>)]) -> Result<M, GanError> {
    let mut loader = OrderedLoader {
        values: values.iter(),
        mismatch: None,
    };
    let module = module.map(&mut loader);
    if let Some(message) = loader.mismatch {
        return Err(GanError::Readback(message));
    }
    if loader.values.next().is_some() {
        return Err(GanError::Readback(
            "the copy has more weights than the model".into(),
        ));
    }
    Ok(module)
}

/// Every float parameter in visiting order.
#[derive(Default)]
struct OrderedCollector {
    tensors: Vec<(Vec<usize>, Tensor<1>)>,
}

impl ModuleVisitor for OrderedCollector {
    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        let value = param.val().without_autodiff();
        let dims = value.dims().to_vec();
        let count = dims.iter().product::<usize>();
        self.tensors.push((dims, value.reshape([count])));
    }
}

/// Replaces every float parameter, in visiting order, by the next host value.
struct OrderedLoader<'a> {
    values: std::slice::Iter<'a, (Vec<usize>, Vec<f32>)>,
    mismatch: Option<String>,
}

impl ModuleMapper for OrderedLoader<'_> {
    fn map_float<const D: usize>(&mut self, param: Param<Tensor<D>>) -> Param<Tensor<D>> {
        let Some((shape, values)) = self.values.next() else {
            self.mismatch = Some("the copy has fewer weights than the model".into());
            return param;
        };
        let dims = param.val().dims();
        if dims.as_slice() != shape.as_slice() {
            self.mismatch = Some(format!(
                "a weight of shape {shape:?} does not fit the model's {dims:?}"
            ));
            return param;
        }
        param.map(|tensor| {
            let require_grad = tensor.is_require_grad();
            Tensor::from_data(TensorData::new(values.clone(), dims), &tensor.device())
                .set_require_grad(require_grad)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ModelPreset;
    use crate::train::{EmaConfig, GanConfig, RealBatch};
    use burn::tensor::Distribution;
    use futures::executor::block_on;

    #[test]
    fn a_copy_restored_on_another_device_draws_the_same_samples_and_keeps_training() {
        let config = GanConfig {
            preset: ModelPreset::Tiny,
            latent_dim: 8,
            batch_size: 4,
            n_dis: 1,
            ema: EmaConfig::scaled_for_run(10),
            ..GanConfig::default()
        };
        let device = Device::flex().autodiff();
        let mut trainer = GanTrainer::new(config.clone(), &device).expect("valid");
        let batch = RealBatch {
            images: Tensor::random([4, 3, 32, 32], Distribution::Uniform(-1.0, 1.0), &device),
            labels: None,
        };
        trainer.iteration(vec![batch.clone()]).expect("iteration");
        let copy = block_on(HostWeights::read(&trainer)).expect("read");
        assert_eq!(copy.iteration, 1);
        let other_device = Device::flex().autodiff();
        let mut restored = copy.restore(&trainer, &other_device).expect("restore");
        let z = trainer.latent(3);
        let samples = |trainer: &GanTrainer| {
            trainer
                .sample(z.clone(), None)
                .into_data()
                .try_to_vec::<f32>()
                .expect("f32")
        };
        assert_eq!(samples(&trainer), samples(&restored));
        // A fresh trainer of the same seed has the initial weights, not the trained ones.
        let fresh = GanTrainer::new(config, &other_device).expect("fresh");
        assert_ne!(samples(&fresh), samples(&restored));
        // The restored weights still train (gradients reach them).
        restored.iteration(vec![batch]).expect("iteration");
        assert_ne!(samples(&trainer), samples(&restored));
    }
}
