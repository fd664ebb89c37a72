//! How good a generator's samples are, judged in the evaluator's feature space against held-out
//! real images (never trained on): KID, the primary metric (Bińkowski et al. 2018); the Fréchet
//! distance at the evaluation's fixed N (biased by N); precision, recall, density and coverage
//! with k = 5 (Naeem et al. 2020); the structure score, the share of samples the detector calls
//! NDA-like, overall and as NDA kinds the run did not train with; and, for a class-conditional
//! generator, the evaluator's accuracy on each class's samples.
//!
//! Samples come from the EMA generator with noise of the run seed's evaluation stream: an NDA run
//! and its baseline are judged on the same latent vectors.

use burn::tensor::Device;

use super::evaluators::{EVALUATOR_SEED, Evaluators};
use super::held_out_images::{HeldOutSource, all_images};
use super::inference::{features, generate, probabilities};
use super::report::MetricRow;
use crate::augment::NegativeKind;
use crate::data::HeldOut;
use crate::eval::{Features, KidSettings, PrdcSettings, frechet_distance, kid, prdc};
use crate::seeding::{RngStream, stream_rng};
use crate::train::gan_sampling::noise_grid;
use crate::train::{GanTrainer, TrainError};

/// KID's subsets (torch-fidelity's 100), each of up to 1,000 rows per side.
const KID_SUBSETS: usize = 100;

/// The real side of the comparison: held-out images' features under the evaluator, standardised
/// per dimension by their own mean and standard deviation (and generated features with the same
/// affine map). The evaluator's features are unbounded LeakyReLU outputs whose scale differs per
/// dimension and per evaluator; KID's cubic kernel `(x·y/d + 1)^3` assumes `x·y/d` of order one
/// and is otherwise dominated by a few large-norm samples (we saw KID rise while FD and coverage
/// improved). The map is fixed by the held-out real images, never by the samples judged.
#[derive(Debug, Clone)]
pub struct QualityReference {
    /// Standardised features of `count` held-out real images.
    pub features: Features,
    mean: Vec<f32>,
    scale: Vec<f32>,
}

impl QualityReference {
    /// Features of `count` held-out reference images of the evaluators' set and side.
    pub async fn new(
        evaluators: &Evaluators,
        count: usize,
        device: &Device,
    ) -> Result<Self, TrainError> {
        let source = HeldOutSource {
            dataset: evaluators.dataset,
            size: evaluators.size,
            purpose: HeldOut::Reference,
            seed: EVALUATOR_SEED,
        };
        let images = all_images(&source.images(0, count)?, device);
        let raw = features(&evaluators.classifier, &images).await?;
        Ok(Self::from_raw(raw))
    }

    /// The reference of `raw`, features of real images in any feature space.
    pub fn from_raw(raw: Features) -> Self {
        let rows = raw.len().max(1) as f64;
        let mut mean = vec![0.0f64; raw.dim];
        let mut square = vec![0.0f64; raw.dim];
        for row in raw.values.chunks_exact(raw.dim) {
            for (k, &value) in row.iter().enumerate() {
                mean[k] += f64::from(value) / rows;
                square[k] += f64::from(value) * f64::from(value) / rows;
            }
        }
        let scale = mean
            .iter()
            .zip(&square)
            .map(|(m, s)| 1.0 / (s - m * m).max(0.0).sqrt().max(1e-6) as f32)
            .collect();
        let mut reference = Self {
            features: raw,
            mean: mean.into_iter().map(|m| m as f32).collect(),
            scale,
        };
        reference.features = reference.standardise(reference.features.clone());
        reference
    }

    /// `features` mapped by the reference's per-dimension standardisation.
    pub fn standardise(&self, mut features: Features) -> Features {
        for row in features.values.chunks_exact_mut(features.dim) {
            for ((value, mean), scale) in row.iter_mut().zip(&self.mean).zip(&self.scale) {
                *value = (*value - mean) * scale;
            }
        }
        features
    }
}

/// The sample-quality rows of `trainer` at `iteration`; `unseen` are the NDA kinds the NDA run
/// did not train with.
pub async fn sample_quality(
    trainer: &GanTrainer,
    evaluators: &Evaluators,
    reference: &QualityReference,
    unseen: &[NegativeKind],
    iteration: usize,
    device: &Device,
) -> Result<Vec<MetricRow>, TrainError> {
    let config = trainer.config();
    let count = reference.features.len();
    let mut rng = stream_rng(config.seed, RngStream::Evaluation);
    let plan = noise_grid(&mut rng, count, config.latent_dim, config.num_classes);
    let samples = generate(trainer, &plan, device);
    let fake = features(&evaluators.classifier, &samples).await?;
    let mut rows = feature_quality(reference, fake, iteration, "")?;
    let row = |metric: &str, value: f64, sd: Option<f64>| MetricRow {
        iteration,
        metric: metric.to_string(),
        value,
        sd,
    };
    let detected = probabilities(&evaluators.detector, &samples).await?;
    let (broken, broken_unseen) = structure_scores(&detected, unseen);
    rows.push(row("structure", broken, None));
    rows.push(row("structure_unseen", broken_unseen, None));
    if let Some(labels) = &plan.labels {
        let predicted = probabilities(&evaluators.classifier, &samples).await?;
        rows.extend(
            class_accuracy(&predicted, labels)
                .into_iter()
                .map(|(metric, value)| row(&metric, value, None)),
        );
    }
    Ok(rows)
}

/// KID, FD, precision, recall, density and coverage of the samples' raw features `fake` against
/// `reference` (standardised by its map), as rows named `<metric><suffix>`.
pub fn feature_quality(
    reference: &QualityReference,
    fake: Features,
    iteration: usize,
    suffix: &str,
) -> Result<Vec<MetricRow>, TrainError> {
    let fake = reference.standardise(fake);
    let real = &reference.features;
    let eval_error = |error: crate::eval::EvalError| TrainError::Readback(error.to_string());
    let kid_settings = KidSettings {
        num_subsets: KID_SUBSETS,
        subset_size: real.len().min(fake.len()).min(1_000),
        seed: EVALUATOR_SEED,
    };
    let kid = kid(real, &fake, kid_settings).map_err(eval_error)?;
    let fd = frechet_distance(real, &fake).map_err(eval_error)?;
    let prdc = prdc(real, &fake, PrdcSettings::default()).map_err(eval_error)?;
    let row = |metric: &str, value: f64, sd: Option<f64>| MetricRow {
        iteration,
        metric: format!("{metric}{suffix}"),
        value,
        sd,
    };
    Ok(vec![
        row("kid", kid.mean, Some(kid.std)),
        row("fd", fd.distance, None),
        row("precision", prdc.precision, None),
        row("recall", prdc.recall, None),
        row("density", prdc.density, None),
        row("coverage", prdc.coverage, None),
    ])
}

/// The share of images the detector calls NDA-like (probability of "real" below one half), and
/// the share called NDA-like whose most likely kind is one of `unseen`.
pub fn structure_scores(probabilities: &[Vec<f32>], unseen: &[NegativeKind]) -> (f64, f64) {
    let count = probabilities.len().max(1) as f64;
    let mut broken = 0usize;
    let mut broken_unseen = 0usize;
    for row in probabilities {
        if row[0] >= 0.5 {
            continue;
        }
        broken += 1;
        let kind = NegativeKind::ALL
            .into_iter()
            .zip(&row[1..])
            .fold(
                None,
                |best: Option<(NegativeKind, f32)>, (kind, &p)| match best {
                    Some((_, best_p)) if best_p >= p => best,
                    _ => Some((kind, p)),
                },
            )
            .map(|(kind, _)| kind);
        if kind.is_some_and(|kind| unseen.contains(&kind)) {
            broken_unseen += 1;
        }
    }
    (broken as f64 / count, broken_unseen as f64 / count)
}

/// The index of the largest probability in `row` (the first on ties; 0 for an empty row).
pub fn most_likely(row: &[f32]) -> usize {
    (0..row.len()).fold(0, |best, k| if row[k] > row[best] { k } else { best })
}

/// `class_accuracy` over all samples and `class_accuracy:k` per class: how often the evaluator's
/// most likely class is the class the sample was generated for.
pub fn class_accuracy(probabilities: &[Vec<f32>], labels: &[usize]) -> Vec<(String, f64)> {
    let classes = probabilities.first().map_or(0, Vec::len);
    let mut hits = vec![0usize; classes];
    let mut totals = vec![0usize; classes];
    for (row, &label) in probabilities.iter().zip(labels) {
        let predicted = most_likely(row);
        totals[label] += 1;
        hits[label] += usize::from(predicted == label);
    }
    let overall = hits.iter().sum::<usize>() as f64 / totals.iter().sum::<usize>().max(1) as f64;
    let mut rows = vec![("class_accuracy".to_string(), overall)];
    for class in 0..classes {
        if totals[class] > 0 {
            rows.push((
                format!("class_accuracy:{class}"),
                hits[class] as f64 / totals[class] as f64,
            ));
        }
    }
    rows
}
