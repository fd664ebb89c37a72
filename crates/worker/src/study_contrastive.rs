//! A contrastive pair of a study in the worker: an ordinary contrastive session (the NDA
//! encoder and its `m = 0` baseline, same seed) trained to its last step, then measured the way
//! `nda-lab study` measures one: the k-NN and linear-probe accuracy of the final encoders and
//! their k-NN anomaly AUROCs, as the rows of `evaluation.csv`.
//!
//! Free of browser code (the clock is passed in), so it is tested natively.

use burn::tensor::Device;
use nda_protocol::{ContrastiveEvent, Event};

use super::contrastive::session::ContrastiveSession;
use crate::measured_session::MeasuredSession;
use nda_core::data::{BuiltinSpec, ImageSet};
use nda_core::experiment::ExperimentConfig;
use nda_core::train::evaluation::MetricRow;

/// A contrastive pair of a study, training or done training.
pub struct ContrastivePair {
    session: ContrastiveSession,
    /// Per run, the accuracy rows of its latest evaluation.
    accuracy: Vec<Vec<MetricRow>>,
    anomaly_images: usize,
}

impl ContrastivePair {
    /// Builds the pair of `config` on `set` (the study's built-in set `spec`).
    pub fn start(
        config: &ExperimentConfig,
        set: &ImageSet,
        spec: BuiltinSpec,
        device: &Device,
        on_gpu: bool,
    ) -> Result<Self, String> {
        let mut experiment = config.contrastive_experiment();
        // A study compares the final encoders only; the evaluations in between read nothing that
        // training uses, so skipping them changes no weight.
        experiment.evaluate_every = experiment.steps;
        let session = ContrastiveSession::start(&experiment, set, device, on_gpu)
            .map_err(|error| error.to_string())?
            .trained_on(Some(spec.dataset));
        Ok(Self {
            accuracy: vec![Vec::new(); experiment.runs().len()],
            session,
            anomaly_images: config.evaluation.anomaly_images,
        })
    }

    /// Completed steps.
    pub fn steps(&self) -> usize {
        self.session.steps()
    }

    /// Whether both encoders reached their last step.
    pub fn is_trained(&self) -> bool {
        !self.session.is_running()
    }

    /// Trains both encoders one step (the first call evaluates them untrained); `Err` with the
    /// session's problem when it stopped on a fault.
    pub async fn tick(&mut self, now: fn() -> f64) -> Result<(), String> {
        for event in self.session.tick(now).await {
            match event {
                Event::Contrastive(ContrastiveEvent::Evaluated(evaluated)) => {
                    let evaluation = &evaluated.evaluation;
                    let rows = [
                        ("knn_accuracy", evaluation.knn_accuracy),
                        ("linear_accuracy", evaluation.linear_accuracy),
                    ]
                    .into_iter()
                    .filter_map(|(metric, value)| {
                        Some(MetricRow {
                            iteration: evaluation.step,
                            metric: metric.to_string(),
                            value: value?,
                            sd: None,
                        })
                    })
                    .collect();
                    if let Some(slot) = self.accuracy.get_mut(evaluated.run) {
                        *slot = rows;
                    }
                }
                Event::Contrastive(ContrastiveEvent::Status(Some(status)))
                    if status.problem.is_some() =>
                {
                    return Err(status.problem.unwrap_or_default());
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// The final rows of every run (NDA first): its accuracies and the anomaly AUROCs of its
    /// encoder on fresh held-out images of the study's set.
    pub async fn measure(
        &self,
        device: &Device,
        now: fn() -> f64,
    ) -> Result<Vec<Vec<MetricRow>>, String> {
        let anomaly = self
            .session
            .measure_anomaly(self.anomaly_images, device, now)
            .await
            .map_err(|error| format!("anomaly detection: {error}"))?;
        Ok(anomaly
            .runs
            .into_iter()
            .zip(&self.accuracy)
            .map(|(view, accuracy)| {
                let mut rows = view.rows;
                rows.extend(accuracy.iter().cloned());
                rows
            })
            .collect())
    }
}
