//! What a contrastive session measures on request, beside its training: the held-out images the
//! page shows on the embedding map, and anomaly detection by every encoder's k-NN scores
//! (fresh held-out images of a built-in set, or the held-out split of a person's images).

use burn::tensor::Device;

use crate::contrastive::session::ContrastiveSession;
use nda_core::data::mosaic_from_set;
use nda_core::train::TrainError;
use nda_core::train::evaluation::settings::{MAX_EVALUATION_IMAGES, MIN_EVALUATION_IMAGES};
use nda_core::train::evaluation::suite::anomaly_rows;
use nda_core::train::evaluation::{encoder_anomaly, encoder_benchmark, seen_kinds};
use nda_protocol::contrastive::messages::{ContrastiveAnomaly, HeldOutImages};
use nda_protocol::evaluation_messages::RunEvaluationView;

impl ContrastiveSession {
    /// The held-out images (the same for every run: they share the seed and the split).
    pub fn held_out_images(&self) -> Option<HeldOutImages> {
        let (_, run) = self.core.runs.first()?;
        let held_out = &run.evaluation_set().held_out;
        Some(HeldOutImages {
            thumbnails: (0..held_out.len())
                .map(|index| mosaic_from_set(held_out, &[index], 1))
                .collect(),
            labels: held_out.labels().to_vec(),
            class_names: held_out.class_names().to_vec(),
        })
    }

    /// Anomaly detection by every run's encoder now, on `count` images per set: fresh held-out
    /// images when the session trains on a built-in set, else its held-out split.
    pub async fn measure_anomaly(
        &self,
        count: usize,
        device: &Device,
        now: fn() -> f64,
    ) -> Result<ContrastiveAnomaly, TrainError> {
        let allowed = MIN_EVALUATION_IMAGES..=MAX_EVALUATION_IMAGES;
        if !allowed.contains(&count) {
            return Err(TrainError::out_of_range(
                "anomaly images",
                count,
                "between 20 and 5000",
            ));
        }
        let started = now();
        let (_, nda) = self
            .core
            .runs
            .first()
            .ok_or(TrainError::Evaluation("the session has no run".to_string()))?;
        let builtin = self.builtin;
        let benchmark = encoder_benchmark(builtin, nda, count)?;
        let seen = seen_kinds(&nda.config().negatives);
        let mut runs = Vec::new();
        for (index, (info, run)) in self.core.runs.iter().enumerate() {
            let report = encoder_anomaly(run, &benchmark, &seen, device).await?;
            let rows = anomaly_rows(&report, run.step_count());
            runs.push(RunEvaluationView::new(index, &info.label, rows, &report)?);
        }
        let in_distribution = match builtin {
            Some(dataset) => format!("fresh held-out {} images", dataset.label()),
            None => "your held-out images (never trained on)".to_string(),
        };
        Ok(ContrastiveAnomaly {
            step: self.steps(),
            runs,
            images_per_set: benchmark.images_per_set(),
            in_distribution,
            millis: now() - started,
        })
    }
}
