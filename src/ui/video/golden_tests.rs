//! The page's CPU video run and the native trainer must give the same numbers. This test trains
//! the run the Video panel's "NDA only" starts by default, cut to 3 steps evaluated at the end,
//! natively: its untrained evaluation, its three points and its final evaluation go to
//! `tests/fixtures/video-cpu-golden.json`, and the browser test (`tests/e2e/video.test.js`)
//! compares the page's numbers with the same file. Set `UPDATE_GOLDEN=1` to rewrite the file
//! after an intended change.

use burn::tensor::Device;
use futures::executor::block_on;
use serde::{Deserialize, Serialize};

use crate::augment::GallerySettings;
use crate::train::video::{VideoEvaluation, VideoPoint};
use crate::ui::form_parse::SettingsForm;
use crate::ui::gan::golden_tests::largest_relative;
use crate::ui::video::training_form::VideoField;
use crate::ui::video::training_state::VideoTrainingState;
use nda_core::train::video::{VideoData, VideoRun};

const GOLDEN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/video-cpu-golden.json"
);

/// What the page shows of the run: its evaluations (untrained, then at the end) and its points.
#[derive(Debug, Serialize, Deserialize)]
struct Golden {
    evaluations: Vec<VideoEvaluation>,
    points: Vec<VideoPoint>,
}

#[test]
fn the_default_page_video_run_matches_the_golden_numbers() {
    let mut state = VideoTrainingState::default();
    let gallery = GallerySettings::default();
    state.edit(VideoField::Steps, "3", &gallery);
    state.edit(VideoField::EvaluateEvery, "3", &gallery);
    let mut experiment = state.experiment.clone();
    experiment.compare_with_baseline = false;
    let data = VideoData::moving_shapes(&experiment.clips).expect("clips");
    let config = experiment.runs().remove(0).1;
    let mut run = VideoRun::new(
        config,
        data.clips,
        data.evaluation,
        &Device::flex().autodiff(),
    )
    .expect("valid");
    let untrained = block_on(run.evaluate()).expect("evaluation");
    let points: Vec<VideoPoint> = (0..experiment.steps)
        .map(|_| {
            run.step().expect("step");
            block_on(run.read_point()).expect("finite").expect("point")
        })
        .collect();
    let trained = block_on(run.evaluate()).expect("evaluation");
    let measured = Golden {
        evaluations: vec![untrained, trained],
        points,
    };
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        let json = serde_json::to_string_pretty(&measured).expect("json");
        std::fs::write(GOLDEN, json).expect("write golden");
    }
    let golden: Golden =
        serde_json::from_str(&std::fs::read_to_string(GOLDEN).expect("golden file"))
            .expect("golden JSON");
    assert_eq!(measured.points.len(), golden.points.len());
    for (point, expected) in measured.points.iter().zip(&golden.points) {
        // As the GAN's golden test: other vector widths round differently, and training
        // amplifies it, step by step.
        let tolerance = if point.step <= 1 { 1e-5 } else { 1e-3 };
        let largest = point_difference(point, expected);
        assert!(
            largest <= tolerance,
            "step {}: largest relative difference {largest:e} over {tolerance:e}\n{point:?}\n{expected:?}",
            point.step
        );
    }
    for (evaluation, expected) in measured.evaluations.iter().zip(&golden.evaluations) {
        // Accuracies are counts over the held-out clips: a rounding can move a tie by one clip.
        let largest = evaluation_difference(evaluation, expected);
        assert!(
            largest <= 0.01,
            "evaluation at step {}: differs by {largest}\n{evaluation:?}\n{expected:?}",
            evaluation.step
        );
    }
}

/// The largest `|a - b| / max(1, |b|)` over the values of two points; infinite when their step
/// or the presence of a value differ.
fn point_difference(point: &VideoPoint, expected: &VideoPoint) -> f64 {
    if point.step != expected.step {
        return f64::INFINITY;
    }
    let values = |p: &VideoPoint| {
        [
            Some(p.loss),
            Some(p.positive_similarity),
            Some(p.negative_similarity),
            p.nda_similarity,
            Some(p.prediction_accuracy),
        ]
    };
    largest_relative(values(point), values(expected))
}

/// The largest absolute difference of two evaluations' measures; infinite when their step or
/// anomaly kinds differ.
fn evaluation_difference(evaluation: &VideoEvaluation, expected: &VideoEvaluation) -> f64 {
    let kinds = |e: &VideoEvaluation| {
        e.anomaly_auroc
            .iter()
            .map(|(kind, _)| *kind)
            .collect::<Vec<_>>()
    };
    if evaluation.step != expected.step || kinds(evaluation) != kinds(expected) {
        return f64::INFINITY;
    }
    let values = |e: &VideoEvaluation| {
        let mut values = vec![
            e.motion_knn,
            e.motion_linear,
            e.appearance_knn,
            e.appearance_linear,
        ];
        values.extend(e.anomaly_auroc.iter().map(|(_, auroc)| *auroc));
        values
    };
    values(evaluation)
        .iter()
        .zip(values(expected))
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max)
}
