//! Tests of the Video panel's view-model.

use super::*;
use crate::augment::GallerySettings;
use crate::augment::video::TemporalNegative;
use crate::model::ModelPreset;
use crate::train::video::{VideoConfig, VideoEvaluation, VideoPoint};
use crate::ui::device_speed::SpeedSource;
use crate::ui::form_parse::SettingsForm;
use crate::ui::video::training_form::VideoField;
use nda_protocol::session_messages::{RunInfo, RunProgress};
use nda_protocol::video::messages::VideoEvaluated;

fn status(phase: TrainingPhase) -> VideoStatus {
    let config = VideoConfig::default();
    VideoStatus {
        phase,
        runs: vec![
            RunInfo {
                label: "NDA".into(),
                config: config.clone(),
            },
            RunInfo {
                label: "Baseline".into(),
                config: config.baseline(),
            },
        ],
        total_steps: 200,
        problem: None,
        can_continue_on_cpu_from: None,
        results_unavailable_because: None,
    }
}

fn point(step: usize) -> VideoPoint {
    VideoPoint {
        step,
        loss: 4.0,
        positive_similarity: 0.5,
        negative_similarity: 0.1,
        nda_similarity: Some(0.2),
        prediction_accuracy: 0.3,
    }
}

#[test]
fn start_sends_the_settings_and_refuses_what_cannot_fit() {
    let mut state = VideoTrainingState::default();
    let command = state.start(true, Some(BackendKind::Cpu)).expect("fits");
    let Command::Video(VideoCommand::Start { experiment, .. }) = command else {
        panic!("a video start");
    };
    assert!(experiment.compare_with_baseline);
    assert_eq!(experiment.steps, 300);
    assert!(state.awaiting);
    let mut large = VideoTrainingState::default();
    large.experiment.config.preset = ModelPreset::Medium;
    large.experiment.config.batch_size = 256;
    large.experiment.config.nda_views = 4;
    assert!(large.start(false, Some(BackendKind::Cpu)).is_none());
    let error = large.error.clone().expect("the reason");
    assert!(
        error.contains("batch 256") && error.contains("GB"),
        "{error}"
    );
    assert!(
        large
            .memory_text(Some(BackendKind::Cpu))
            .contains("does not fit")
    );
    assert!(
        state
            .memory_text(Some(BackendKind::Cpu))
            .ends_with("it fits.")
    );
}

#[test]
fn events_build_the_runs_their_points_and_evaluations() {
    let mut state = VideoTrainingState::default();
    state.apply(&Event::Video(VideoEvent::Status(Some(status(
        TrainingPhase::Running,
    )))));
    assert_eq!(state.runs.len(), 2);
    assert!(state.can_step());
    for step in [1, 2, 2] {
        state.apply(&Event::Video(VideoEvent::Progress(RunProgress {
            run: 1,
            point: point(step),
            training_millis: 1_000.0,
        })));
    }
    assert_eq!(
        state.runs[1].points.len(),
        2,
        "a repeated step replaces its point"
    );
    let evaluation = VideoEvaluation {
        step: 2,
        motion_knn: 0.4,
        motion_linear: 0.5,
        appearance_knn: 0.2,
        appearance_linear: 0.2,
        anomaly_auroc: Vec::new(),
    };
    state.apply(&Event::Video(VideoEvent::Evaluated(VideoEvaluated {
        run: 0,
        evaluation: evaluation.clone(),
    })));
    assert_eq!(state.runs[0].evaluations, [evaluation]);
    state.apply(&Event::Video(VideoEvent::Status(Some(status(
        TrainingPhase::Finished,
    )))));
    assert!(!state.can_step());
    assert_eq!(
        state.runs[0].evaluations.len(),
        1,
        "the same runs keep their history"
    );
    state.apply(&Event::Video(VideoEvent::Status(None)));
    assert!(state.runs.is_empty() && state.status.is_none());
}

#[test]
fn the_form_refuses_bad_values_and_keeps_the_old_ones() {
    let mut state = VideoTrainingState::default();
    let gallery = GallerySettings::default();
    state.edit(VideoField::Steps, "500", &gallery);
    assert_eq!(state.experiment.steps, 500);
    state.edit(VideoField::BatchSize, "1", &gallery);
    assert_eq!(state.experiment.config.batch_size, 16, "kept");
    assert!(state.form_error.is_some());
    state.edit(VideoField::Negative, "frozen", &gallery);
    assert_eq!(
        state.experiment.config.negatives,
        [(TemporalNegative::Frozen, 1.0)]
    );
    assert!(state.form_error.is_none());
}

#[test]
fn the_time_estimate_prices_both_runs_at_the_measured_rate() {
    let state = VideoTrainingState::default();
    assert!(state.time_text(None).contains("not measured"));
    let rate = DeviceRate {
        rate: 1e9,
        source: SpeedSource::Calibration,
    };
    let text = state.time_text(Some(rate));
    assert!(
        text.starts_with("About ") && text.contains("300 steps"),
        "{text}"
    );
}

#[test]
fn explain_waits_for_its_answer_which_a_reset_forgets() {
    use crate::train::video::ExplainedVideoStep;
    let mut state = VideoTrainingState::default();
    state.apply(&Event::Video(VideoEvent::Status(Some(status(
        TrainingPhase::Paused,
    )))));
    assert_eq!(
        state.walk.explain(),
        Command::Video(VideoCommand::Control(VideoControl::Explain))
    );
    // A refusal of the walk-through's request is shown in its section, not the panel's.
    state.apply(&Event::Failed {
        message: "this run has ended".into(),
    });
    assert_eq!(
        state.walk.explained.request.error.as_deref(),
        Some("this run has ended")
    );
    assert_eq!(state.error, None);
    let step = |label: &str| ExplainedVideoStep {
        label: label.into(),
        step: 1,
        temperature: 0.07,
        batch: 8,
        rows_per_clip: 4,
        negatives: Vec::new(),
        clips: Vec::new(),
        mean_loss: 2.0,
        loss: 2.0,
    };
    let _ = state.walk.explain();
    state.apply(&Event::Video(VideoEvent::Explained(vec![
        step("NDA"),
        step("Baseline"),
    ])));
    assert!(!state.walk.explained.request.awaiting);
    assert_eq!(state.walk.explained.labels(), ["NDA", "Baseline"]);
    assert_eq!(
        state.walk.shown_clip(),
        None,
        "no clip to show in an empty step"
    );
    state.apply(&Event::Video(VideoEvent::Status(None)));
    assert!(state.walk.explained.steps.is_empty());
}

#[test]
fn an_opened_run_file_sets_the_settings_and_fills_the_runs_history() {
    use nda_protocol::video::messages::VideoHistory;
    let mut state = VideoTrainingState::default();
    assert!(matches!(
        state.import(vec![1, 2, 3], None),
        Command::Video(VideoCommand::Import { .. })
    ));
    assert!(state.awaiting);
    let experiment = VideoExperiment {
        steps: 4,
        config: VideoConfig {
            seed: 9,
            ..VideoConfig::default()
        },
        ..VideoExperiment::default()
    };
    state.apply(&Event::Video(VideoEvent::Imported {
        experiment: experiment.clone(),
    }));
    assert_eq!(state.experiment, experiment);
    assert!(!state.awaiting);
    state.apply(&Event::Video(VideoEvent::Status(Some(status(
        TrainingPhase::Finished,
    )))));
    state.apply(&Event::Video(VideoEvent::History(VideoHistory {
        run: 1,
        points: vec![point(1), point(4)],
        evaluations: Vec::new(),
    })));
    assert_eq!(state.runs[1].points.len(), 2);
    assert!(state.runs[0].points.is_empty());
    // A refused file says why in the panel.
    let _ = state.import(Vec::new(), None);
    state.apply(&Event::Failed {
        message: "this run file cannot be opened: not a zip".into(),
    });
    assert_eq!(
        state.error.as_deref(),
        Some("this run file cannot be opened: not a zip")
    );
}

#[test]
fn a_session_stopped_by_a_gpu_fault_offers_to_continue_from_its_last_evaluation() {
    let mut state = VideoTrainingState::default();
    assert_eq!(state.can_continue_from(), None);
    let mut stopped = status(TrainingPhase::Stopped);
    stopped.can_continue_on_cpu_from = Some(100);
    state.apply(&Event::Video(VideoEvent::Status(Some(stopped))));
    assert_eq!(state.can_continue_from(), Some(100));
    assert_eq!(
        state.continue_on_current_backend(),
        Command::Video(VideoCommand::ContinueOnCurrentBackend)
    );
    assert!(state.awaiting);
}
