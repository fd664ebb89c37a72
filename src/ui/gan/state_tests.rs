//! Tests of the GAN panel's view-model.

use super::*;
use crate::augment::NegativeKind;
use crate::data::RgbaMosaic;
use crate::train::evaluation::EvaluationSettings;
use crate::train::{GanConfig, GanPoint};
use crate::ui::form_parse::SettingsForm;
use crate::ui::gan::form::GanField;
use crate::ui::task_panel::TaskPanel;
use crate::ui::test_support::assert_edit_refused;
use crate::ui::test_support::summary as dataset;
use crate::ui::timeline::TimelineView;
use nda_protocol::gan::messages::GanRunInfo;
use nda_protocol::gan::messages::{GanProgress, GanSnapshot};
use nda_protocol::{Command, GanCommand, GanEvent, SessionCommand, SessionControl};

fn point(iteration: usize) -> GanPoint {
    GanPoint {
        iteration,
        discriminator_steps: 4 * iteration,
        d_loss: 1.0,
        d_loss_real: 0.5,
        d_loss_fake: 0.25,
        d_loss_negative: 0.25,
        g_loss: Some(0.1),
        d_real: 1.0,
        d_fake: -1.0,
        d_negative: Some(-2.0),
    }
}

#[test]
fn bad_values_are_refused_with_a_reason_and_the_old_value_kept() {
    let gallery = GallerySettings::default();
    let mut state = GanState::default();
    for (field, text, why) in [
        (GanField::Beta, "-1", "beta"),
        (GanField::BatchSize, "5000", "at most 256"),
        (GanField::Iterations, "ten", "whole number"),
        (
            GanField::NegativeWeight(NegativeKind::Jigsaw),
            "0",
            "no negative augmentation",
        ),
    ] {
        assert_edit_refused(&state, field, text, why);
    }
    state.edit(GanField::NegativeWeight(NegativeKind::Mixup), "2", &gallery);
    state.edit(GanField::NDis, "2", &gallery);
    assert_eq!(state.form_error, None);
    assert_eq!(state.experiment.gan.n_dis, 2);
}

#[test]
fn start_uses_the_gallery_settings_the_dataset_size_and_its_classes() {
    let mut gallery = GallerySettings::default();
    gallery.jigsaw.grid = 4;
    let mut state = GanState::default();
    state.edit(
        GanField::NegativeWeight(NegativeKind::Cutout),
        "0.5",
        &gallery,
    );
    state.set_conditional(true);
    let evaluation = EvaluationSettings {
        enabled: true,
        ..EvaluationSettings::default()
    };
    assert_eq!(state.start(false, &gallery, &evaluation, None), None);
    assert!(state.error.is_some(), "no dataset yet");
    let Some(Command::Gan(GanCommand::Start {
        experiment,
        evaluation: sent,
    })) = state.start(true, &gallery, &evaluation, Some(&dataset(64, 3)))
    else {
        panic!("a start command");
    };
    assert_eq!(
        sent, evaluation,
        "the evaluation settings travel with the start"
    );
    assert!(experiment.compare_with_baseline);
    assert_eq!(experiment.gan.image_size, 64);
    assert_eq!(experiment.gan.num_classes, Some(3));
    assert_eq!(experiment.gan.negatives.len(), 2);
    assert_eq!(
        experiment.gan.negatives[0].0,
        crate::augment::NegativeAugmentation::Jigsaw(gallery.jigsaw.clone())
    );
    assert_eq!(experiment.gan.negatives[1].1, 0.5);
}

#[test]
fn events_fill_the_runs_and_the_progress_readout() {
    let mut state = GanState::default();
    let config = GanConfig {
        batch_size: 16,
        ..GanConfig::default()
    };
    let status = GanStatus {
        phase: TrainingPhase::Running,
        runs: vec![GanRunInfo {
            label: "NDA".into(),
            config,
        }],
        total_steps: 100,
        problem: None,
        can_continue_on_cpu_from: None,
        results_unavailable_because: None,
    };
    state.apply(&Event::Gan(GanEvent::Status(Some(status))));
    for iteration in 1..=10 {
        state.apply(&Event::Gan(GanEvent::Progress(GanProgress {
            run: 0,
            point: point(iteration),
            training_millis: 500.0 * iteration as f64,
        })));
    }
    // A repeated report of the same step replaces the point instead of adding one.
    state.apply(&Event::Gan(GanEvent::Progress(GanProgress {
        run: 0,
        point: point(10),
        training_millis: 5_000.0,
    })));
    assert_eq!(state.runs[0].points.len(), 10);
    let progress = state.progress().expect("progress");
    assert_eq!((progress.step, progress.total), (10, 100));
    assert!((progress.steps_per_second - 2.0).abs() < 1e-9);
    assert!((progress.images_per_second - 128.0).abs() < 1e-9);
    assert!((progress.seconds_left - 45.0).abs() < 1e-9);
    state.apply(&Event::Gan(GanEvent::Snapshot(GanSnapshot {
        run: 0,
        iteration: 10,
        grid: RgbaMosaic {
            width: 1,
            height: 1,
            rgba: vec![0; 4],
        },
        histogram: None,
        kept_every: Some(10),
    })));
    assert_eq!(
        state.runs[0].grid.as_ref().map(|(iteration, _)| *iteration),
        Some(10)
    );
    let _ = state.session_command(SessionCommand::Control(SessionControl::Resume));
    state.apply(&Event::Failed {
        message: "only a paused run can resume".into(),
    });
    assert_eq!(state.error.as_deref(), Some("only a paused run can resume"));
    state.apply(&Event::Gan(GanEvent::Status(None)));
    assert!(state.runs.is_empty() && state.status.is_none());
}

#[test]
fn the_timeline_keeps_the_kept_grids_and_the_slider_shows_one_with_a_chart_cursor() {
    let mut state = GanState::default();
    state.apply(&Event::Gan(GanEvent::Status(Some(GanStatus {
        phase: TrainingPhase::Running,
        runs: vec![GanRunInfo {
            label: "NDA".into(),
            config: GanConfig::default(),
        }],
        total_steps: 100,
        problem: None,
        can_continue_on_cpu_from: None,
        results_unavailable_because: None,
    }))));
    let grid = |shade: u8| RgbaMosaic {
        width: 1,
        height: 1,
        rgba: vec![shade; 4],
    };
    for iteration in 1..=30 {
        state.apply(&Event::Gan(GanEvent::Progress(GanProgress {
            run: 0,
            point: point(iteration),
            training_millis: 1.0,
        })));
        state.apply(&Event::Gan(GanEvent::Snapshot(GanSnapshot {
            run: 0,
            iteration,
            grid: grid(iteration as u8),
            histogram: None,
            kept_every: (iteration % 10 == 0).then_some(10),
        })));
    }
    assert_eq!(state.timeline_steps(), [10, 20, 30]);
    assert_eq!(state.timeline_thinned_to(), None);
    assert_eq!(state.shown(0), Some((30, grid(30))), "the latest");
    assert_eq!(state.chart_cursor(0), None, "no cursor on the latest grid");
    state.scrub = Some(10);
    assert_eq!(state.shown(0), Some((10, grid(10))));
    assert_eq!(
        state.chart_cursor(0),
        Some(40.0),
        "iteration 10 is D step 40"
    );
    state.scrub = Some(25);
    assert_eq!(state.shown(0).map(|(at, _)| at), Some(20));
    // A new session forgets the timeline and follows the latest grid again.
    state.apply(&Event::Gan(GanEvent::Status(None)));
    assert_eq!(state.scrub, None);
    assert!(state.timeline_steps().is_empty());
}

#[test]
fn long_histories_are_thinned_but_keep_the_newest_point() {
    let mut points = Vec::new();
    for iteration in 1..=1_000 {
        push_thinned(&mut points, point(iteration));
    }
    assert!(points.len() <= MAX_CHART_POINTS);
    assert_eq!(points.last().map(|point| point.iteration), Some(1_000));
    assert_eq!(points.first().map(|point| point.iteration), Some(1));
}

#[test]
fn sessions_are_saved_on_pause_and_every_half_minute_while_running() {
    let mut state = GanState::default();
    let status = |phase| {
        Event::Gan(GanEvent::Status(Some(GanStatus {
            phase,
            runs: Vec::new(),
            total_steps: 10,
            problem: None,
            can_continue_on_cpu_from: None,
            results_unavailable_because: None,
        })))
    };
    let running = status(TrainingPhase::Running);
    assert!(!state.wants_save(&running, 1_000.0));
    state.apply(&running);
    let snapshot = Event::Gan(GanEvent::Snapshot(GanSnapshot {
        run: 0,
        iteration: 1,
        grid: RgbaMosaic {
            width: 0,
            height: 0,
            rgba: Vec::new(),
        },
        histogram: None,
        kept_every: None,
    }));
    assert!(state.wants_save(&snapshot, 40_000.0), "30 s have passed");
    let id = state.saving.run_id.clone().expect("an id");
    assert!(
        !state.wants_save(&snapshot, 50_000.0),
        "only 10 s since the last save"
    );
    assert!(state.wants_save(&status(TrainingPhase::Paused), 51_000.0));
    assert_eq!(
        state.saving.run_id,
        Some(id.clone()),
        "the session keeps its key"
    );
    state.saving.forget("another-run");
    assert_eq!(
        state.saving.run_id,
        Some(id.clone()),
        "deleting another run changes nothing"
    );
    state.saving.forget(&id);
    assert!(
        !state.wants_save(&status(TrainingPhase::Paused), 100_000.0),
        "a deleted run is not saved again"
    );
    state.saving.save_as(None);
    assert!(state.wants_save(&status(TrainingPhase::Paused), 200_000.0));
}

#[test]
fn a_crashed_worker_leaves_no_run_claiming_to_train() {
    let mut state = GanState::default();
    state.apply(&Event::Gan(GanEvent::Status(Some(GanStatus {
        phase: TrainingPhase::Running,
        runs: Vec::new(),
        total_steps: 10,
        problem: None,
        can_continue_on_cpu_from: None,
        results_unavailable_because: None,
    }))));
    state.awaiting = true;
    state.worker_lost("RuntimeError: unreachable");
    assert_eq!(state.phase(), Some(TrainingPhase::Stopped));
    let problem = state
        .status
        .as_ref()
        .and_then(|status| status.problem.clone());
    assert!(
        problem.is_some_and(|problem| problem.contains("RuntimeError: unreachable")
            && problem.contains("nothing trains any more"))
    );
    assert!(!state.awaiting);
}
