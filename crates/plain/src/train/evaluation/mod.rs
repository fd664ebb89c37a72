//! The evaluation's plain half: its settings, the corruptions of the anomaly benchmark, classes
//! predicted from features, images ranked by score, the anomaly benchmark's AUROCs and pooled ROC
//! curves, the metric rows of `evaluation.csv` with the NDA vs baseline table, and which metrics
//! the metric validation trusts on each set. The core's
//! `train::evaluation` adds the evaluators and what they measure.

pub mod anomaly_report;
pub mod corruptions;
pub mod predicted_classes;
pub mod ranking;
pub mod report;
pub mod roc_summary;
pub mod settings;
pub mod validated;

pub use anomaly_report::{AnomalyReport, OutOfDistribution, SetAuroc, seen_kinds};
pub use corruptions::Corruption;
pub use ranking::{ImageScore, percentile};
pub use report::{
    EVALUATION_CSV_HEADER, MetricRow, UNTRAINED_SUFFIX, better, comparison_table, favours,
    from_csv, to_csv,
};
pub use roc_summary::{RocGroup, pooled_roc};
pub use settings::EvaluationSettings;
