//! The evaluators as a safetensors file, so a driver can keep them between runs (the CLI in its
//! cache folder) instead of training them again: the weights are a pure function of the set, the
//! side and [`EVALUATOR_VERSION`], which the file records and the reader checks.

use burn::tensor::Device;

use super::evaluators::{EVALUATOR_VERSION, Evaluators};
use super::feature_net::FeatureNet;
use crate::data::BuiltinDataset;
use crate::seeding::{RngStream, stream_rng};
use crate::train::TrainError;
use crate::train::host_weights::HostWeights;
use crate::train::module_weights::{load_module, read_module};

const CLASSIFIER: &str = "classifier";
const DETECTOR: &str = "detector";

impl Evaluators {
    /// Both networks' weights as safetensors, tagged with [`EVALUATOR_VERSION`].
    pub async fn to_safetensors(&self) -> Result<Vec<u8>, TrainError> {
        let mut tensors = read_module(CLASSIFIER, &self.classifier).await?;
        tensors.extend(read_module(DETECTOR, &self.detector).await?);
        HostWeights {
            tensors,
            iteration: EVALUATOR_VERSION as usize,
        }
        .to_safetensors()
    }

    /// Evaluators of `dataset` and `size` on `device` from a file of [`Self::to_safetensors`];
    /// refuses a file of another version or one that does not fit the networks.
    pub fn from_safetensors(
        bytes: &[u8],
        dataset: BuiltinDataset,
        size: usize,
        device: &Device,
    ) -> Result<Self, TrainError> {
        let weights = HostWeights::from_safetensors(bytes).map_err(TrainError::Dataset)?;
        if weights.iteration != EVALUATOR_VERSION as usize {
            return Err(TrainError::Dataset(format!(
                "the evaluator file is version {}, this build uses version {EVALUATOR_VERSION}",
                weights.iteration
            )));
        }
        let by_name = weights.by_name();
        // The initial draws are overwritten; any seed builds the right shapes.
        let mut rng = stream_rng(0, RngStream::Init);
        let classifier = FeatureNet::init(size, dataset.num_classes(), device, &mut rng)?;
        let detector = FeatureNet::init(size, 6, device, &mut rng)?;
        Ok(Self {
            dataset,
            size,
            classifier: load_module(CLASSIFIER, classifier, &by_name)?,
            detector: load_module(DETECTOR, detector, &by_name)?,
        })
    }
}
