//! Integration: short CPU contrastive runs on a built-in set, through the same `ContrastiveRun`
//! the worker and the CLI drive.

use burn::tensor::Device;
use futures::executor::block_on;
use nda_core::data::{BuiltinDataset, BuiltinSpec, ImageSet, generate};
use nda_core::model::ModelPreset;
use nda_core::train::{ContrastiveConfig, ContrastivePoint, ContrastiveRun, Evaluation};

fn digits(count: usize) -> ImageSet {
    generate(&BuiltinSpec {
        dataset: BuiltinDataset::Digits,
        size: 32,
        count,
        seed: 1,
    })
    .expect("digits")
}

/// The default settings on the tiny encoder with a batch of 32 and a queue of 256.
fn config() -> ContrastiveConfig {
    ContrastiveConfig {
        preset: ModelPreset::Tiny,
        batch_size: 32,
        queue_size: 256,
        ..ContrastiveConfig::default()
    }
}

fn train(
    set: &ImageSet,
    config: ContrastiveConfig,
    steps: usize,
) -> (Evaluation, Evaluation, Vec<ContrastivePoint>) {
    let mut run = ContrastiveRun::new(config, set, &Device::flex().autodiff()).expect("valid");
    let before = block_on(run.evaluate()).expect("evaluates");
    let mut points = Vec::new();
    for _ in 0..steps {
        run.step().expect("steps");
        points.push(
            block_on(run.read_point())
                .expect("finite")
                .expect("a point"),
        );
    }
    let after = block_on(run.evaluate()).expect("evaluates");
    (before, after, points)
}

#[test]
fn a_short_cpu_run_lifts_knn_accuracy_well_above_chance_and_above_its_start() {
    let set = digits(600);
    let (before, after, points) = train(&set, config(), 200);
    let knn = |evaluation: &Evaluation| evaluation.knn_accuracy.expect("labelled");
    let linear = |evaluation: &Evaluation| evaluation.linear_accuracy.expect("labelled");
    println!(
        "k-NN {:.3} -> {:.3}, linear probe {:.3} -> {:.3}, loss {:.3} -> {:.3}",
        knn(&before),
        knn(&after),
        linear(&before),
        linear(&after),
        points[0].loss,
        points[points.len() - 1].loss
    );
    // Ten classes: chance is 0.1.
    assert!(
        knn(&after) >= 0.3,
        "k-NN {:.3} is not well above chance",
        knn(&after)
    );
    assert!(
        knn(&after) >= knn(&before) + 0.05,
        "training lifted k-NN only from {:.3} to {:.3}",
        knn(&before),
        knn(&after)
    );
    assert!(linear(&after) > linear(&before));
}

#[test]
fn the_same_seed_gives_the_same_numbers_and_another_seed_others() {
    let set = digits(200);
    let small = ContrastiveConfig {
        batch_size: 16,
        queue_size: 64,
        ..config()
    };
    let (_, first_evaluation, first) = train(&set, small.clone(), 3);
    let (_, second_evaluation, second) = train(&set, small.clone(), 3);
    assert_eq!(first, second);
    assert_eq!(first_evaluation, second_evaluation);
    let (_, _, other) = train(&set, ContrastiveConfig { seed: 3, ..small }, 3);
    assert_ne!(first, other);
}
