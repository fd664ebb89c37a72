//! Anomaly detection with the discriminator, as in the paper's anomaly experiments (Sinha et al.,
//! ICLR 2021, Sec. 6; reference code `GAN_auroc_function`): the score is D's raw logit, the
//! in-distribution images are held-out real images no run ever trains on, and each
//! out-of-distribution set gives one AUROC (higher score = in-distribution). The sets: the other
//! built-in sets at the same side, five corruptions at severities 1 to 5, and every NDA kind
//! (flagged when the NDA run trained with it: D has seen that kind as a negative).
//!
//! The corrupted and NDA images are redrawn at each evaluation from fixed seeds, so every run and
//! every evaluation is tested on the same images without keeping 30 copies in memory.

use burn::tensor::{Device, Tensor};

use super::anomaly_report::{AnomalyReport, OutOfDistribution, SetAuroc};
use super::corruptions::{Corruption, SEVERITIES};
use super::evaluators::EVALUATOR_SEED;
use super::held_out_images::HeldOutSource;
use super::inference::{chunks, discriminator_scores, upload};
use crate::augment::Augment;
use crate::augment::{NegativeAugmentation, NegativeKind};
use crate::data::{BuiltinDataset, HeldOut, ImageSet};
use crate::eval::{auroc, hanley_mcneil_standard_error};
use crate::seeding::{RngStream, stream_rng};
use crate::train::{GanTrainer, TrainError};

/// The held-out images of one set and side, and of the other built-in sets, as host floats.
#[derive(Debug, Clone)]
pub struct AnomalyBenchmark {
    size: usize,
    in_distribution: Vec<f32>,
    other_sets: Vec<(BuiltinDataset, Vec<f32>)>,
}

impl AnomalyBenchmark {
    /// `count` held-out images of `dataset` and of each other built-in set, at `size`.
    pub fn new(dataset: BuiltinDataset, size: usize, count: usize) -> Result<Self, TrainError> {
        let mut other_sets = Vec::new();
        for other in BuiltinDataset::ALL
            .into_iter()
            .filter(|&other| other != dataset)
        {
            other_sets.push((other, held_out_floats(other, size, count)?));
        }
        Ok(Self {
            size,
            in_distribution: held_out_floats(dataset, size, count)?,
            other_sets,
        })
    }

    /// At most `count` images of `held_out`, spread evenly over it (images of a person's own
    /// set), as the in-distribution images, and as many of each built-in set as the other sets.
    pub fn from_images(held_out: &ImageSet, count: usize) -> Result<Self, TrainError> {
        let size = held_out.size();
        // Spread over the set: uploads come folder by folder, so the first images are one class.
        let kept_count = held_out.len().min(count);
        let kept: Vec<usize> = (0..kept_count)
            .map(|i| i * held_out.len() / kept_count)
            .collect();
        if kept.len() < 2 {
            return Err(TrainError::Dataset(format!(
                "anomaly detection needs at least 2 held-out images; {} are held out",
                kept.len()
            )));
        }
        let mut other_sets = Vec::new();
        for dataset in BuiltinDataset::ALL {
            other_sets.push((dataset, held_out_floats(dataset, size, kept.len())?));
        }
        Ok(Self {
            size,
            in_distribution: held_out.to_nchw_floats(&kept),
            other_sets,
        })
    }

    /// Images per set.
    pub fn images_per_set(&self) -> usize {
        self.in_distribution.len() / (3 * self.size * self.size)
    }

    /// D's AUROC on every set; `seen` are the NDA run's negative kinds.
    pub async fn evaluate(
        &self,
        trainer: &GanTrainer,
        seen: &[NegativeKind],
        device: &Device,
    ) -> Result<AnomalyReport, TrainError> {
        self.evaluate_with(
            async |images: &Tensor<4>| discriminator_scores(trainer, images, device).await,
            seen,
            device,
        )
        .await
    }

    /// The AUROC on every set of any score (higher: more in-distribution).
    pub async fn evaluate_with(
        &self,
        score: impl AsyncFn(&Tensor<4>) -> Result<Vec<f32>, TrainError>,
        seen: &[NegativeKind],
        device: &Device,
    ) -> Result<AnomalyReport, TrainError> {
        let in_images = upload(self.in_distribution.clone(), self.size, device);
        let in_scores = score(&in_images).await?;
        let mut sets = Vec::new();
        for (set, images) in self.out_of_distribution(&in_images, seen)? {
            let scores = score(&images).await?;
            let value = auroc(&in_scores, &scores).map_err(eval_error)?;
            let standard_error = hanley_mcneil_standard_error(value, in_scores.len(), scores.len())
                .map_err(eval_error)?;
            sets.push(SetAuroc {
                set,
                auroc: value,
                standard_error,
                scores,
            });
        }
        Ok(AnomalyReport { in_scores, sets })
    }

    /// Every out-of-distribution set with its images, drawn from fixed seeds.
    fn out_of_distribution(
        &self,
        in_images: &Tensor<4>,
        seen: &[NegativeKind],
    ) -> Result<Vec<(OutOfDistribution, Tensor<4>)>, TrainError> {
        let device = in_images.device();
        let mut sets = Vec::new();
        for (dataset, images) in &self.other_sets {
            let images = upload(images.clone(), self.size, &device);
            sets.push((OutOfDistribution::OtherSet(*dataset), images));
        }
        for (index, corruption) in Corruption::ALL.into_iter().enumerate() {
            for severity in SEVERITIES {
                let mut rng = stream_rng(
                    EVALUATOR_SEED + (index * 8 + severity) as u64,
                    RngStream::Evaluation,
                );
                let values = corruption.apply(&self.in_distribution, self.size, severity, &mut rng);
                let images = upload(values, self.size, &device);
                sets.push((OutOfDistribution::Corrupted(corruption, severity), images));
            }
        }
        for (index, kind) in NegativeKind::ALL.into_iter().enumerate() {
            let mut rng = stream_rng(EVALUATOR_SEED + 100 + index as u64, RngStream::Evaluation);
            let augmentation = NegativeAugmentation::default_for(kind);
            let parts = chunks(in_images)
                .map(|chunk| augmentation.apply(chunk, &mut rng))
                .collect::<Result<Vec<_>, _>>()?;
            let negative = OutOfDistribution::Negative {
                kind,
                seen: seen.contains(&kind),
            };
            sets.push((negative, Tensor::cat(parts, 0)));
        }
        Ok(sets)
    }
}

/// `count` held-out anomaly images of `dataset` at `size`, as `[n, 3, S, S]` host floats.
fn held_out_floats(
    dataset: BuiltinDataset,
    size: usize,
    count: usize,
) -> Result<Vec<f32>, TrainError> {
    let source = HeldOutSource {
        dataset,
        size,
        purpose: HeldOut::Anomaly,
        seed: EVALUATOR_SEED,
    };
    let set = source.images(0, count)?;
    Ok(set.to_nchw_floats(&(0..set.len()).collect::<Vec<_>>()))
}

fn eval_error(error: crate::eval::EvalError) -> TrainError {
    TrainError::Readback(error.to_string())
}
