//! Tests of the MoCo + NDA trainer.

use super::*;
use crate::model::ModelPreset;
use burn::tensor::Distribution;

fn trainer(nda_views: usize) -> ContrastiveTrainer {
    let config = ContrastiveConfig {
        preset: ModelPreset::Tiny,
        batch_size: 4,
        queue_size: 8,
        nda_views,
        ..ContrastiveConfig::default()
    };
    ContrastiveTrainer::new(config, &Device::flex().autodiff()).expect("valid")
}

fn stem(encoder: &Encoder) -> Vec<f32> {
    encoder
        .stem
        .weight
        .val()
        .into_data()
        .try_to_vec::<f32>()
        .expect("floats")
}

fn images() -> Tensor<4> {
    Tensor::<4>::random(
        [4, 3, 32, 32],
        Distribution::Uniform(-1.0, 1.0),
        &Device::flex().autodiff(),
    )
}

#[test]
fn the_key_encoder_follows_the_query_encoder_by_momentum_before_each_step() {
    let mut trainer = trainer(2);
    let momentum = trainer.config().momentum as f32;
    assert_eq!(
        stem(&trainer.key.model),
        stem(&trainer.query),
        "keys start as a copy"
    );
    trainer.step(images()).expect("step");
    // The update before step 1 blends two equal encoders: still the initial weights.
    let key_after_first = stem(&trainer.key.model);
    let query_after_first = stem(&trainer.query);
    assert_ne!(
        key_after_first, query_after_first,
        "the query encoder trained"
    );
    trainer.step(images()).expect("step");
    let expected: Vec<f32> = key_after_first
        .iter()
        .zip(&query_after_first)
        .map(|(key, query)| momentum * key + (1.0 - momentum) * query)
        .collect();
    for (got, want) in stem(&trainer.key.model).iter().zip(&expected) {
        assert!((got - want).abs() < 1e-6, "{got} vs {want}");
    }
}

#[test]
fn only_positive_keys_enter_the_queue_and_nda_views_add_a_similarity() {
    let mut with_nda = trainer(3);
    let stats = with_nda.step(images()).expect("step");
    assert_eq!(
        with_nda.queue.pointer(),
        4,
        "one batch of positive keys, not 4 x (1 + m)"
    );
    assert!(stats.nda_similarity.is_some());
    let mut baseline = trainer(0);
    let stats = baseline.step(images()).expect("step");
    assert_eq!(baseline.queue.pointer(), 4);
    assert!(stats.nda_similarity.is_none());
    let values: Vec<f32> = stats
        .named()
        .into_iter()
        .map(|(_, tensor)| tensor.into_scalar::<f32>())
        .collect();
    assert!(values.iter().all(|value| value.is_finite()));
}

#[test]
fn a_baseline_and_an_nda_run_of_one_seed_start_from_the_same_encoder_and_queue() {
    let nda = trainer(2);
    let baseline = trainer(0);
    assert_eq!(stem(&nda.query), stem(&baseline.query));
    let keys = |trainer: &ContrastiveTrainer| {
        trainer
            .queue
            .keys()
            .into_data()
            .try_to_vec::<f32>()
            .expect("floats")
    };
    assert_eq!(keys(&nda), keys(&baseline));
}

#[test]
fn a_device_without_autodiff_is_refused() {
    let refused = ContrastiveTrainer::new(ContrastiveConfig::default(), &Device::flex());
    assert!(matches!(refused, Err(TrainError::NeedsAutodiff)));
}
