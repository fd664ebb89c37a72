//! Tests of the Contrastive panel's view-model.

use super::*;
use crate::augment::{GallerySettings, NegativeKind};
use crate::eval::Projection2d;
use crate::train::ContrastiveConfig;
use crate::ui::contrastive::form::ContrastiveField;
use crate::ui::form_parse::SettingsForm;
use crate::ui::test_support::assert_edit_refused;
use crate::ui::test_support::summary as dataset;
use crate::ui::timeline::TimelineView;
use nda_protocol::contrastive::messages::{ContrastiveEvaluated, ContrastiveProgress};
use nda_protocol::{Command, ContrastiveCommand, ContrastiveEvent};

fn point(step: usize) -> ContrastivePoint {
    ContrastivePoint {
        step,
        loss: 5.0,
        positive_similarity: 0.8,
        queue_similarity: 0.1,
        nda_similarity: Some(0.3),
        instance_accuracy: 0.5,
    }
}

fn status(phase: TrainingPhase, runs: usize) -> ContrastiveStatus {
    let info = |label: &str| ContrastiveRunInfo {
        label: label.into(),
        config: ContrastiveConfig::default(),
    };
    ContrastiveStatus {
        phase,
        runs: [info("NDA"), info("Baseline")]
            .into_iter()
            .take(runs)
            .collect(),
        total_steps: 100,
        problem: None,
        can_continue_on_cpu_from: None,
        results_unavailable_because: None,
    }
}

fn evaluation(step: usize) -> Evaluation {
    Evaluation {
        step,
        knn_accuracy: Some(0.5),
        linear_accuracy: Some(0.6),
        map: Projection2d {
            points: vec![[step as f32, 1.0], [1.0, 0.0], [0.5, 0.5]],
            explained: [0.7, 0.2],
        },
        neighbours: vec![vec![(2, 0.9), (1, 0.1)], vec![(2, 0.8), (0, 0.1)], vec![]],
        similarity: None,
    }
}

#[test]
fn bad_values_are_refused_with_a_reason_and_the_old_value_kept() {
    let gallery = GallerySettings::default();
    let mut state = ContrastiveState::default();
    let jigsaw = ContrastiveField::NegativeWeight(NegativeKind::Jigsaw);
    for (field, text, why) in [
        (ContrastiveField::Temperature, "0", "temperature"),
        (ContrastiveField::QueueSize, "1000", "multiple of the batch"),
        (ContrastiveField::Steps, "ten", "“ten”"),
        (jigsaw, "0", "no negative"),
    ] {
        assert_edit_refused(&state, field, text, why);
    }
    state.edit(ContrastiveField::NdaViews, "0", &gallery);
    state.edit(jigsaw, "0", &gallery);
    assert_eq!(state.form_error, None, "m = 0 needs no negatives");
}

#[test]
fn start_builds_the_experiment_from_the_form_and_the_gallery() {
    let mut gallery = GallerySettings::default();
    gallery.jigsaw.grid = 4;
    let mut state = ContrastiveState::default();
    assert!(state.start(true, &gallery, None).is_none());
    assert!(
        state
            .error
            .as_deref()
            .is_some_and(|e| e.contains("Data panel"))
    );
    let Some(Command::Contrastive(ContrastiveCommand::Start { experiment })) =
        state.start(true, &gallery, Some(&dataset(32, 10)))
    else {
        panic!("a start command")
    };
    assert!(experiment.compare_with_baseline);
    assert_eq!(experiment.config.negatives.len(), 1);
    assert_eq!(
        format!("{:?}", experiment.config.negatives[0].0),
        format!("{:?}", gallery.negatives()[0])
    );
    assert_eq!(experiment.runs().len(), 2);
    assert!(state.awaiting);
}

#[test]
fn events_fill_histories_progress_and_retrieval() {
    let mut state = ContrastiveState::default();
    state.apply(&Event::Contrastive(ContrastiveEvent::Status(Some(status(
        TrainingPhase::Running,
        2,
    )))));
    assert_eq!(state.runs.len(), 2);
    for run in 0..2 {
        state.apply(&Event::Contrastive(ContrastiveEvent::Evaluated(
            ContrastiveEvaluated {
                run,
                evaluation: evaluation(0),
                evaluate_every: 20,
            },
        )));
    }
    state.apply(&Event::Contrastive(ContrastiveEvent::Progress(
        ContrastiveProgress {
            run: 0,
            point: point(20),
            training_millis: 10_000.0,
        },
    )));
    state.apply(&Event::Contrastive(ContrastiveEvent::Evaluated(
        ContrastiveEvaluated {
            run: 0,
            evaluation: evaluation(20),
            evaluate_every: 20,
        },
    )));
    assert_eq!(state.runs[0].accuracy.len(), 2);
    assert_eq!(state.runs[1].accuracy.len(), 1);
    let progress = state.progress().expect("progress");
    assert_eq!((progress.step, progress.total), (20, 100));
    assert!((progress.steps_per_second - 2.0).abs() < 1e-9);
    assert!(
        (progress.images_per_second - 256.0).abs() < 1e-9,
        "two runs of 64"
    );
    assert!((progress.seconds_left - 40.0).abs() < 1e-9);
    assert_eq!(state.retrieval(), None);
    state.selected = Some((0, 1));
    assert_eq!(state.retrieval(), Some((1, vec![(2, 0.8), (0, 0.1)])));
    // Every evaluation's map joins the timeline; the slider shows an earlier one, with a cursor.
    assert_eq!(state.timeline_steps(), [0, 20]);
    assert_eq!(state.shown(0).map(|(step, _)| step), Some(20));
    assert_eq!(state.chart_cursor(), None);
    state.scrub = Some(0);
    assert_eq!(state.shown(0), Some((0, evaluation(0).map)));
    assert_eq!(state.shown(1).map(|(step, _)| step), Some(0));
    assert_eq!(state.chart_cursor(), Some(0.0));
    state.apply(&Event::Contrastive(ContrastiveEvent::Status(None)));
    assert!(state.runs.is_empty() && state.selected.is_none() && state.scrub.is_none());
}
