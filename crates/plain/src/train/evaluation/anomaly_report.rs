//! The anomaly benchmark's results as plain values: which out-of-distribution set, its AUROC with
//! the Hanley–McNeil standard error and D's scores, the report over every set, and the NDA kinds a
//! run has seen. The core's `train::evaluation::anomaly` measures them with a discriminator.

use super::corruptions::Corruption;
use crate::augment::{NegativeAugmentation, NegativeKind};
use crate::data::BuiltinDataset;

/// What an out-of-distribution set is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutOfDistribution {
    /// Another built-in set.
    OtherSet(BuiltinDataset),
    /// A corruption of the held-out images.
    Corrupted(Corruption, usize),
    /// An NDA kind applied to the held-out images; `seen` when the NDA run trained with it.
    Negative {
        /// The kind.
        kind: NegativeKind,
        /// Whether the NDA run used it as a negative.
        seen: bool,
    },
}

impl OutOfDistribution {
    /// A short name for tables and CSV files: `shapes`, `noise-3`, `jigsaw`.
    pub fn name(&self) -> String {
        match self {
            Self::OtherSet(dataset) => dataset.label().to_lowercase(),
            Self::Corrupted(corruption, severity) => format!("{}-{severity}", corruption.name()),
            Self::Negative { kind, .. } => kind.label().to_lowercase(),
        }
    }
}

/// The AUROC of one out-of-distribution set.
#[derive(Debug, Clone, PartialEq)]
pub struct SetAuroc {
    /// Which set.
    pub set: OutOfDistribution,
    /// Area under the ROC curve, in-distribution as the positive class.
    pub auroc: f64,
    /// Its Hanley–McNeil standard error.
    pub standard_error: f64,
    /// D's scores of the set's images.
    pub scores: Vec<f32>,
}

/// D's scores and AUROCs on the whole benchmark.
#[derive(Debug, Clone, PartialEq)]
pub struct AnomalyReport {
    /// D's scores of the held-out real images.
    pub in_scores: Vec<f32>,
    /// One entry per out-of-distribution set.
    pub sets: Vec<SetAuroc>,
}

impl AnomalyReport {
    /// Mean AUROC over the sets `keep` selects, or `None` when it selects none.
    pub fn mean_auroc(&self, keep: impl Fn(&OutOfDistribution) -> bool) -> Option<f64> {
        let picked: Vec<f64> = self
            .sets
            .iter()
            .filter(|set| keep(&set.set))
            .map(|set| set.auroc)
            .collect();
        (!picked.is_empty()).then(|| picked.iter().sum::<f64>() / picked.len() as f64)
    }
}

/// The NDA kinds a run trains with (weight above 0): the sets flagged "seen in training".
pub fn seen_kinds(negatives: &[(NegativeAugmentation, f64)]) -> Vec<NegativeKind> {
    negatives
        .iter()
        .filter(|(_, weight)| *weight > 0.0)
        .map(|(augmentation, _)| augmentation.kind())
        .collect()
}
