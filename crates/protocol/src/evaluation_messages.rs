//! The evaluation part of the page-worker protocol: progress of a long evaluation, its numbers
//! per run with ROC curves ready to draw, and the score of an image the user dropped.

use serde::{Deserialize, Serialize};

use nda_plain::train::evaluation::{
    AnomalyReport, ImageScore, MetricRow, OutOfDistribution, RocGroup, SetAuroc, pooled_roc,
};
use nda_plain::train::{ScoreHistogram, TrainError};

/// Bins of a run's histogram of anomaly scores.
pub const ANOMALY_HISTOGRAM_BINS: usize = 30;

/// Where a running evaluation is (training waits meanwhile).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvaluationProgress {
    /// What it is doing, in words.
    pub stage: String,
    /// Units of the stage done.
    pub done: usize,
    /// Units of the stage.
    pub total: usize,
    /// The iteration being evaluated.
    pub iteration: usize,
}

/// One pooled ROC curve of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RocCurveView {
    /// Which sets the curve pools against the real images.
    pub group: RocGroup,
    /// `(false-positive rate, true-positive rate)` points from (0, 0) to (1, 1).
    pub points: Vec<(f64, f64)>,
}

/// One run's evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunEvaluationView {
    /// Index of the run in the session.
    pub run: usize,
    /// "NDA" or "Baseline".
    pub label: String,
    /// Every number, as in `evaluation.csv`.
    pub rows: Vec<MetricRow>,
    /// One curve per group of out-of-distribution sets.
    pub roc: Vec<RocCurveView>,
    /// The anomaly scores themselves: in-distribution images ("real"), the other sets and
    /// corruptions ("fake"), the NDA kinds ("negative"); `None` when read from a run file.
    pub histogram: Option<ScoreHistogram>,
}

impl RunEvaluationView {
    /// Run `run`'s view: its rows and the pooled ROC curve of each group its report has.
    pub fn new(
        run: usize,
        label: &str,
        rows: Vec<MetricRow>,
        anomaly: &AnomalyReport,
    ) -> Result<Self, TrainError> {
        let mut roc = Vec::new();
        for group in RocGroup::ALL {
            let points = pooled_roc(anomaly, group)
                .map_err(|error| TrainError::Readback(error.to_string()))?;
            if let Some(points) = points {
                roc.push(RocCurveView { group, points });
            }
        }
        let (negative, others): (Vec<&SetAuroc>, Vec<&SetAuroc>) = anomaly
            .sets
            .iter()
            .partition(|set| matches!(set.set, OutOfDistribution::Negative { .. }));
        let pooled = |sets: Vec<&SetAuroc>| -> Vec<f32> {
            sets.iter()
                .flat_map(|set| set.scores.iter().copied())
                .collect()
        };
        let histogram = ScoreHistogram::new(
            &anomaly.in_scores,
            &pooled(others),
            &pooled(negative),
            ANOMALY_HISTOGRAM_BINS,
        );
        Ok(Self {
            run,
            label: label.to_string(),
            rows,
            roc,
            histogram: Some(histogram),
        })
    }
}

/// A finished evaluation of every run of the session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GanEvaluated {
    /// The iteration evaluated.
    pub iteration: usize,
    /// The runs, NDA first.
    pub runs: Vec<RunEvaluationView>,
    /// The evaluators: where they came from and their own accuracy, in one sentence.
    pub evaluators: String,
    /// Generated (and real) images per sample-quality metric.
    pub num_samples: usize,
    /// What the real images are ("held-out real images", or a person's own).
    pub real_images: String,
    /// Held-out images per anomaly set.
    pub anomaly_images: usize,
    /// Wall time of the whole evaluation, in milliseconds.
    pub millis: f64,
}

/// One run's verdict on an uploaded image.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunImageScore {
    /// "NDA" or "Baseline".
    pub label: String,
    /// D's score and its ranks.
    pub verdict: ImageScore,
}

/// The answer to "score your image".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImageScored {
    /// The file's name.
    pub name: String,
    /// The image as D saw it (cropped and resized), for display.
    pub image: nda_plain::data::RgbaMosaic,
    /// The iteration of the scoring discriminators.
    pub iteration: usize,
    /// What the real images it is ranked among are.
    pub reference: String,
    /// One verdict per run, NDA first.
    pub runs: Vec<RunImageScore>,
}

/// Trained evaluators as a file the page keeps in the browser (IndexedDB), so a later visit
/// skips their training.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredEvaluators {
    /// Which evaluators: version, set, side and steps (see `EvaluatorKey::storage_name`).
    pub name: String,
    /// Their safetensors file.
    #[serde(with = "serde_bytes")]
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for StoredEvaluators {
    /// The name and the size: a debug print never dumps megabytes.
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            formatter,
            "StoredEvaluators({}, {} bytes)",
            self.name,
            self.bytes.len()
        )
    }
}
