//! Host copies of burn modules by module path (`generator.blocks.0.conv.weight`, …): reading every
//! float parameter of a module in one read-back, and loading a copy into a freshly built module,
//! refusing a copy whose names or shapes do not fit. Each task names its modules and uses these
//! (`gan/weights.rs`, `contrastive/weights.rs`).

use std::collections::HashMap;

use burn::module::{Module, ModuleMapper, ModuleVisitor, Param};
use burn::tensor::{Tensor, TensorData};

use super::TrainError;
use super::gan::stats::read_floats;
use super::host_weights::NamedTensor;

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
