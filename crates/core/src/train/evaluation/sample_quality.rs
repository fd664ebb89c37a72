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
use super::inference::{features_in, generate, probabilities};
use super::report::MetricRow;
use crate::augment::NegativeKind;
use crate::eval::{Features, KidSettings, PrdcSettings, frechet_distance, kid, prdc};
use crate::seeding::{RngStream, stream_rng};
use crate::train::gan::sampling::noise_grid;

pub use super::predicted_classes::{class_accuracy, class_diversity, most_likely};
pub use super::quality_reference::{FeatureScaling, QualityReference};
use crate::train::{GanTrainer, TrainError};

/// KID's subsets (torch-fidelity's 100). Each holds half of the smaller side, at most 1,000 rows
/// (torch-fidelity's size): a subset as large as the set is the whole set every time, and its
/// "± sd" is then always 0 (issue 28). Half-sets make the sd the spread of the estimate over
/// random halves, which is what a second, equally large sample would see, up to a factor √2.
const KID_SUBSETS: usize = 100;
/// The largest KID subset, torch-fidelity's default.
const KID_MAX_SUBSET: usize = 1_000;

/// The KID settings of a comparison of `real_rows` with `fake_rows` rows (see `KID_SUBSETS`).
pub fn kid_settings(real_rows: usize, fake_rows: usize) -> KidSettings {
    KidSettings {
        num_subsets: KID_SUBSETS,
        subset_size: (real_rows.min(fake_rows) / 2).clamp(2, KID_MAX_SUBSET),
        seed: EVALUATOR_SEED,
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
    let fake = features_in(&evaluators.classifier, &samples, reference.space()).await?;
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
    let predicted = probabilities(&evaluators.classifier, &samples).await?;
    rows.push(row("diversity", class_diversity(&predicted), None));
    if let Some(labels) = &plan.labels {
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
    let (real, fake) = reference.sides(fake);
    let real = &real;
    let eval_error = |error: crate::eval::EvalError| TrainError::Readback(error.to_string());
    let kid = kid(real, &fake, kid_settings(real.len(), fake.len())).map_err(eval_error)?;
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
        row("density_gap", (prdc.density - 1.0).abs(), None),
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

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::ChaCha8Rng;

    use crate::model::init::normal_values;

    /// `rows` rows of 16 standard-normal features and a 17th that is `last` in every row: a
    /// LeakyReLU unit that never fires on the real images.
    fn with_constant_last(rows: usize, last: f32, seed: u64) -> Features {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let normal = normal_values(rows * 16, 1.0, &mut rng);
        let values = normal
            .chunks_exact(16)
            .flat_map(|row| row.iter().copied().chain([last]))
            .collect();
        Features::new(values, 17).expect("finite")
    }

    fn kid_of(reference: &QualityReference, fake: Features) -> f64 {
        let rows = feature_quality(reference, fake, 0, "").expect("measured");
        rows.iter()
            .find(|row| row.metric == "kid")
            .expect("kid")
            .value
    }

    /// Issue 28: a feature constant on the real side and a little active on ordinary samples gave
    /// KID 10^10 when each dimension was divided by its own real spread. One scale for all
    /// dimensions keeps it of the order of the other dimensions' differences.
    #[test]
    fn a_feature_constant_on_the_real_side_does_not_blow_kid_up() {
        let real = with_constant_last(300, 0.0, 1);
        let ordinary = with_constant_last(300, 0.3, 2);
        let shifted: Features = {
            let mut far = with_constant_last(300, 0.0, 3);
            for value in far.values.iter_mut() {
                *value += 2.0;
            }
            far
        };
        let reference = QualityReference::from_raw(real.clone()).expect("spread");
        let ordinary_kid = kid_of(&reference, ordinary.clone());
        let shifted_kid = kid_of(&reference, shifted);
        assert!(
            ordinary_kid.is_finite() && ordinary_kid < 1.0,
            "{ordinary_kid}"
        );
        assert!(
            ordinary_kid < shifted_kid,
            "a small activation of one dead unit costs less than every feature moved: \
             {ordinary_kid} vs {shifted_kid}"
        );
        let per_dimension =
            QualityReference::scaled(real, FeatureScaling::PerDimension).expect("spread");
        assert!(
            kid_of(&per_dimension, ordinary) > 1e6,
            "the version 1 scaling explodes, as the issue saw"
        );
    }

    fn metric_of(reference: &QualityReference, fake: Features, metric: &str) -> f64 {
        let rows = feature_quality(reference, fake, 0, "").expect("measured");
        rows.iter()
            .find(|row| row.metric == metric)
            .expect("metric")
            .value
    }

    /// The pooled scaling divides a unit constant on the real side by its spread over both sides:
    /// ordinary samples that fire it a little stay of the order of every other difference (no
    /// KID or FD of 10^6), while a unit firing far from the real value still counts, boundedly.
    #[test]
    fn pooled_scaling_stays_bounded_where_a_feature_is_constant_on_the_real_side() {
        let real = with_constant_last(300, 0.0, 1);
        let pooled = QualityReference::scaled(real.clone(), FeatureScaling::Pooled).expect("ok");
        let ordinary = with_constant_last(300, 0.3, 2);
        let second_real = with_constant_last(300, 0.0, 5);
        for metric in ["kid", "fd"] {
            let same = metric_of(&pooled, second_real.clone(), metric);
            let fired = metric_of(&pooled, ordinary.clone(), metric);
            assert!(
                fired.is_finite() && same.is_finite(),
                "{metric}: {fired}, {same}"
            );
            assert!(
                fired > same,
                "{metric}: a unit fired is seen: {fired} vs {same}"
            );
            // The fired unit adds at most about its squared standardised difference (≤ 4) to
            // FD, and KID's cubic kernel about as much over d = 17 dimensions.
            assert!(fired < same + 5.0, "{metric}: bounded: {fired} vs {same}");
        }
    }

    /// Per-block scaling is isotropic within each block; one block is version 2's scaling.
    #[test]
    fn per_block_scaling_is_isotropic_within_a_block() {
        let real = with_constant_last(200, 0.0, 6);
        let fake = with_constant_last(200, 0.1, 7);
        let one_block =
            QualityReference::scaled_in_blocks(real.clone(), FeatureScaling::PerBlock, &[17])
                .expect("ok");
        let isotropic = QualityReference::from_raw(real.clone()).expect("ok");
        assert_eq!(
            metric_of(&one_block, fake.clone(), "fd"),
            metric_of(&isotropic, fake.clone(), "fd")
        );
        // A block of the one constant unit alone has no spread to scale by.
        assert!(
            QualityReference::scaled_in_blocks(real.clone(), FeatureScaling::PerBlock, &[16, 1])
                .is_err()
        );
        assert!(
            QualityReference::scaled_in_blocks(real, FeatureScaling::PerBlock, &[10, 5]).is_err(),
            "blocks must make the whole width"
        );
    }

    #[test]
    fn real_features_without_any_spread_are_refused() {
        let same = Features::new(vec![0.5; 40], 4).expect("finite");
        assert!(QualityReference::from_raw(same).is_err());
    }

    #[test]
    fn kid_subsets_are_half_sets_so_their_spread_is_not_zero() {
        assert_eq!(kid_settings(500, 500).subset_size, 250);
        assert_eq!(kid_settings(5_000, 4_000).subset_size, 1_000);
        let reference = QualityReference::from_raw(with_constant_last(200, 0.0, 4)).expect("ok");
        let rows = feature_quality(&reference, with_constant_last(200, 0.0, 5), 0, "").expect("ok");
        let kid = rows.iter().find(|row| row.metric == "kid").expect("kid");
        assert!(kid.sd.is_some_and(|sd| sd > 0.0), "{kid:?}");
    }

    #[test]
    fn diversity_is_one_for_even_classes_and_zero_for_a_collapse() {
        let row = |class: usize| -> Vec<f32> {
            (0..4)
                .map(|k| if k == class { 0.9 } else { 0.1 / 3.0 })
                .collect()
        };
        let even: Vec<Vec<f32>> = (0..40).map(|i| row(i % 4)).collect();
        let collapsed: Vec<Vec<f32>> = (0..40).map(|_| row(2)).collect();
        assert!((class_diversity(&even) - 1.0).abs() < 1e-12);
        assert_eq!(class_diversity(&collapsed), 0.0);
    }
}
