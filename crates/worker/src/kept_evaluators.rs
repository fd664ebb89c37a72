//! The evaluators a worker has: those trained or read in its lifetime (a pure function of data,
//! side and steps, so kept in memory with the sentence that says how good they are), and the
//! files the page kept in the browser from earlier visits, read when first needed.

use burn::tensor::Device;

use super::evaluator_kinds::{EvaluatorKey, TrainedEvaluators};
use nda_core::train::TrainError;
use nda_protocol::evaluation_messages::StoredEvaluators;

/// Evaluators ready to use, with their sentence.
pub struct CachedEvaluators {
    /// Which they are.
    pub key: EvaluatorKey,
    /// The networks.
    pub evaluators: TrainedEvaluators,
    /// Where they came from and how good they are.
    pub description: String,
}

/// Every evaluator the worker has or was offered.
#[derive(Default)]
pub struct KeptEvaluators {
    ready: Vec<CachedEvaluators>,
    offered: Vec<StoredEvaluators>,
}

impl KeptEvaluators {
    /// Takes the files kept by the page (replacing any offered before).
    pub fn offer(&mut self, files: Vec<StoredEvaluators>) {
        self.offered = files;
    }

    /// The evaluators of `key`, when ready.
    pub fn get(&self, key: &EvaluatorKey) -> Option<&CachedEvaluators> {
        self.ready.iter().find(|cached| cached.key == *key)
    }

    /// The offered file of `key`, taken out of the offers.
    pub fn take_offered(&mut self, key: &EvaluatorKey) -> Option<Vec<u8>> {
        let name = key.storage_name()?;
        let index = self.offered.iter().position(|file| file.name == name)?;
        Some(self.offered.swap_remove(index).bytes)
    }

    /// Reads `key`'s evaluators from `bytes` and measures them; `false` when the file cannot be
    /// read (damaged, or of another version), so they must be trained.
    pub async fn read(
        &mut self,
        key: &EvaluatorKey,
        bytes: &[u8],
        device: &Device,
    ) -> Result<bool, TrainError> {
        let Some(evaluators) = TrainedEvaluators::from_file(key, bytes, device) else {
            return Ok(false);
        };
        let description = evaluators.describe(device).await?;
        self.ready.push(CachedEvaluators {
            description: format!(
                "{}, read from this browser's storage; {description}",
                key.title()
            ),
            key: key.clone(),
            evaluators,
        });
        Ok(true)
    }

    /// Keeps evaluators trained in `seconds` and measures them; returns their file for the page
    /// to keep (a built-in set's only).
    pub async fn keep_trained(
        &mut self,
        key: &EvaluatorKey,
        evaluators: TrainedEvaluators,
        seconds: f64,
        device: &Device,
    ) -> Result<Option<StoredEvaluators>, TrainError> {
        let description = evaluators.describe(device).await?;
        let file = match (key.storage_name(), evaluators.to_file().await?) {
            (Some(name), Some(bytes)) => Some(StoredEvaluators { name, bytes }),
            _ => None,
        };
        self.ready.push(CachedEvaluators {
            description: format!(
                "{} ({seconds:.1} s to train here); {description}",
                key.title()
            ),
            key: key.clone(),
            evaluators,
        });
        Ok(file)
    }
}
