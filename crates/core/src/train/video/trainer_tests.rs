use super::*;
use crate::data::video::{ClipSpec, generate_clips};
use crate::train::gan::stats::read_floats;
use crate::train::video::metrics::VideoPoint;

fn clips() -> ClipSet {
    generate_clips(&ClipSpec {
        count: 32,
        ..ClipSpec::default()
    })
    .expect("clips")
}

fn config() -> VideoConfig {
    VideoConfig {
        batch_size: 8,
        embedding_dim: 32,
        ..VideoConfig::default()
    }
}

fn point(stats: &VideoStats, step: usize) -> VideoPoint {
    let values: Vec<(&'static str, f32)> = stats
        .named()
        .into_iter()
        .map(|(name, value)| {
            let value = futures::executor::block_on(read_floats(value)).expect("read")[0];
            (name, value)
        })
        .collect();
    VideoPoint::from_named(step, &values).expect("complete")
}

fn train(config: VideoConfig, steps: usize) -> (VideoTrainer, Vec<VideoPoint>) {
    let device = Device::flex().autodiff();
    let clips = clips();
    let mut trainer = VideoTrainer::new(config, &device).expect("trainer");
    let points = (0..steps)
        .map(|step| {
            let indices: Vec<usize> = (0..8).map(|i| (step * 8 + i) % clips.len()).collect();
            let stats = trainer.step(&clips, &indices, &device).expect("step");
            point(&stats, step + 1)
        })
        .collect();
    (trainer, points)
}

#[test]
fn the_same_seed_trains_the_same_run() {
    let (_, first) = train(config(), 3);
    let (_, second) = train(config(), 3);
    assert_eq!(first, second);
    let (_, other) = train(
        VideoConfig {
            seed: 9,
            ..config()
        },
        3,
    );
    assert_ne!(first[0].loss, other[0].loss);
}

#[test]
fn nda_and_baseline_start_from_the_same_weights_and_only_nda_reports_its_clips() {
    let device = Device::flex().autodiff();
    let clips = clips();
    let nda = VideoTrainer::new(config(), &device).expect("nda");
    let baseline = VideoTrainer::new(config().baseline(), &device).expect("baseline");
    let batch = clip_batch(&clips, &[0, 1, 2], &device);
    let floats =
        |tensor: Tensor<2>| futures::executor::block_on(read_floats(tensor)).expect("read");
    assert_eq!(
        floats(nda.clip_features(batch.clone())),
        floats(baseline.clip_features(batch))
    );
    let (_, with) = train(config(), 1);
    let (_, without) = train(config().baseline(), 1);
    assert!(with[0].nda_similarity.is_some());
    assert_eq!(without[0].nda_similarity, None);
    // The same predictions and targets, one more term in each row's denominator.
    assert!(with[0].loss > without[0].loss, "NDA terms add to the loss");
    assert!((0.0..=1.0).contains(&with[0].prediction_accuracy));
}

#[test]
fn the_loss_falls_and_predictions_find_their_blocks() {
    let (_, points) = train(config(), 30);
    let start = points[..3].iter().map(|p| p.loss).sum::<f32>() / 3.0;
    let end = points[27..].iter().map(|p| p.loss).sum::<f32>() / 3.0;
    assert!(end < start - 0.3, "loss {start} -> {end}");
    assert!(points[29].prediction_accuracy > points[0].prediction_accuracy);
}

#[test]
fn probes_and_scores_read_the_frozen_encoder_and_a_plain_device_is_refused() {
    let device = Device::flex().autodiff();
    let trainer = VideoTrainer::new(config(), &device).expect("trainer");
    let batch = clip_batch(&clips(), &[0, 1, 2, 3], &device);
    assert_eq!(trainer.clip_features(batch.clone()).dims(), [4, 64]);
    assert_eq!(trainer.still_features(batch.clone()).dims(), [4, 64]);
    let scores =
        futures::executor::block_on(read_floats(trainer.predictive_scores(batch))).expect("r");
    assert_eq!(scores.len(), 4);
    assert!(
        scores.iter().all(|s| (-1.0..=1.0).contains(s)),
        "{scores:?}"
    );
    assert!(matches!(
        VideoTrainer::new(config(), &Device::flex()),
        Err(TrainError::NeedsAutodiff)
    ));
}
