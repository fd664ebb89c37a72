//! Anomaly detection with a contrastive encoder: the same benchmark as the discriminator's (the
//! other built-in sets, corruptions at severities 1 to 5, every NDA kind), scored by the frozen
//! query encoder's k-NN similarity to the run's training images ([`knn_similarity_scores`],
//! k = [`ANOMALY_NEIGHBOURS`]; higher: more in-distribution).
//!
//! On a built-in set the in-distribution images are fresh held-out images, as for a GAN. On a
//! person's own images they are the run's held-out split (never trained on), and the other sets
//! are all three built-in sets.

use burn::tensor::{Device, Tensor};

use super::anomaly::AnomalyBenchmark;
use super::anomaly_report::AnomalyReport;
use super::held_out_images::all_images;
use super::inference::chunks;
use crate::augment::NegativeKind;
use crate::data::BuiltinDataset;
use crate::eval::{ANOMALY_NEIGHBOURS, Features, knn_similarity_scores};
use crate::train::{ContrastiveRun, ContrastiveTrainer, TrainError, read_floats};

/// The anomaly benchmark of a contrastive run trained on `builtin` (or on a person's images when
/// `None`), with at most `count` in-distribution images.
pub fn encoder_benchmark(
    builtin: Option<BuiltinDataset>,
    run: &ContrastiveRun,
    count: usize,
) -> Result<AnomalyBenchmark, TrainError> {
    match builtin {
        Some(dataset) => AnomalyBenchmark::new(dataset, run.config().image_size, count),
        None => AnomalyBenchmark::from_images(&run.evaluation_set().held_out, count),
    }
}

/// The AUROC of every set of `benchmark` under `run`'s k-NN score; the bank is the run's
/// evaluation bank (its training images, at most 1,024). `seen` are the NDA run's kinds.
pub async fn encoder_anomaly(
    run: &ContrastiveRun,
    benchmark: &AnomalyBenchmark,
    seen: &[NegativeKind],
    device: &Device,
) -> Result<AnomalyReport, TrainError> {
    let trainer = run.trainer();
    let bank_images = all_images(&run.evaluation_set().bank, device);
    let bank = encoder_features(trainer, &bank_images).await?;
    benchmark
        .evaluate_with(
            async |images: &Tensor<4>| {
                let queries = encoder_features(trainer, images).await?;
                knn_similarity_scores(&bank, &queries, ANOMALY_NEIGHBOURS)
                    .map_err(|error| TrainError::Evaluation(error.to_string()))
            },
            seen,
            device,
        )
        .await
}

/// The frozen query encoder's pooled features of `images`, with one read-back.
pub(super) async fn encoder_features(
    trainer: &ContrastiveTrainer,
    images: &Tensor<4>,
) -> Result<Features, TrainError> {
    let rows: Vec<Tensor<2>> = chunks(images)
        .map(|chunk| trainer.features(chunk))
        .collect();
    let dim = trainer.config().encoder().feature_dim();
    let values = read_floats(Tensor::cat(rows, 0)).await?;
    if values.iter().any(|value| !value.is_finite()) {
        return Err(TrainError::NonFinite("an encoder feature"));
    }
    Features::new(values, dim).map_err(|error| TrainError::Evaluation(error.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{BuiltinSpec, generate};
    use crate::model::ModelPreset;
    use crate::train::ContrastiveConfig;
    use crate::train::evaluation::OutOfDistribution;
    use futures::executor::block_on;

    fn tiny_run(device: &Device) -> ContrastiveRun {
        let spec = BuiltinSpec {
            dataset: BuiltinDataset::Shapes,
            size: 32,
            count: 60,
            seed: 3,
        };
        let set = generate(&spec).expect("shapes");
        let config = ContrastiveConfig {
            preset: ModelPreset::Tiny,
            image_size: 32,
            batch_size: 8,
            queue_size: 16,
            ..ContrastiveConfig::default()
        };
        ContrastiveRun::new(config, &set, device).expect("run")
    }

    #[test]
    fn scores_every_set_of_a_built_in_benchmark_and_of_a_held_out_split() {
        let device = Device::flex().autodiff();
        let run = tiny_run(&device);
        let builtin = encoder_benchmark(Some(BuiltinDataset::Shapes), &run, 24).expect("builtin");
        let seen = [NegativeKind::Jigsaw];
        let report = block_on(encoder_anomaly(&run, &builtin, &seen, &device)).expect("report");
        assert_eq!(report.in_scores.len(), 24);
        // 2 other sets, 5 corruptions × 5 severities, 5 NDA kinds.
        assert_eq!(report.sets.len(), 2 + 25 + 5);
        for set in &report.sets {
            assert!(
                (0.0..=1.0).contains(&set.auroc),
                "{}: {}",
                set.set.name(),
                set.auroc
            );
            assert!(set.scores.iter().all(|score| score.abs() <= 1.0 + 1e-5));
        }
        let jigsaw = report
            .sets
            .iter()
            .find(|set| set.set.name() == "jigsaw")
            .expect("jigsaw");
        assert!(matches!(
            jigsaw.set,
            OutOfDistribution::Negative { seen: true, .. }
        ));

        let uploads = encoder_benchmark(None, &run, 1_000).expect("held-out split");
        assert_eq!(
            uploads.images_per_set(),
            run.evaluation_set().held_out.len()
        );
        let report = block_on(encoder_anomaly(&run, &uploads, &[], &device)).expect("report");
        let other_sets = report
            .sets
            .iter()
            .filter(|set| matches!(set.set, OutOfDistribution::OtherSet(_)))
            .count();
        assert_eq!(
            other_sets, 3,
            "a person's set is compared with every built-in set"
        );
    }
}
