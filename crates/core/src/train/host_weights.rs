//! A host copy of a GAN's weights, named by module path: it lets a run survive its device (when
//! the GPU is lost the page continues on the CPU from the last copy), and it is what an exported
//! run stores, as safetensors that PyTorch's `safetensors.torch.load_file` reads.
//!
//! Names are burn's module paths (`generator.blocks.0.conv.weight`, …), so a copy loads into
//! freshly built models on any device (their parameter ids differ) and a file whose names or
//! shapes do not fit the model is refused. Generator, discriminator and EMA generator are copied,
//! including the spectral-norm `u` vectors and batch-norm statistics; Adam's moments are not
//! (they restart).

use std::collections::HashMap;

use burn::module::{Module, ModuleMapper, ModuleVisitor, Param};
use burn::tensor::{Device, Tensor, TensorData};
use safetensors::tensor::{Dtype, SafeTensors, TensorView};

use super::TrainError;
use super::gan::GanTrainer;
use super::gan::stats::read_floats;

/// One weight tensor on the host.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedTensor {
    /// Module path, e.g. `generator.blocks.0.conv.weight`.
    pub name: String,
    /// Its shape.
    pub shape: Vec<usize>,
    /// Its values, row-major.
    pub values: Vec<f32>,
}

/// The weights of one trainer, on the host.
#[derive(Debug, Clone, PartialEq)]
pub struct HostWeights {
    /// Every tensor of the generator, the discriminator and the EMA generator.
    pub tensors: Vec<NamedTensor>,
    /// The iteration they belong to.
    pub iteration: usize,
}

/// The three models of a trainer are named by these prefixes.
const GENERATOR: &str = "generator";
const DISCRIMINATOR: &str = "discriminator";
const EMA_GENERATOR: &str = "ema_generator";

impl HostWeights {
    /// Reads every weight of `trainer` without blocking.
    pub async fn read(trainer: &GanTrainer) -> Result<Self, TrainError> {
        let mut tensors = read_module(GENERATOR, &trainer.generator).await?;
        tensors.extend(read_module(DISCRIMINATOR, &trainer.discriminator).await?);
        tensors.extend(read_module(EMA_GENERATOR, &trainer.ema.model).await?);
        Ok(Self {
            tensors,
            iteration: trainer.iteration,
        })
    }

    /// A trainer of `trainer`'s settings on `device` (autodiff) holding these weights, at the
    /// same iteration, with fresh optimiser state. Every model tensor must be in the copy, with
    /// its shape.
    pub fn restore(&self, trainer: &GanTrainer, device: &Device) -> Result<GanTrainer, TrainError> {
        let mut restored = GanTrainer::new(trainer.config().clone(), device)?;
        let by_name: HashMap<&str, &NamedTensor> = self
            .tensors
            .iter()
            .map(|tensor| (tensor.name.as_str(), tensor))
            .collect();
        restored.generator = load_module(GENERATOR, restored.generator, &by_name)?;
        restored.discriminator = load_module(DISCRIMINATOR, restored.discriminator, &by_name)?;
        restored.ema.model = load_module(EMA_GENERATOR, restored.ema.model, &by_name)?;
        restored.iteration = self.iteration;
        Ok(restored)
    }

    /// The copy as a safetensors file (little-endian f32; the iteration in the metadata).
    pub fn to_safetensors(&self) -> Result<Vec<u8>, TrainError> {
        let bytes: Vec<(String, Vec<usize>, Vec<u8>)> = self
            .tensors
            .iter()
            .map(|tensor| {
                let bytes = tensor
                    .values
                    .iter()
                    .flat_map(|value| value.to_le_bytes())
                    .collect();
                (tensor.name.clone(), tensor.shape.clone(), bytes)
            })
            .collect();
        let mut views = Vec::with_capacity(bytes.len());
        for (name, shape, data) in &bytes {
            let view = TensorView::new(Dtype::F32, shape.clone(), data)
                .map_err(|error| TrainError::Readback(error.to_string()))?;
            views.push((name.clone(), view));
        }
        let metadata = HashMap::from([
            ("iteration".to_string(), self.iteration.to_string()),
            ("written_by".to_string(), "NDA Lab".to_string()),
        ]);
        safetensors::serialize(views, Some(metadata))
            .map_err(|error| TrainError::Readback(error.to_string()))
    }

    /// Reads a safetensors file written by [`HostWeights::to_safetensors`].
    pub fn from_safetensors(bytes: &[u8]) -> Result<Self, String> {
        let file = SafeTensors::deserialize(bytes)
            .map_err(|error| format!("not a safetensors file ({error})"))?;
        let (_, metadata) = SafeTensors::read_metadata(bytes).map_err(|error| error.to_string())?;
        let iteration = metadata
            .metadata()
            .as_ref()
            .and_then(|metadata| metadata.get("iteration"))
            .and_then(|iteration| iteration.parse().ok())
            .ok_or("the weights do not say which iteration they belong to")?;
        let mut tensors = Vec::new();
        for (name, view) in file.tensors() {
            if view.dtype() != Dtype::F32 {
                return Err(format!("{name} is {:?}, not 32-bit float", view.dtype()));
            }
            let values = view
                .data()
                .chunks_exact(4)
                .map(|chunk| f32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]))
                .collect();
            tensors.push(NamedTensor {
                name,
                shape: view.shape().to_vec(),
                values,
            });
        }
        Ok(Self { tensors, iteration })
    }
}

/// Reads every float parameter of `module` to the host in **one** read-back: the parameters are
/// flattened and joined on the device first. One read-back per tensor cost about a hundred
/// `mapAsync` round trips per copy of a GAN on WebGPU, and the page keeps a copy at every grid
/// refresh (issue 14).
pub(crate) async fn read_module<M: Module>(
    prefix: &str,
    module: &M,
) -> Result<Vec<NamedTensor>, TrainError> {
    let mut collector = PathCollector {
        path: vec![prefix.to_string()],
        tensors: Vec::new(),
    };
    module.visit(&mut collector);
    if collector.tensors.is_empty() {
        return Ok(Vec::new());
    }
    let (described, flat): (Vec<(String, Vec<usize>)>, Vec<Tensor<1>>) = collector
        .tensors
        .into_iter()
        .map(|(name, shape, tensor)| ((name, shape), tensor))
        .unzip();
    let mut values = read_floats(Tensor::cat(flat, 0)).await?.into_iter();
    Ok(described
        .into_iter()
        .map(|(name, shape)| {
            let count = shape.iter().product::<usize>();
            NamedTensor {
                name,
                shape,
                values: values.by_ref().take(count).collect(),
            }
        })
        .collect())
}

pub(crate) fn load_module<M: Module>(
    prefix: &str,
    module: M,
    by_name: &HashMap<&str, &NamedTensor>,
) -> Result<M, TrainError> {
    let mut loader = PathLoader {
        path: vec![prefix.to_string()],
        by_name,
        problem: None,
    };
    let module = module.map(&mut loader);
    match loader.problem {
        Some(problem) => Err(TrainError::Dataset(format!(
            "the weights do not fit the model: {problem}"
        ))),
        None => Ok(module),
    }
}

/// Every float parameter with its module path.
struct PathCollector {
    path: Vec<String>,
    tensors: Vec<(String, Vec<usize>, Tensor<1>)>,
}

impl ModuleVisitor for PathCollector {
    fn enter_module(&mut self, name: &str, _container_type: &str) {
        self.path.push(name.to_string());
    }

    fn exit_module(&mut self, _name: &str, _container_type: &str) {
        self.path.pop();
    }

    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        let value = param.val().without_autodiff();
        let shape = value.dims().to_vec();
        let count = shape.iter().product::<usize>();
        self.tensors
            .push((self.path.join("."), shape, value.reshape([count])));
    }
}

/// Replaces every float parameter by the copy's tensor of the same path.
struct PathLoader<'a> {
    path: Vec<String>,
    by_name: &'a HashMap<&'a str, &'a NamedTensor>,
    problem: Option<String>,
}

impl ModuleMapper for PathLoader<'_> {
    fn enter_module(&mut self, name: &str, _container_type: &str) {
        self.path.push(name.to_string());
    }

    fn exit_module(&mut self, _name: &str, _container_type: &str) {
        self.path.pop();
    }

    fn map_float<const D: usize>(&mut self, param: Param<Tensor<D>>) -> Param<Tensor<D>> {
        let name = self.path.join(".");
        let dims = param.val().dims();
        let Some(copy) = self.by_name.get(name.as_str()) else {
            self.problem.get_or_insert(format!("{name} is missing"));
            return param;
        };
        let fits = copy.shape.as_slice() == dims.as_slice()
            && copy.values.len() == dims.iter().product::<usize>();
        if !fits {
            self.problem.get_or_insert(format!(
                "{name} has shape {:?}, the model needs {dims:?}",
                copy.shape
            ));
            return param;
        }
        let values = copy.values.clone();
        param.map(|tensor| {
            let require_grad = tensor.is_require_grad();
            Tensor::from_data(TensorData::new(values, dims), &tensor.device())
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

    fn tiny() -> GanConfig {
        GanConfig {
            preset: ModelPreset::Tiny,
            latent_dim: 8,
            batch_size: 4,
            n_dis: 1,
            ema: EmaConfig::scaled_for_run(10),
            ..GanConfig::default()
        }
    }

    #[test]
    fn a_copy_restored_on_another_device_draws_the_same_samples_and_keeps_training() {
        let device = Device::flex().autodiff();
        let mut trainer = GanTrainer::new(tiny(), &device).expect("valid");
        let batch = RealBatch {
            images: Tensor::random([4, 3, 32, 32], Distribution::Uniform(-1.0, 1.0), &device),
            labels: None,
        };
        trainer.iteration(vec![batch.clone()]).expect("iteration");
        let copy = block_on(HostWeights::read(&trainer)).expect("read");
        assert_eq!(copy.iteration, 1);
        let names: std::collections::HashSet<&str> = copy
            .tensors
            .iter()
            .map(|tensor| tensor.name.as_str())
            .collect();
        assert_eq!(names.len(), copy.tensors.len(), "names are unique");
        assert!(
            names.contains("generator.blocks.0.conv.weight"),
            "{names:?}"
        );
        assert!(names.contains("ema_generator.to_rgb.bias"), "{names:?}");
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
        let fresh = GanTrainer::new(tiny(), &other_device).expect("fresh");
        assert_ne!(samples(&fresh), samples(&restored));
        restored.iteration(vec![batch]).expect("iteration");
        assert_ne!(samples(&trainer), samples(&restored));
    }

    #[test]
    fn safetensors_round_trip_and_misfits_are_refused() {
        let device = Device::flex().autodiff();
        let trainer = GanTrainer::new(tiny(), &device).expect("valid");
        let copy = block_on(HostWeights::read(&trainer)).expect("read");
        let bytes = copy.to_safetensors().expect("serialise");
        let back = HostWeights::from_safetensors(&bytes).expect("parse");
        assert_eq!(back.iteration, copy.iteration);
        let sorted = |weights: &HostWeights| {
            let mut tensors = weights.tensors.clone();
            tensors.sort_by(|a, b| a.name.cmp(&b.name));
            tensors
        };
        assert_eq!(sorted(&back), sorted(&copy));
        assert!(HostWeights::from_safetensors(b"not a file").is_err());
        let small = GanConfig {
            preset: ModelPreset::Small,
            ..tiny()
        };
        let wider = GanTrainer::new(small, &device).expect("small");
        let error = copy
            .restore(&wider, &device)
            .err()
            .expect("misfit")
            .to_string();
        assert!(
            error.contains("the weights do not fit the model"),
            "{error}"
        );
    }
}
