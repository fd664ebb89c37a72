//! Anomaly detection during `nda-lab contrastive`: with `evaluation.enabled`, each encoder is
//! scored by its k-NN similarity on the anomaly benchmark at the evaluation fractions of the
//! run, `evaluation.csv` (`iteration,metric,value,sd`, the GAN's AUROC rows, and the k-NN and
//! linear-probe accuracy of every evaluation) is written per run, and the NDA-versus-baseline
//! table is printed at the end.

use std::path::Path;

use burn::tensor::Device;
use futures::executor::block_on;

use crate::driver::write;
use nda_core::augment::NegativeKind;
use nda_core::experiment::{DatasetChoice, ExperimentConfig};
use nda_core::train::ContrastiveRun;
use nda_core::train::evaluation::{
    AnomalyBenchmark, MetricRow, comparison_table, encoder_anomaly, encoder_benchmark, seen_kinds,
    suite::anomaly_rows, to_csv,
};

/// The anomaly measurements of one contrastive experiment.
pub struct EncoderAnomalies {
    benchmark: AnomalyBenchmark,
    seen: Vec<NegativeKind>,
    at: Vec<usize>,
    rows: Vec<Vec<MetricRow>>,
    device: Device,
}

impl EncoderAnomalies {
    /// The plan for `runs` (the NDA run first), or `None` when the config's evaluation is off.
    pub fn prepare(
        config: &ExperimentConfig,
        runs: &[&ContrastiveRun],
        device: &Device,
    ) -> Result<Option<Self>, String> {
        let settings = &config.evaluation;
        if !settings.enabled {
            return Ok(None);
        }
        settings.validate().map_err(|error| error.to_string())?;
        let Some(nda) = runs.first() else {
            return Ok(None);
        };
        let builtin = match &config.dataset {
            DatasetChoice::Builtin(spec) => Some(spec.dataset),
            DatasetChoice::Uploaded { .. } => None,
        };
        let benchmark = encoder_benchmark(builtin, nda, settings.anomaly_images)
            .map_err(|error| format!("anomaly benchmark: {error}"))?;
        Ok(Some(Self {
            benchmark,
            seen: seen_kinds(&nda.config().negatives),
            at: settings.iterations(config.contrastive.steps),
            rows: vec![Vec::new(); runs.len()],
            device: device.clone(),
        }))
    }

    /// Whether the encoders are measured after `step`.
    pub fn is_due(&self, step: usize) -> bool {
        self.at.contains(&step)
    }

    /// Measures run `index` now and rewrites `dir/evaluation.csv`; returns its mean AUROC.
    pub fn measure(
        &mut self,
        index: usize,
        run: &ContrastiveRun,
        dir: &Path,
    ) -> Result<String, String> {
        let step = run.step_count();
        let report = block_on(encoder_anomaly(
            run,
            &self.benchmark,
            &self.seen,
            &self.device,
        ))
        .map_err(|error| format!("anomaly detection at step {step}: {error}"))?;
        let rows = anomaly_rows(&report, step);
        let mean = rows
            .iter()
            .find(|row| row.metric == "auroc")
            .map_or(f64::NAN, |row| row.value);
        self.rows[index].extend(rows);
        write(
            &dir.join("evaluation.csv"),
            to_csv(&self.rows[index]).as_bytes(),
        )?;
        Ok(format!("k-NN AUROC {mean:.3}"))
    }

    /// Adds run `index`'s k-NN and linear-probe accuracy after `step` to its rows (what a
    /// contrastive study compares) and rewrites `dir/evaluation.csv`.
    pub fn record_accuracy(
        &mut self,
        index: usize,
        step: usize,
        (knn, linear): (Option<f64>, Option<f64>),
        dir: &Path,
    ) -> Result<(), String> {
        for (metric, value) in [("knn_accuracy", knn), ("linear_accuracy", linear)] {
            if let Some(value) = value {
                self.rows[index].push(MetricRow {
                    iteration: step,
                    metric: metric.to_string(),
                    value,
                    sd: None,
                });
            }
        }
        write(
            &dir.join("evaluation.csv"),
            to_csv(&self.rows[index]).as_bytes(),
        )
    }

    /// The table of the last measurement, NDA against the baseline, when both were measured.
    pub fn table(&self) -> Option<String> {
        let [nda, baseline] = self.rows.as_slice() else {
            return None;
        };
        let last = nda.iter().map(|row| row.iteration).max()?;
        Some(format!(
            "Anomaly detection by k-NN similarity ({} images per set):\n{}",
            self.benchmark.images_per_set(),
            comparison_table(nda, baseline, last)
        ))
    }
}
