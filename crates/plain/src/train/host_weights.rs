//! A host copy of a run's weights, named by module path: it lets a run survive its device (when
//! the GPU is lost the page continues on the CPU from the last copy), and it is what an exported
//! run stores, as safetensors that PyTorch's `safetensors.torch.load_file` reads. Plain data:
//! reading it from modules and loading it into them is `module_weights.rs`, per task
//! `gan/weights.rs` and `contrastive/weights.rs`.
//!
//! Names are burn's module paths (`generator.blocks.0.conv.weight`, …), so a copy loads into
//! freshly built models on any device (their parameter ids differ) and a file whose names or
//! shapes do not fit the model is refused. Generator, discriminator and EMA generator are copied,
//! including the spectral-norm `u` vectors and batch-norm statistics; Adam's moments are not
//! (they restart).

use std::collections::HashMap;

use safetensors::tensor::{Dtype, SafeTensors, TensorView};

use super::TrainError;

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

impl HostWeights {
    /// Every tensor by its name.
    pub fn by_name(&self) -> HashMap<&str, &NamedTensor> {
        self.tensors
            .iter()
            .map(|tensor| (tensor.name.as_str(), tensor))
            .collect()
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
