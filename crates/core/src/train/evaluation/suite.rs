//! Everything one evaluation needs, prepared once per experiment: the evaluators, the reference
//! features and the anomaly benchmark; then [`EvaluationSuite::evaluate_gan`] measures a run at
//! its current iteration.

use burn::tensor::Device;

use super::anomaly::AnomalyBenchmark;
use super::anomaly_report::{AnomalyReport, OutOfDistribution, seen_kinds};
use super::evaluators::Evaluators;
use super::report::MetricRow;
use super::sample_quality::{QualityReference, sample_quality};
use super::settings::EvaluationSettings;
use crate::augment::NegativeKind;
use crate::train::{GanConfig, GanTrainer, TrainError};

/// The prepared evaluation of one experiment.
#[derive(Debug, Clone)]
pub struct EvaluationSuite {
    /// The frozen networks.
    pub evaluators: Evaluators,
    reference: QualityReference,
    anomaly: AnomalyBenchmark,
    seen: Vec<NegativeKind>,
}

/// One evaluation of one run.
#[derive(Debug, Clone)]
pub struct GanEvaluation {
    /// Every number, as `evaluation.csv` rows.
    pub rows: Vec<MetricRow>,
    /// D's scores behind the AUROCs, for ROC curves and histograms.
    pub anomaly: AnomalyReport,
}

impl EvaluationSuite {
    /// Prepares the evaluation of an experiment whose NDA run is `nda` (its negatives are the
    /// kinds "seen in training"; the baseline is judged with the same flags, so rows pair up).
    pub async fn prepare(
        evaluators: Evaluators,
        settings: &EvaluationSettings,
        nda: &GanConfig,
        device: &Device,
    ) -> Result<Self, TrainError> {
        settings.validate()?;
        let reference = QualityReference::new(&evaluators, settings.num_samples, device).await?;
        let anomaly =
            AnomalyBenchmark::new(evaluators.dataset, evaluators.size, settings.anomaly_images)?;
        let seen = seen_kinds(&nda.negatives);
        Ok(Self {
            evaluators,
            reference,
            anomaly,
            seen,
        })
    }

    /// Generated (and held-out real) images per sample-quality metric.
    pub fn num_samples(&self) -> usize {
        self.reference.features.len()
    }

    /// Images per anomaly set.
    pub fn anomaly_images(&self) -> usize {
        self.anomaly.images_per_set()
    }

    /// The NDA kinds the experiment's NDA run trains with.
    pub fn seen_kinds(&self) -> &[NegativeKind] {
        &self.seen
    }

    /// Sample quality of the EMA generator and anomaly detection by D, at `iteration`.
    pub async fn evaluate_gan(
        &self,
        trainer: &GanTrainer,
        iteration: usize,
        device: &Device,
    ) -> Result<GanEvaluation, TrainError> {
        let unseen: Vec<NegativeKind> = NegativeKind::ALL
            .into_iter()
            .filter(|kind| !self.seen.contains(kind))
            .collect();
        let mut rows = sample_quality(
            trainer,
            &self.evaluators,
            &self.reference,
            &unseen,
            iteration,
            device,
        )
        .await?;
        let anomaly = self.anomaly.evaluate(trainer, &self.seen, device).await?;
        rows.extend(anomaly_rows(&anomaly, iteration));
        Ok(GanEvaluation { rows, anomaly })
    }
}

/// Picks out-of-distribution sets for a mean.
type SetFilter = fn(&OutOfDistribution) -> bool;

/// `auroc` (the mean over every set), the means per group, and `auroc:<set>` with its standard
/// error.
pub fn anomaly_rows(report: &AnomalyReport, iteration: usize) -> Vec<MetricRow> {
    let row = |metric: String, value: f64, sd: Option<f64>| MetricRow {
        iteration,
        metric,
        value,
        sd,
    };
    let groups: [(&str, SetFilter); 5] = [
        ("auroc", |_| true),
        ("auroc_other_sets", |set| {
            matches!(set, OutOfDistribution::OtherSet(_))
        }),
        ("auroc_corruptions", |set| {
            matches!(set, OutOfDistribution::Corrupted(..))
        }),
        ("auroc_nda_seen", |set| {
            matches!(set, OutOfDistribution::Negative { seen: true, .. })
        }),
        ("auroc_nda_unseen", |set| {
            matches!(set, OutOfDistribution::Negative { seen: false, .. })
        }),
    ];
    let mut rows: Vec<MetricRow> = groups
        .into_iter()
        .filter_map(|(name, keep)| Some(row(name.to_string(), report.mean_auroc(keep)?, None)))
        .collect();
    for set in &report.sets {
        let name = format!("auroc:{}", set.set.name());
        rows.push(row(name, set.auroc, Some(set.standard_error)));
    }
    rows
}
