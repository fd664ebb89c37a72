//! A host copy of a contrastive run, named by module path like the GAN's ([`HostWeights`]): the
//! query encoder (`query.…`), the key encoder (`key.…`) and the key queue (`queue`). The queue's
//! pointer is not stored: it is `step * batch mod queue size`. It lets a run continue on the CPU
//! when the GPU is lost.

use burn::tensor::{Device, Tensor, TensorData};

use crate::train::TrainError;
use crate::train::contrastive::ContrastiveTrainer;
use crate::train::contrastive::config::ContrastiveConfig;
use crate::train::contrastive::key_queue::KeyQueue;
use crate::train::gan::stats::read_floats;
use crate::train::host_weights::{HostWeights, NamedTensor};
use crate::train::module_weights::{load_module, read_module};

const QUERY: &str = "query";
const KEY: &str = "key";
const QUEUE: &str = "queue";

/// Reads every weight of `trainer` and its queue without blocking.
pub async fn read_contrastive_weights(
    trainer: &ContrastiveTrainer,
) -> Result<HostWeights, TrainError> {
    let mut tensors = read_module(QUERY, &trainer.query).await?;
    tensors.extend(read_module(KEY, &trainer.key.model).await?);
    let queue = trainer.queue.keys();
    let shape = queue.dims().to_vec();
    tensors.push(NamedTensor {
        name: QUEUE.to_string(),
        shape,
        values: read_floats(queue).await?,
    });
    Ok(HostWeights {
        tensors,
        iteration: trainer.step,
    })
}

/// A trainer of `config` on the autodiff `device` holding `weights`, at their step, with a fresh
/// optimiser.
pub fn restore_contrastive(
    weights: &HostWeights,
    config: &ContrastiveConfig,
    device: &Device,
) -> Result<ContrastiveTrainer, TrainError> {
    let mut restored = ContrastiveTrainer::new(config.clone(), device)?;
    let by_name = weights.by_name();
    restored.query = load_module(QUERY, restored.query, &by_name)?;
    restored.key.model = load_module(KEY, restored.key.model, &by_name)?;
    let shape = [config.queue_size, config.embedding_dim];
    let queue = by_name
        .get(QUEUE)
        .filter(|queue| queue.shape == shape && queue.values.len() == shape[0] * shape[1])
        .ok_or_else(|| {
            TrainError::Dataset(format!(
                "the weights do not fit the model: the queue must be {shape:?}"
            ))
        })?;
    let keys = Tensor::from_data(TensorData::new(queue.values.clone(), shape), device);
    let pointer = (weights.iteration * config.batch_size) % config.queue_size;
    restored.queue = KeyQueue::from_parts(keys, pointer);
    restored.step = weights.iteration;
    Ok(restored)
}
