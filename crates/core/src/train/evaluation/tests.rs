//! Tests of the evaluation's plumbing on tiny budgets: reproducible evaluator training, the
//! evaluator file, detector batches, chunking and the structure and class-accuracy counts. The
//! metrics' behaviour on trained networks is tested in `crates/cli/tests/evaluation.rs`.

use burn::tensor::{Device, Distribution, Tensor};
use futures::executor::block_on;

use super::evaluators::EvaluatorBudget;
use super::held_out_images::{REAL_TARGET, real_and_negative};
use super::inference::{CHUNK, chunks};
use super::sample_quality::{class_accuracy, structure_scores};
use super::*;
use crate::augment::NegativeKind;
use crate::data::BuiltinDataset;
use crate::seeding::{RngStream, stream_rng};
use crate::train::host_weights::HostWeights;

const TINY: EvaluatorBudget = EvaluatorBudget {
    classifier_steps: 2,
    detector_steps: 2,
};

fn train(budget: EvaluatorBudget) -> Evaluators {
    let device = Device::flex().autodiff();
    let mut trainer =
        EvaluatorTrainer::new(BuiltinDataset::Digits, 32, budget, &device).expect("valid");
    assert_eq!(trainer.stage(), Some(EvaluatorStage::Classifier));
    while trainer.stage().is_some() {
        trainer.step().expect("step");
    }
    assert_eq!(trainer.steps_done(), trainer.total_steps());
    trainer.finish().expect("trained")
}

#[test]
fn evaluator_training_is_reproducible_to_the_bit_and_its_file_round_trips() {
    let first = block_on(train(TINY).to_safetensors()).expect("written");
    let second = block_on(train(TINY).to_safetensors()).expect("written");
    assert!(same_weights(&first, &second), "same seed, same weights");
    let device = Device::flex();
    let loaded = Evaluators::from_safetensors(&first, BuiltinDataset::Digits, 32, &device)
        .expect("reads back");
    let again = block_on(loaded.to_safetensors()).expect("written");
    assert!(same_weights(&again, &first));
    let wrong_size = Evaluators::from_safetensors(&first, BuiltinDataset::Digits, 64, &device);
    assert!(
        wrong_size.is_err(),
        "a 32 px evaluator does not load as a 64 px one"
    );
}

/// Whether two evaluator files hold the same tensors, bit for bit (the files' metadata order may
/// differ).
fn same_weights(first: &[u8], second: &[u8]) -> bool {
    let tensors = |bytes: &[u8]| {
        let mut tensors = HostWeights::from_safetensors(bytes).expect("reads").tensors;
        tensors.sort_by(|a, b| a.name.cmp(&b.name));
        tensors
            .into_iter()
            .map(|t| {
                (
                    t.name,
                    t.shape,
                    t.values.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
                )
            })
            .collect::<Vec<_>>()
    };
    let (a, b) = (tensors(first), tensors(second));
    let differing: Vec<&String> = a
        .iter()
        .zip(&b)
        .filter(|(x, y)| x != y)
        .map(|(x, _)| &x.0)
        .collect();
    assert!(differing.is_empty(), "differing tensors: {differing:?}");
    a.len() == b.len() && !a.is_empty()
}

#[test]
fn an_unfinished_or_empty_budget_is_refused() {
    let device = Device::flex().autodiff();
    let empty = EvaluatorBudget {
        classifier_steps: 0,
        detector_steps: 1,
    };
    assert!(EvaluatorTrainer::new(BuiltinDataset::Shapes, 32, empty, &device).is_err());
    let trainer = EvaluatorTrainer::new(BuiltinDataset::Shapes, 32, TINY, &device).expect("ok");
    assert!(trainer.finish().is_err(), "no step taken yet");
    let inference = Device::flex();
    assert!(EvaluatorTrainer::new(BuiltinDataset::Shapes, 32, TINY, &inference).is_err());
}

#[test]
fn detector_batches_are_half_real_and_hold_every_kind() {
    let device = Device::flex();
    let real = Tensor::<4>::random([64, 3, 8, 8], Distribution::Uniform(-1.0, 1.0), &device);
    let mut rng = stream_rng(1, RngStream::Evaluation);
    let (images, targets) = real_and_negative(real, &mut rng).expect("valid batch");
    assert_eq!(images.dims(), [64, 3, 8, 8]);
    assert_eq!(targets.iter().filter(|&&t| t == REAL_TARGET).count(), 32);
    for kind in 1..=NegativeKind::ALL.len() as i64 {
        let count = targets.iter().filter(|&&t| t == kind).count();
        assert!((6..=7).contains(&count), "kind {kind}: {count} images");
    }
    let small = Tensor::<4>::zeros([12, 3, 8, 8], &device);
    assert!(real_and_negative(small, &mut rng).is_err());
}

#[test]
fn chunks_cover_every_image_and_never_leave_one_alone() {
    let device = Device::flex();
    for count in [1, 5, CHUNK, CHUNK + 1, 2 * CHUNK + 2] {
        let images = Tensor::<4>::zeros([count, 3, 2, 2], &device);
        let sizes: Vec<usize> = chunks(&images).map(|chunk| chunk.dims()[0]).collect();
        assert_eq!(sizes.iter().sum::<usize>(), count);
        assert!(
            count == 1 || sizes.iter().all(|&size| size > 1),
            "{sizes:?}"
        );
    }
}

#[test]
fn structure_scores_count_images_called_broken_and_those_of_unseen_kinds() {
    let rows = vec![
        vec![0.9, 0.02, 0.02, 0.02, 0.02, 0.02],
        vec![0.1, 0.8, 0.02, 0.02, 0.02, 0.04],
        vec![0.2, 0.1, 0.6, 0.04, 0.03, 0.03],
        vec![0.5, 0.5, 0.0, 0.0, 0.0, 0.0],
    ];
    let (broken, unseen) = structure_scores(&rows, &[NegativeKind::Stitch]);
    assert_eq!(broken, 0.5, "two of four below one half");
    assert_eq!(unseen, 0.25, "one of them most like stitching");
}

#[test]
fn class_accuracy_counts_each_class() {
    let rows = vec![
        vec![0.9, 0.1],
        vec![0.3, 0.7],
        vec![0.6, 0.4],
        vec![0.2, 0.8],
    ];
    let accuracy = class_accuracy(&rows, &[0, 0, 1, 1]);
    assert_eq!(
        accuracy,
        vec![
            ("class_accuracy".to_string(), 0.5),
            ("class_accuracy:0".to_string(), 0.5),
            ("class_accuracy:1".to_string(), 0.5),
        ]
    );
}

#[test]
fn the_settings_standard_steps_are_the_standard_budget() {
    use crate::train::evaluation::settings::STANDARD_EVALUATOR_STEPS;
    assert_eq!(
        EvaluatorBudget::with_steps(STANDARD_EVALUATOR_STEPS),
        EvaluatorBudget::STANDARD
    );
}

#[test]
fn every_feature_space_has_its_width_and_the_penultimate_one_is_the_studies() {
    use super::feature_net::{FeatureNet, FeatureSpace};
    let device = Device::flex();
    let net = FeatureNet::init(32, 10, &device, &mut stream_rng(1, RngStream::Init)).expect("net");
    let images = Tensor::<4>::random([3, 3, 32, 32], Distribution::Default, &device);
    let width = |space| net.features_in(images.clone(), space).dims();
    assert_eq!(width(FeatureSpace::Penultimate), [3, 128]);
    assert_eq!(width(FeatureSpace::Trunk), [3, 32 + 64 + 128]);
    assert_eq!(width(FeatureSpace::Both), [3, 32 + 64 + 128 + 128]);
    let studies = net.features(images.clone()).into_data();
    let penultimate = net
        .features_in(images, FeatureSpace::Penultimate)
        .into_data();
    assert_eq!(studies, penultimate);
}
