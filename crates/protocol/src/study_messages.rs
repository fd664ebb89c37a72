//! The study part of the page-worker protocol: where a running study is, and each finished
//! NDA/baseline pair's final evaluation (or why it failed: a failed pair is reported, never
//! dropped).

use serde::{Deserialize, Serialize};

use nda_plain::train::evaluation::MetricRow;

/// Where a running study is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StudyProgress {
    /// Index of the pair in the study's plan.
    pub unit: usize,
    /// Pairs in the plan.
    pub total: usize,
    /// The pair's arm.
    pub arm: String,
    /// The pair's seed.
    pub seed: u64,
    /// Iterations the pair has trained.
    pub iteration: usize,
    /// Iterations each run trains.
    pub iterations: usize,
    /// "training" or "evaluating".
    pub stage: String,
}

/// One finished pair of a study.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StudyUnitDone {
    /// Index of the pair in the study's plan.
    pub unit: usize,
    /// The pair's arm.
    pub arm: String,
    /// The pair's seed.
    pub seed: u64,
    /// The NDA run's final evaluation, `None` when the pair failed.
    pub nda: Option<Vec<MetricRow>>,
    /// The baseline's final evaluation, `None` when the pair failed.
    pub baseline: Option<Vec<MetricRow>>,
    /// Why the pair failed, if it did.
    pub problem: Option<String>,
    /// Wall time of the pair (both runs and their evaluation), in milliseconds.
    pub millis: f64,
}
