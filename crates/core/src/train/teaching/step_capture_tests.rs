//! The walk-through's numbers are the run's own: an explained iteration trains exactly as a plain
//! one, its terms are the formula's, and the chart point and histogram afterwards show this step.

use burn::tensor::Device;
use futures::executor::block_on;

use crate::augment::{NegativeAugmentation, StitchConfig};
use crate::data::{BuiltinDataset, BuiltinSpec, generate};
use crate::model::ModelPreset;
use crate::train::teaching::Capture;
use crate::train::{GanConfig, GanRun, HISTOGRAM_BINS, ScoreHistogram};

fn config(negatives: Vec<(NegativeAugmentation, f64)>) -> GanConfig {
    GanConfig {
        preset: ModelPreset::Tiny,
        latent_dim: 16,
        batch_size: 8,
        n_dis: 2,
        negatives,
        ..GanConfig::default()
    }
}

#[test]
fn an_explained_iteration_is_the_runs_own_iteration() {
    let set = generate(&BuiltinSpec {
        dataset: BuiltinDataset::Faces,
        size: 32,
        count: 32,
        seed: 1,
    })
    .expect("faces");
    let device = Device::flex().autodiff();
    let stitching = vec![(NegativeAugmentation::Stitch(StitchConfig::default()), 1.0)];
    for negatives in [GanConfig::default().negatives, stitching] {
        let mut plain = GanRun::new(config(negatives.clone()), &set, &device).expect("run");
        let mut explained = GanRun::new(config(negatives), &set, &device).expect("run");
        plain.iteration().expect("iteration");
        // One D step first: the explained one is then the second and last of the iteration.
        explained.discriminator_step().expect("D");
        let capture = explained.explained_iteration().expect("explained");
        let step = block_on(capture.read("NDA")).expect("read");
        let plain_point = block_on(plain.read_point()).expect("point").expect("some");
        let point = block_on(explained.read_point())
            .expect("point")
            .expect("some");
        assert_eq!(
            point, plain_point,
            "the walk-through changes nothing in training"
        );
        assert_eq!(step.iteration, 1);
        assert_eq!(step.loss.total, point.d_loss);
        let recomputed = step.recomputed();
        for (host, device) in [
            (recomputed.real, step.loss.real),
            (recomputed.fake, step.loss.fake),
            (recomputed.negative, step.loss.negative),
            (recomputed.total, step.loss.total),
        ] {
            assert!((host - device).abs() < 1e-5, "{host} vs {device}");
        }
        assert!(
            (-step.generator.scores.iter().sum::<f32>() / 8.0 - step.generator.loss).abs() < 1e-5
        );
        let negative = step.negative.as_ref().expect("NDA images");
        for group in [&step.real, &step.fake, negative] {
            assert_eq!(group.images.len(), 8);
            assert_eq!(
                (group.scores.len(), group.before.len(), group.after.len()),
                (8, 8, 8)
            );
            assert_ne!(group.before, group.after, "the D step changed the scores");
        }
        let histogram = block_on(explained.read_histogram())
            .expect("read")
            .expect("some");
        assert_eq!(
            histogram,
            ScoreHistogram::new(
                &step.real.scores,
                &step.fake.scores,
                &negative.scores,
                HISTOGRAM_BINS
            )
        );
        let recipe = step.recipe.expect("recipe");
        match recipe.partners {
            Some(partners) => {
                assert_eq!(recipe.what, "Stitching");
                assert_eq!(partners.len(), 8);
                assert!(
                    partners
                        .iter()
                        .enumerate()
                        .all(|(image, &partner)| image != partner)
                );
            }
            None => assert_eq!(recipe.what, "Jigsaw (2×2 patches shuffled)"),
        }
    }
}

#[test]
fn an_explained_contrastive_step_is_the_runs_own_step() {
    use crate::train::{ContrastiveConfig, ContrastiveRun};
    let set = generate(&BuiltinSpec {
        dataset: BuiltinDataset::Digits,
        size: 32,
        count: 40,
        seed: 1,
    })
    .expect("digits");
    let device = Device::flex().autodiff();
    let config = ContrastiveConfig {
        preset: ModelPreset::Tiny,
        batch_size: 10,
        queue_size: 20,
        nda_views: 2,
        ..ContrastiveConfig::default()
    };
    let mut plain = ContrastiveRun::new(config.clone(), &set, &device).expect("run");
    let mut explained = ContrastiveRun::new(config, &set, &device).expect("run");
    plain.step().expect("step");
    let step = block_on(explained.explained_step().expect("step").read("NDA")).expect("read");
    let plain_point = block_on(plain.read_point()).expect("point").expect("some");
    let point = block_on(explained.read_point())
        .expect("point")
        .expect("some");
    assert_eq!(
        point, plain_point,
        "the walk-through changes nothing in training"
    );
    assert_eq!(step.loss, point.loss);
    assert!(
        (step.mean_loss - f64::from(step.loss)).abs() < 1e-4,
        "{step:?}"
    );
    assert_eq!((step.step, step.batch, step.queue_size), (1, 10, 20));
    assert_eq!(step.queries.len(), 8);
    for query in &step.queries {
        assert_eq!(query.nda.len(), 2);
        assert_eq!(query.nda_similarities.len(), 2);
        assert_eq!(query.nearest_queue.len(), 5);
        assert!(
            query
                .nearest_queue
                .windows(2)
                .all(|pair| pair[0] >= pair[1])
        );
        let all = std::iter::once(query.positive_similarity)
            .chain(query.nda_similarities.iter().copied())
            .chain(query.nearest_queue.iter().copied());
        for similarity in all {
            assert!((-1.001..=1.001).contains(&similarity), "{similarity}");
        }
        // The plugged-in formula gives the term.
        let t = step.temperature;
        let positive = (f64::from(query.positive_similarity) / t).exp();
        let nda: f64 = query
            .nda_similarities
            .iter()
            .map(|&s| (f64::from(s) / t).exp())
            .sum();
        let term = -(positive / (positive + query.queue_sum + nda)).ln();
        assert!((term - query.loss).abs() < 1e-3, "{term} vs {}", query.loss);
    }
}
