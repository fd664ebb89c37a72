//! The evaluation of a GAN trained on a person's images: sample quality in the features of the
//! encoder trained without NDA on them (`kid`, `fd`, ...) and of its untrained twin (`kid_untrained`,
//! ...), against the images themselves; anomaly detection by D with the images as the
//! in-distribution set and the built-in sets, corruptions and NDA kinds as the others; with labels,
//! a conditional generator's class accuracy by a linear probe on the trained encoder.

use burn::tensor::Device;

use super::anomaly::AnomalyBenchmark;
use super::anomaly_report::seen_kinds;
use super::encoder_anomaly::encoder_features;
use super::evaluators::EVALUATOR_SEED;
use super::held_out_images::all_images;
use super::inference::generate;
use super::report::{MetricRow, UNTRAINED_SUFFIX};
use super::sample_quality::{QualityReference, class_accuracy, class_diversity, feature_quality};
use super::settings::EvaluationSettings;
use super::suite::{GanEvaluation, anomaly_rows};
use super::upload_evaluators::UploadEvaluators;
use crate::augment::NegativeKind;
use crate::data::ImageSet;
use crate::eval::{LinearProbe, ProbeSettings};
use crate::seeding::{RngStream, stream_rng};
use crate::train::gan::sampling::noise_grid;
use crate::train::{GanConfig, GanTrainer, TrainError};

/// The prepared evaluation of an experiment on a person's images.
#[derive(Clone)]
pub struct UploadSuite {
    /// The encoders.
    pub evaluators: UploadEvaluators,
    trained: QualityReference,
    untrained: QualityReference,
    anomaly: AnomalyBenchmark,
    seen: Vec<NegativeKind>,
    probe: Option<ClassProbe>,
}

impl UploadSuite {
    /// Prepares the evaluation of an experiment whose NDA run is `nda`: at most
    /// `settings.num_samples` of the images are the real side.
    pub async fn prepare(
        evaluators: UploadEvaluators,
        settings: &EvaluationSettings,
        nda: &GanConfig,
        device: &Device,
    ) -> Result<Self, TrainError> {
        settings.validate()?;
        let images = &evaluators.images;
        let count = images.len().min(settings.num_samples);
        let indices: Vec<usize> = (0..count).map(|i| i * images.len() / count).collect();
        let real = all_images(&images.subset(&indices), device);
        let trained =
            QualityReference::from_raw(encoder_features(&evaluators.trained, &real).await?)?;
        let untrained =
            QualityReference::from_raw(encoder_features(&evaluators.untrained, &real).await?)?;
        let anomaly = AnomalyBenchmark::from_images(images, settings.anomaly_images)?;
        let probe = class_probe(&evaluators, device).await?;
        Ok(Self {
            seen: seen_kinds(&nda.negatives),
            evaluators,
            trained,
            untrained,
            anomaly,
            probe,
        })
    }

    /// What the class accuracy rests on, in a sentence (empty without labels).
    pub fn note(&self) -> String {
        self.probe.as_ref().map_or_else(String::new, |probe| {
            format!(
                " Class accuracy comes from a linear probe on the trained encoder's features, \
                 right {:.1} % of the time on a held-out fifth of your labelled images.",
                probe.accuracy * 100.0
            )
        })
    }

    /// Real images per sample-quality metric (and samples drawn).
    pub fn num_samples(&self) -> usize {
        self.trained.features.len()
    }

    /// Images per anomaly set.
    pub fn anomaly_images(&self) -> usize {
        self.anomaly.images_per_set()
    }

    /// Sample quality in both feature spaces and anomaly detection by D, at `iteration`.
    pub async fn evaluate_gan(
        &self,
        trainer: &GanTrainer,
        iteration: usize,
        device: &Device,
    ) -> Result<GanEvaluation, TrainError> {
        let config = trainer.config();
        let mut rng = stream_rng(config.seed, RngStream::Evaluation);
        let plan = noise_grid(
            &mut rng,
            self.num_samples(),
            config.latent_dim,
            config.num_classes,
        );
        let samples = generate(trainer, &plan, device);
        let mut rows = feature_quality(
            &self.trained,
            encoder_features(&self.evaluators.trained, &samples).await?,
            iteration,
            "",
        )?;
        rows.extend(feature_quality(
            &self.untrained,
            encoder_features(&self.evaluators.untrained, &samples).await?,
            iteration,
            UNTRAINED_SUFFIX,
        )?);
        if let Some(probe) = &self.probe {
            // The probe's classes of the samples: their spread shows a collapse, and for a
            // conditional generator of the same classes they give its class accuracy.
            let features = encoder_features(&self.evaluators.trained, &samples).await?;
            let one_hot: Vec<Vec<f32>> = probe
                .probe
                .predict(&features)
                .into_iter()
                .map(|class| {
                    (0..probe.classes)
                        .map(|k| if k == class as usize { 1.0 } else { 0.0 })
                        .collect()
                })
                .collect();
            let row = |(metric, value): (String, f64)| MetricRow {
                iteration,
                metric,
                value,
                sd: None,
            };
            rows.push(row(("diversity".to_string(), class_diversity(&one_hot))));
            if let Some(labels) = plan
                .labels
                .as_ref()
                .filter(|_| config.num_classes == Some(probe.classes))
            {
                rows.extend(class_accuracy(&one_hot, labels).into_iter().map(row));
            }
        }
        let anomaly = self.anomaly.evaluate(trainer, &self.seen, device).await?;
        rows.extend(anomaly_rows(&anomaly, iteration));
        Ok(GanEvaluation { rows, anomaly })
    }
}

/// A linear probe of a person's labels on the trained encoder's features, and its accuracy on
/// the images it did not fit.
#[derive(Clone)]
struct ClassProbe {
    probe: LinearProbe,
    classes: usize,
    accuracy: f64,
}

/// The probe of fully labelled images with two classes or more (`None` otherwise), fitted on four
/// fifths of them (a seeded, stratified split) and checked on the rest.
async fn class_probe(
    evaluators: &UploadEvaluators,
    device: &Device,
) -> Result<Option<ClassProbe>, TrainError> {
    let images = &evaluators.images;
    let classes = images.num_classes();
    if !images.is_fully_labelled() || classes < 2 {
        return Ok(None);
    }
    let (fit, check) = images
        .split(0.2, EVALUATOR_SEED)
        .map_err(|error| TrainError::Dataset(error.to_string()))?;
    if check.is_empty() {
        return Ok(None);
    }
    let labels = |set: &ImageSet| -> Vec<u32> {
        set.labels()
            .iter()
            .map(|label| label.unwrap_or(0))
            .collect()
    };
    let features = async |set: &ImageSet| {
        encoder_features(&evaluators.trained, &all_images(set, device)).await
    };
    let error = |error: crate::eval::EvalError| TrainError::Evaluation(error.to_string());
    let probe = LinearProbe::fit(
        &features(&fit).await?,
        &labels(&fit),
        classes,
        ProbeSettings::default(),
    )
    .map_err(error)?;
    let accuracy = probe
        .accuracy(&features(&check).await?, &labels(&check))
        .map_err(error)?;
    Ok(Some(ClassProbe {
        probe,
        classes,
        accuracy,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{BuiltinDataset, BuiltinSpec, generate};
    use crate::model::ModelPreset;
    use crate::train::evaluation::{MIN_UPLOAD_IMAGES, UploadEvaluatorTrainer};
    use futures::executor::block_on;

    #[test]
    fn a_person_s_images_are_judged_in_a_trained_and_an_untrained_encoder_s_features() {
        let autodiff = Device::flex().autodiff();
        let images = generate(&BuiltinSpec {
            dataset: BuiltinDataset::Shapes,
            size: 32,
            count: 40,
            seed: 5,
        })
        .expect("shapes");
        let mut trainer = UploadEvaluatorTrainer::new(&images, 2, &autodiff).expect("valid");
        while !trainer.is_done() {
            trainer.step().expect("step");
            block_on(trainer.settle()).expect("finite");
        }
        let evaluators = trainer.finish(&autodiff).expect("trained");
        assert!(evaluators.describe().contains("your 40 images at 32 px"));
        let gan = GanConfig {
            preset: ModelPreset::Tiny,
            latent_dim: 8,
            num_classes: Some(images.num_classes()),
            ..GanConfig::default()
        };
        let settings = EvaluationSettings {
            num_samples: 30,
            anomaly_images: 20,
            ..EvaluationSettings::default()
        };
        let suite = block_on(UploadSuite::prepare(evaluators, &settings, &gan, &autodiff))
            .expect("prepared");
        assert_eq!((suite.num_samples(), suite.anomaly_images()), (30, 20));
        assert!(
            suite.note().contains("linear probe"),
            "the shapes are labelled"
        );
        let generator = GanTrainer::new(gan, &autodiff).expect("gan");
        let evaluation =
            block_on(suite.evaluate_gan(&generator, 0, &Device::flex())).expect("evaluated");
        let value = |metric: &str| {
            evaluation
                .rows
                .iter()
                .find(|row| row.metric == metric)
                .map(|row| row.value)
        };
        for metric in [
            "kid",
            "fd",
            "coverage",
            "kid_untrained",
            "fd_untrained",
            "auroc",
        ] {
            assert!(value(metric).is_some_and(f64::is_finite), "{metric}");
        }
        for set in ["digits", "shapes", "faces"] {
            assert!(value(&format!("auroc:{set}")).is_some(), "{set}");
        }
        assert_eq!(value("structure"), None, "no detector for uploads");

        let few = images.subset(&(0..MIN_UPLOAD_IMAGES - 1).collect::<Vec<_>>());
        let refused = UploadEvaluatorTrainer::new(&few, 2, &autodiff).err();
        assert!(refused.is_some_and(|error| error.to_string().contains("at least 20")));
    }
}
