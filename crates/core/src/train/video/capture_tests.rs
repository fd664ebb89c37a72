//! "Explain one step" of the video task: the explained step is the step the run takes anyway,
//! and what it shows is what the loss saw.

use burn::tensor::Device;
use futures::executor::block_on;

use super::trainer::VideoTrainer;
use crate::augment::video::TemporalNegative;
use crate::data::MOSAIC_GAP;
use crate::data::video::{ClipSet, ClipSpec, generate_clips};
use crate::train::teaching::Capture;
use crate::train::video::{CLIPS_SHOWN, ExplainedVideoStep, VideoConfig, read_video_weights};

fn clips() -> ClipSet {
    generate_clips(&ClipSpec {
        count: 32,
        ..ClipSpec::default()
    })
    .expect("clips")
}

fn config(nda_views: usize) -> VideoConfig {
    VideoConfig {
        batch_size: 8,
        embedding_dim: 32,
        nda_views,
        negatives: vec![(TemporalNegative::FrameShuffle, 1.0)],
        ..VideoConfig::default()
    }
}

/// Trains 3 steps, explaining the one numbered `explain` (1-based) if any; returns the losses,
/// the explained step and the final weights.
fn train(
    config: VideoConfig,
    explain: Option<usize>,
) -> (Vec<f32>, Option<ExplainedVideoStep>, Vec<Vec<f32>>) {
    let device = Device::flex().autodiff();
    let clips = clips();
    let mut trainer = VideoTrainer::new(config, &device).expect("trainer");
    let mut explained = None;
    let mut losses = Vec::new();
    for step in 1..=3 {
        let indices: Vec<usize> = (0..8).map(|i| (step * 8 + i) % clips.len()).collect();
        let stats = if explain == Some(step) {
            let (stats, capture) = trainer
                .explained_step(&clips, &indices, &device)
                .expect("step");
            explained = Some(block_on(capture.read("NDA")).expect("read"));
            stats
        } else {
            trainer.step(&clips, &indices, &device).expect("step")
        };
        let loss = stats.loss.into_data().try_to_vec::<f32>().expect("f32")[0];
        losses.push(loss);
    }
    let weights = block_on(read_video_weights(&trainer))
        .expect("weights")
        .tensors
        .into_iter()
        .map(|tensor| tensor.values)
        .collect();
    (losses, explained, weights)
}

#[test]
fn an_explained_step_changes_nothing_in_training() {
    for views in [0, 2] {
        let (plain_losses, _, plain_weights) = train(config(views), None);
        let (losses, explained, weights) = train(config(views), Some(2));
        assert_eq!(
            losses, plain_losses,
            "m = {views}: the same losses, step for step"
        );
        assert!(
            weights == plain_weights,
            "m = {views}: the same weights after"
        );
        let explained = explained.expect("explained");
        assert_eq!(explained.step, 2);
        assert_eq!(
            explained.loss, losses[1],
            "the explained loss is the step's"
        );
    }
}

#[test]
fn the_walk_through_recomputes_the_loss_and_shows_each_clip_beside_its_nda_clips() {
    let (_, explained, _) = train(config(2), Some(1));
    let explained = explained.expect("explained");
    assert!(
        (explained.mean_loss - f64::from(explained.loss)).abs() < 1e-4,
        "host {} vs device {}",
        explained.mean_loss,
        explained.loss
    );
    assert_eq!(explained.clips.len(), CLIPS_SHOWN);
    assert_eq!(explained.negatives.len(), 1);
    assert!(
        explained.negatives[0].0.contains("shuffle"),
        "{:?}",
        explained.negatives
    );
    let spec = ClipSpec::default();
    let size = spec.size;
    for clip in &explained.clips {
        assert_eq!(clip.nda.len(), 2);
        assert_eq!(clip.numbers.nda.len(), 2);
        assert_eq!(
            clip.frames.width,
            spec.frames * (size + MOSAIC_GAP) - MOSAIC_GAP
        );
        // A shuffled clip holds the same frames in another order.
        let real = frames_of(&clip.frames, spec.frames, size);
        for nda in &clip.nda {
            let shuffled = frames_of(nda, spec.frames, size);
            assert_ne!(shuffled, real, "never the identity");
            let (mut sorted_real, mut sorted_nda) = (real.clone(), shuffled);
            sorted_real.sort();
            sorted_nda.sort();
            assert_eq!(sorted_nda, sorted_real, "the same frames");
        }
    }
    let (_, baseline, _) = train(config(0), Some(1));
    let baseline = baseline.expect("explained");
    assert!(baseline.negatives.is_empty());
    assert!(baseline.clips.iter().all(|clip| clip.nda.is_empty()));
}

/// Each frame's pixels, cut from a strip of `frames` frames of side `size`.
fn frames_of(strip: &crate::data::RgbaMosaic, frames: usize, size: usize) -> Vec<Vec<u8>> {
    (0..frames)
        .map(|frame| {
            let left = frame * (size + MOSAIC_GAP);
            (0..size)
                .flat_map(|y| {
                    let start = (y * strip.width + left) * 4;
                    strip.rgba[start..start + size * 4].to_vec()
                })
                .collect()
        })
        .collect()
}
