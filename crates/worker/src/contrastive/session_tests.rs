//! Tests of the worker's contrastive session.

use super::*;
use crate::session_control::session_control;
use futures::executor::block_on;
use nda_core::data::{BuiltinDataset, BuiltinSpec, generate};
use nda_core::model::ModelPreset;
use nda_core::train::ContrastiveConfig;
use nda_protocol::contrastive::messages::ContrastiveControl;
use nda_protocol::session_messages::TrainingPhase;
use nda_protocol::{ContrastiveEvent, SessionControl};

fn clock() -> f64 {
    0.0
}

fn shapes() -> ImageSet {
    generate(&BuiltinSpec {
        dataset: BuiltinDataset::Shapes,
        size: 32,
        count: 40,
        seed: 1,
    })
    .expect("shapes")
}

fn experiment() -> ContrastiveExperiment {
    ContrastiveExperiment {
        config: ContrastiveConfig {
            preset: ModelPreset::Tiny,
            batch_size: 8,
            queue_size: 16,
            ..ContrastiveConfig::default()
        },
        steps: 3,
        evaluate_every: 2,
        compare_with_baseline: true,
    }
}

fn session(set: &ImageSet) -> ContrastiveSession {
    ContrastiveSession::start(&experiment(), set, &Device::flex().autodiff(), true).expect("valid")
}

fn count(events: &[Event], wanted: fn(&Event) -> bool) -> usize {
    events.iter().filter(|event| wanted(event)).count()
}

fn is_evaluation(event: &Event) -> bool {
    matches!(event, Event::Contrastive(ContrastiveEvent::Evaluated(_)))
}

fn is_progress(event: &Event) -> bool {
    matches!(event, Event::Contrastive(ContrastiveEvent::Progress(_)))
}

#[test]
fn evaluates_first_then_steps_evaluates_on_schedule_and_finishes() {
    let set = shapes();
    let mut session = session(&set);
    let held_out = session.held_out_images().expect("runs");
    let expected = set
        .split(nda_core::train::HELD_OUT_FRACTION, 2)
        .expect("split")
        .1;
    assert_eq!(
        held_out.labels,
        expected.labels().to_vec(),
        "the stratified split"
    );
    let num_held_out = expected.len();
    let first = block_on(session.tick(clock));
    assert_eq!(count(&first, is_evaluation), 2, "both runs at step 0");
    assert_eq!(session.steps(), 0);
    let mut all = Vec::new();
    while session.is_running() {
        all.extend(block_on(session.tick(clock)));
    }
    assert_eq!(session.steps(), 3);
    assert_eq!(session.status().phase, TrainingPhase::Finished);
    // Steps 2 (schedule) and 3 (end), for both runs.
    assert_eq!(count(&all, is_evaluation), 4);
    assert!(count(&all, is_progress) >= 2);
    for event in &all {
        if let Event::Contrastive(ContrastiveEvent::Evaluated(evaluated)) = event {
            let evaluation = &evaluated.evaluation;
            assert!(evaluation.knn_accuracy.is_some() && evaluation.linear_accuracy.is_some());
            assert_eq!(evaluation.map.points.len(), num_held_out);
            assert!(
                evaluation
                    .neighbours
                    .iter()
                    .all(|list| list.len() == num_held_out - 1)
            );
            assert!(evaluation.similarity.is_some());
        }
    }
}

#[test]
fn pause_step_resume_and_reset() {
    let set = shapes();
    let mut session = session(&set);
    block_on(session.tick(clock));
    let paused = block_on(session_control(&mut session, SessionControl::Pause, clock));
    assert!(
        matches!(paused.last(), Some(Event::Contrastive(ContrastiveEvent::Status(Some(status)))) if status.phase == TrainingPhase::Paused)
    );
    let stepped = block_on(session.control(ContrastiveControl::Step, clock));
    assert_eq!(session.steps(), 1);
    assert_eq!(count(&stepped, is_progress), 2);
    assert!(!session.is_running());
    // Explaining is one more step of both runs, reported, then explained.
    let explained = block_on(session.control(ContrastiveControl::Explain, clock));
    assert_eq!(session.steps(), 2);
    assert_eq!(count(&explained, is_progress), 2);
    assert!(
        matches!(explained.last(), Some(Event::Contrastive(ContrastiveEvent::Explained(steps))) if steps.len() == 2 && steps[0].step == 2)
    );
    block_on(session_control(&mut session, SessionControl::Resume, clock));
    assert!(session.is_running());
    let reset = block_on(session_control(&mut session, SessionControl::Reset, clock));
    assert_eq!(
        reset,
        vec![Event::Contrastive(ContrastiveEvent::Status(None))]
    );
}

#[test]
fn unlabelled_images_still_train_and_say_why_there_is_no_accuracy() {
    let labelled = shapes();
    let mut set = ImageSet::new(32, Vec::new());
    for index in 0..labelled.len() {
        set.push(labelled.image_rgb(index), None).expect("image");
    }
    let mut session = session(&set);
    let reason = session
        .status()
        .results_unavailable_because
        .expect("a reason");
    assert!(reason.contains("no label"), "{reason}");
    let first = block_on(session.tick(clock));
    for event in &first {
        if let Event::Contrastive(ContrastiveEvent::Evaluated(evaluated)) = event {
            assert_eq!(evaluated.evaluation.knn_accuracy, None);
            assert!(!evaluated.evaluation.map.points.is_empty());
        }
    }
    block_on(session.tick(clock));
    assert_eq!(session.steps(), 1);
}

#[test]
fn continues_on_another_device_from_the_host_copy() {
    let set = shapes();
    let mut session = session(&set);
    block_on(session.tick(clock));
    block_on(session.tick(clock));
    block_on(session.tick(clock));
    assert_eq!(session.steps(), 2);
    // A read-back fault, as a lost GPU gives.
    let event = session.fail(TrainError::Readback("device lost".into()));
    let Event::Contrastive(ContrastiveEvent::Status(Some(status))) = event else {
        panic!("a status")
    };
    assert_eq!(status.can_continue_on_cpu_from, Some(2));
    assert!(
        status
            .problem
            .expect("problem")
            .contains("continue on the CPU")
    );
    session
        .continue_on(&set, &Device::flex().autodiff())
        .expect("continues");
    assert_eq!(session.steps(), 2);
    assert_eq!(session.status().phase, TrainingPhase::Paused);
    block_on(session.control(ContrastiveControl::Step, clock));
    assert_eq!(session.steps(), 3);
}

#[test]
fn measures_anomaly_detection_of_both_encoders_and_refuses_a_bad_count() {
    let set = shapes();
    let device = Device::flex().autodiff();
    let builtin = session(&set).trained_on(Some(BuiltinDataset::Shapes));
    let measured = block_on(builtin.measure_anomaly(20, &device, clock)).expect("measured");
    assert_eq!(measured.images_per_set, 20);
    assert!(measured.in_distribution.contains("Shapes"));
    let labels: Vec<&str> = measured.runs.iter().map(|run| run.label.as_str()).collect();
    assert_eq!(labels, ["NDA", "Baseline"]);
    for run in &measured.runs {
        assert!(run.rows.iter().any(|row| row.metric == "auroc"));
        assert!(run.rows.iter().any(|row| row.metric == "auroc_nda_seen"));
        assert_eq!(run.roc.len(), 3, "a curve per group");
    }

    let uploads = session(&set);
    let measured = block_on(uploads.measure_anomaly(20, &device, clock)).expect("measured");
    let held_out = uploads.held_out_images().expect("runs").labels.len();
    assert_eq!(
        measured.images_per_set, held_out,
        "the whole held-out split"
    );
    assert!(measured.in_distribution.contains("your held-out images"));

    let refused = block_on(uploads.measure_anomaly(5, &device, clock));
    assert!(refused.is_err_and(|error| error.to_string().contains("between 20 and 5000")));
}

#[test]
fn a_batch_that_cannot_fit_is_refused_before_anything_is_built() {
    let mut huge = experiment();
    huge.config.preset = ModelPreset::Medium;
    huge.config.image_size = 64;
    huge.config.batch_size = 512;
    huge.config.queue_size = 1024;
    huge.config.nda_views = 8;
    let refused = ContrastiveSession::start(&huge, &shapes(), &Device::flex().autodiff(), false)
        .err()
        .expect("refused");
    let message = refused.to_string();
    assert!(
        message.starts_with("batch 512 at 64 px needs about"),
        "{message}"
    );
}

#[test]
fn an_exported_session_imports_paused_with_its_history_and_the_same_map_and_trains_on() {
    let set = shapes();
    let mut session = session(&set);
    block_on(session.tick(clock));
    block_on(session_control(&mut session, SessionControl::Pause, clock));
    block_on(session.control(ContrastiveControl::Step, clock));
    let evaluated = block_on(session.control(ContrastiveControl::Evaluate, clock));
    let config = nda_core::experiment::ExperimentConfig {
        task: nda_core::experiment::Task::Contrastive,
        ..nda_core::experiment::ExperimentConfig::default()
    };
    let bytes = block_on(session.export(&config)).expect("exported");
    let archive = nda_core::experiment::ContrastiveArchive::from_zip(&bytes).expect("a run file");
    assert_eq!(archive.runs.len(), 2);
    assert!(archive.runs[0].map_csv.is_some());

    let device = Device::flex().autodiff();
    let mut imported = ContrastiveSession::import(&archive, &set, &device, true).expect("imports");
    assert_eq!(imported.steps(), 1);
    assert_eq!(imported.status().phase, TrainingPhase::Paused);
    let history = imported.history_events();
    let Event::Contrastive(ContrastiveEvent::History(nda)) = &history[0] else {
        panic!("a history");
    };
    assert_eq!(nda.points, session.history[0].points);
    let steps: Vec<usize> = nda.accuracy.iter().map(|point| point.step).collect();
    assert_eq!(steps, [0, 1]);
    // The same weights give the same map, point for point.
    let again = block_on(imported.control(ContrastiveControl::Evaluate, clock));
    let maps = |events: &[Event]| -> Vec<Vec<[f32; 2]>> {
        events
            .iter()
            .filter_map(|event| match event {
                Event::Contrastive(ContrastiveEvent::Evaluated(evaluated)) => {
                    Some(evaluated.evaluation.map.points.clone())
                }
                _ => None,
            })
            .collect()
    };
    assert_eq!(maps(&again), maps(&evaluated));
    block_on(imported.control(ContrastiveControl::Step, clock));
    assert_eq!(imported.steps(), 2, "one more step trains");
}
