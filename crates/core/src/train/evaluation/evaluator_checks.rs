//! How far the evaluators can be trusted, measured on held-out images neither trained on: the
//! classifier's accuracy, the detector's false-alarm rate on real images and its hit rate on each
//! NDA kind (on sparse images a jigsaw may move only background: a low hit rate says so).

use burn::tensor::Device;

use super::evaluators::{CHECK_IMAGES, EVALUATOR_SEED, Evaluators, check_source};
use super::held_out_images::all_images;
use super::inference::{chunks, probabilities};
use super::sample_quality::{most_likely, structure_scores};
use crate::augment::Augment;
use crate::augment::{NegativeAugmentation, NegativeKind};
use crate::seeding::{RngStream, stream_rng};
use crate::train::TrainError;

/// The evaluators' own accuracy on held-out images.
#[derive(Debug, Clone, PartialEq)]
pub struct EvaluatorChecks {
    /// Held-out images per check.
    pub images: usize,
    /// Share of held-out real images the classifier labels correctly.
    pub classifier_accuracy: f64,
    /// Share of held-out real images the detector calls NDA-like.
    pub false_alarm_rate: f64,
    /// Per NDA kind, the share of its images the detector calls NDA-like.
    pub hit_rates: Vec<(NegativeKind, f64)>,
}

impl EvaluatorChecks {
    /// The checks in one sentence, shown wherever the evaluators' numbers are.
    pub fn describe(&self) -> String {
        let hits: Vec<String> = self
            .hit_rates
            .iter()
            .map(|(kind, rate)| format!("{} {:.0} %", kind.label().to_lowercase(), rate * 100.0))
            .collect();
        format!(
            "on {} held-out images the classifier is right {:.1} % of the time; the structure \
             detector calls {:.1} % of real images NDA-like and catches {}",
            self.images,
            self.classifier_accuracy * 100.0,
            self.false_alarm_rate * 100.0,
            hits.join(", ")
        )
    }
}

/// Measures [`EvaluatorChecks`] on [`CHECK_IMAGES`] held-out images.
pub async fn check_evaluators(
    evaluators: &Evaluators,
    device: &Device,
) -> Result<EvaluatorChecks, TrainError> {
    let set = check_source(evaluators.dataset, evaluators.size).images(0, CHECK_IMAGES)?;
    let images = all_images(&set, device);
    let predicted = probabilities(&evaluators.classifier, &images).await?;
    let correct = predicted
        .iter()
        .zip(set.labels())
        .filter(|(row, label)| label.is_some_and(|label| label as usize == most_likely(row)))
        .count();
    let (false_alarm_rate, _) =
        structure_scores(&probabilities(&evaluators.detector, &images).await?, &[]);
    let mut hit_rates = Vec::new();
    for (index, kind) in NegativeKind::ALL.into_iter().enumerate() {
        let mut rng = stream_rng(EVALUATOR_SEED + 200 + index as u64, RngStream::Evaluation);
        let augmentation = NegativeAugmentation::default_for(kind);
        let negatives = chunks(&images)
            .map(|chunk| augmentation.apply(chunk, &mut rng))
            .collect::<Result<Vec<_>, _>>()?;
        let detected = probabilities(
            &evaluators.detector,
            &burn::tensor::Tensor::cat(negatives, 0),
        )
        .await?;
        hit_rates.push((kind, structure_scores(&detected, &[]).0));
    }
    Ok(EvaluatorChecks {
        images: CHECK_IMAGES,
        classifier_accuracy: correct as f64 / set.len() as f64,
        false_alarm_rate,
        hit_rates,
    })
}
