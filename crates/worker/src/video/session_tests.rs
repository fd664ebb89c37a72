//! Tests of the worker's video session.

use super::*;
use crate::session_control::session_control;
use futures::executor::block_on;
use nda_core::data::video::ClipSpec;
use nda_core::experiment::VideoArchive;
use nda_core::model::ModelPreset;
use nda_protocol::SessionControl;
use nda_protocol::session_messages::TrainingPhase;
use nda_protocol::video::messages::VideoControl;

fn clock() -> f64 {
    0.0
}

fn experiment() -> VideoExperiment {
    VideoExperiment {
        clips: ClipSpec {
            count: 48,
            ..ClipSpec::default()
        },
        config: VideoConfig {
            batch_size: 8,
            ..VideoConfig::default()
        },
        steps: 3,
        evaluate_every: 3,
        compare_with_baseline: true,
        own_clips: None,
    }
}

fn data() -> VideoData {
    VideoData::moving_shapes(&experiment().clips).expect("clips")
}

fn session(data: &VideoData) -> VideoSession {
    VideoSession::start(&experiment(), data, &Device::flex().autodiff(), true).expect("valid")
}

fn evaluations(events: &[Event]) -> Vec<&VideoEvaluated> {
    events
        .iter()
        .filter_map(|event| match event {
            Event::Video(VideoEvent::Evaluated(evaluated)) => Some(evaluated),
            _ => None,
        })
        .collect()
}

fn progress(events: &[Event]) -> Vec<&VideoProgress> {
    events
        .iter()
        .filter_map(|event| match event {
            Event::Video(VideoEvent::Progress(progress)) => Some(progress),
            _ => None,
        })
        .collect()
}

// Each evaluation measures 256 held-out clips (and their broken versions), which takes most of a
// test's time: the tests below evaluate as little as they can.

#[test]
fn evaluates_first_then_steps_evaluates_at_the_end_finishes_and_exports() {
    let data = data();
    let mut session = session(&data);
    let status = session.status();
    let labels: Vec<&str> = status.runs.iter().map(|run| run.label.as_str()).collect();
    assert_eq!(labels, ["NDA", "Baseline"]);
    assert_eq!(
        status.runs[1].config.nda_views, 0,
        "the baseline has no NDA clips"
    );
    let first = block_on(session.tick(clock));
    assert_eq!(evaluations(&first).len(), 2, "both runs untrained");
    assert!(evaluations(&first).iter().all(|e| e.evaluation.step == 0));
    assert_eq!(session.steps(), 0);
    let mut all = Vec::new();
    while session.is_running() {
        all.extend(block_on(session.tick(clock)));
    }
    assert_eq!(session.steps(), 3);
    assert_eq!(session.status().phase, TrainingPhase::Finished);
    let steps: Vec<usize> = evaluations(&all)
        .iter()
        .map(|e| e.evaluation.step)
        .collect();
    assert_eq!(steps, [3, 3], "at the end, both runs");
    let points = progress(&all);
    assert!(points.iter().any(|p| p.run == 0 && p.point.step == 3));
    let nda = points.iter().find(|p| p.run == 0).expect("an NDA point");
    let baseline = points
        .iter()
        .find(|p| p.run == 1)
        .expect("a baseline point");
    assert!(nda.point.nda_similarity.is_some() && baseline.point.nda_similarity.is_none());
    assert_eq!(session.history[0].evaluations.len(), 2, "steps 0 and 3");
    let stepped = block_on(session.control(VideoControl::Step, clock));
    assert!(
        matches!(&stepped[..], [Event::Failed { message }] if message.contains("has ended")),
        "{stepped:?}"
    );
    let bytes = block_on(session.export()).expect("exported");
    let archive = VideoArchive::from_zip(&bytes).expect("reads back");
    assert_eq!(archive.experiment, experiment());
    let labels: Vec<&str> = archive.runs.iter().map(|run| run.label.as_str()).collect();
    assert_eq!(labels, ["nda", "baseline"]);
    assert_eq!(archive.runs[1].weights.iteration, 3);
    let evaluated: Vec<usize> = archive.runs[0].evaluations.iter().map(|e| e.step).collect();
    assert_eq!(evaluated, [0, 3]);
    assert_eq!(
        archive.runs[1].points.last().map(|point| point.step),
        Some(3)
    );

    // The file opens as the session it was: its steps, phase, history and weights.
    let opened =
        VideoSession::import(&archive, &data, &Device::flex().autodiff(), false).expect("opens");
    assert_eq!(opened.steps(), 3);
    assert_eq!(opened.status().phase, TrainingPhase::Finished);
    assert_eq!(opened.history, session.history);
    assert_eq!(opened.history_events().len(), 2);
    let again =
        VideoArchive::from_zip(&block_on(opened.export()).expect("exported")).expect("reads back");
    assert_eq!(again.experiment, archive.experiment);
    for (run, first) in again.runs.iter().zip(&archive.runs) {
        assert_eq!(
            (&run.points, &run.evaluations),
            (&first.points, &first.evaluations)
        );
        assert_eq!(run.weights.iteration, first.weights.iteration);
        // By name: a file's tensors come back in its own order.
        let sorted = |weights: &nda_core::train::host_weights::HostWeights| {
            let mut tensors = weights.tensors.clone();
            tensors.sort_by(|a, b| a.name.cmp(&b.name));
            tensors
        };
        assert!(
            sorted(&run.weights) == sorted(&first.weights),
            "the same weights"
        );
    }
    let mut alone = archive.clone();
    alone.runs.pop();
    let refused = VideoSession::import(&alone, &data, &Device::flex().autodiff(), false)
        .err()
        .expect("one encoder where two are trained");
    assert!(
        refused
            .to_string()
            .contains("train 2 encoders but it holds 1"),
        "{refused}"
    );
}

#[test]
fn pause_step_resume_and_stop_move_the_phase_and_the_steps() {
    let data = data();
    let alone = VideoExperiment {
        compare_with_baseline: false,
        ..experiment()
    };
    let mut session =
        VideoSession::start(&alone, &data, &Device::flex().autodiff(), false).expect("valid");
    block_on(session_control(&mut session, SessionControl::Pause, clock));
    assert_eq!(session.status().phase, TrainingPhase::Paused);
    let events = block_on(session.control(VideoControl::Step, clock));
    assert_eq!(session.steps(), 1, "exactly one step");
    assert_eq!(progress(&events).len(), 1, "the run reports it");
    assert_eq!(session.status().phase, TrainingPhase::Paused);
    block_on(session_control(&mut session, SessionControl::Resume, clock));
    assert!(session.is_running());
    block_on(session_control(&mut session, SessionControl::Stop, clock));
    assert_eq!(session.status().phase, TrainingPhase::Stopped);
    assert_eq!(session.steps(), 1, "nothing trains once stopped");
}

#[test]
fn explain_takes_one_step_of_each_run_and_reports_its_walk_through_after_its_point() {
    let data = data();
    let mut session = session(&data);
    let events = block_on(session.control(VideoControl::Explain, clock));
    assert_eq!(session.steps(), 1, "exactly one step");
    assert_eq!(session.status().phase, TrainingPhase::Paused);
    assert_eq!(progress(&events).len(), 2, "both runs report the step");
    let Some(Event::Video(VideoEvent::Explained(steps))) = events.last() else {
        panic!("the walk-through comes last: {events:?}");
    };
    let labels: Vec<&str> = steps.iter().map(|step| step.label.as_str()).collect();
    assert_eq!(labels, ["NDA", "Baseline"]);
    assert!(steps.iter().all(|step| step.step == 1));
    let point = &progress(&events)[0].point;
    assert_eq!(
        steps[0].loss, point.loss,
        "the walk-through's loss is the reported one"
    );
}

#[test]
fn after_a_gpu_fault_it_continues_on_another_device_from_its_last_evaluation() {
    let data = data();
    let mut session = session(&data);
    block_on(session.tick(clock));
    block_on(session.tick(clock));
    assert_eq!(session.steps(), 1);
    // A read-back fault, as a lost GPU gives: the host copies are the untrained evaluation's.
    let Event::Video(VideoEvent::Status(Some(status))) =
        session.fail(TrainError::Readback("device lost".into()))
    else {
        panic!("a status")
    };
    assert_eq!(status.can_continue_on_cpu_from, Some(0));
    assert!(
        status
            .problem
            .expect("problem")
            .contains("continue on the CPU")
    );
    session
        .continue_on(&data, &Device::flex().autodiff())
        .expect("continues");
    assert_eq!(session.steps(), 0);
    assert_eq!(session.status().phase, TrainingPhase::Paused);
    block_on(session.control(VideoControl::Step, clock));
    assert_eq!(session.steps(), 1);
}

#[test]
fn settings_that_cannot_fit_are_refused_at_start_with_the_figure() {
    let mut large = experiment();
    large.config.preset = ModelPreset::Medium;
    large.config.batch_size = 256;
    large.config.nda_views = 4;
    let refused = VideoSession::start(&large, &data(), &Device::flex().autodiff(), false);
    let message = refused.err().expect("refused").to_string();
    assert!(
        message.contains("batch 256") && message.contains("GB"),
        "{message}"
    );
}
