//! Tests of the worker's GAN session.

use super::*;
use crate::session_control::session_control;
use futures::executor::block_on;
use nda_core::data::{BuiltinDataset, BuiltinSpec, generate};
use nda_core::experiment::{ExperimentConfig, GanSection, RunArchive};
use nda_core::model::ModelPreset;
use nda_core::train::{GanConfig, SampleRequest};
use nda_protocol::{GanEvent, SessionControl};

fn clock() -> f64 {
    0.0
}

fn shapes() -> ImageSet {
    generate(&SHAPES).expect("shapes")
}

const SHAPES: BuiltinSpec = BuiltinSpec {
    dataset: BuiltinDataset::Shapes,
    size: 32,
    count: 32,
    seed: 1,
};

fn experiment(compare: bool) -> GanExperiment {
    GanExperiment {
        gan: GanConfig {
            preset: ModelPreset::Tiny,
            latent_dim: 8,
            batch_size: 8,
            n_dis: 2,
            ..GanConfig::default()
        },
        iterations: 3,
        sample_every: 1,
        compare_with_baseline: compare,
        ..GanExperiment::default()
    }
}

fn session(compare: bool) -> GanSession {
    GanSession::start(
        &experiment(compare),
        &shapes(),
        &Device::flex().autodiff(),
        true,
    )
    .expect("valid")
}

fn progress(events: &[Event]) -> Vec<&GanProgress> {
    events
        .iter()
        .filter_map(|event| match event {
            Event::Gan(GanEvent::Progress(progress)) => Some(progress),
            _ => None,
        })
        .collect()
}

#[test]
fn steps_pause_the_session_and_report_exactly_one_update() {
    let mut session = session(true);
    assert_eq!(session.status().runs.len(), 2);
    let events = block_on(session.control(GanControl::StepDiscriminator, clock));
    assert_eq!(session.status().phase, TrainingPhase::Paused);
    let points = progress(&events);
    assert_eq!(points.len(), 2, "both runs report");
    assert_eq!(
        (
            points[0].point.iteration,
            points[0].point.discriminator_steps
        ),
        (0, 1)
    );
    let events = block_on(session.control(GanControl::StepGenerator, clock));
    assert_eq!(progress(&events)[0].point.iteration, 1);
    assert!(
        events
            .iter()
            .any(|event| matches!(event, Event::Gan(GanEvent::Snapshot(_))))
    );
    let refused = block_on(session_control(&mut session, SessionControl::Stop, clock));
    assert!(
        matches!(&refused[0], Event::Gan(GanEvent::Status(Some(status))) if status.phase == TrainingPhase::Stopped)
    );
    let resume = block_on(session_control(&mut session, SessionControl::Resume, clock));
    assert!(matches!(&resume[0], Event::Failed { .. }));
}

#[test]
fn a_session_runs_to_its_end_and_samples_on_request() {
    let mut session = session(false);
    let mut last = Vec::new();
    while session.is_running() {
        last = block_on(session.tick(clock));
    }
    assert_eq!(session.status().phase, TrainingPhase::Finished);
    assert_eq!(progress(&last)[0].point.iteration, 3);
    let sampled = block_on(session.sample(
        0,
        SampleRequest::Interpolation {
            seed: 1,
            rows: 2,
            steps: 4,
        },
    ));
    match sampled {
        Event::Gan(GanEvent::Samples(samples)) => assert_eq!(samples.grid.width, 4 * 33 - 1),
        other => panic!("expected samples, got {other:?}"),
    }
    let missing = block_on(session.sample(5, SampleRequest::NewNoise { seed: 1 }));
    assert!(matches!(missing, Event::Failed { .. }));
}

#[test]
fn after_a_device_fault_the_session_continues_on_another_device_from_its_copy() {
    let mut session = session(false);
    let _ = block_on(session.control(GanControl::StepIteration, clock));
    let _ = block_on(session.control(GanControl::StepIteration, clock));
    let Event::Gan(GanEvent::Status(Some(status))) =
        session.fail(TrainError::Readback("device lost".into()))
    else {
        panic!("a status");
    };
    assert_eq!(status.phase, TrainingPhase::Stopped);
    assert_eq!(status.can_continue_on_cpu_from, Some(2));
    assert!(
        status
            .problem
            .as_deref()
            .is_some_and(|problem| problem.contains("iteration 2 can continue on the CPU"))
    );
    let set = shapes();
    session
        .continue_on(&set, &Device::flex().autodiff())
        .expect("continues");
    let status = session.status();
    assert_eq!(
        (
            status.phase,
            status.problem,
            status.can_continue_on_cpu_from
        ),
        (TrainingPhase::Paused, None, None)
    );
    let events = block_on(session.control(GanControl::StepIteration, clock));
    assert_eq!(progress(&events)[0].point.iteration, 3);
}

#[test]
fn an_exported_run_imports_with_the_same_samples_and_history() {
    let mut session = session(true);
    let _ = block_on(session.control(GanControl::StepIteration, clock));
    let _ = block_on(session.control(GanControl::StepIteration, clock));
    let experiment = experiment(true);
    let config = ExperimentConfig {
        dataset: nda_core::experiment::DatasetChoice::Builtin(SHAPES),
        gan: GanSection {
            config: experiment.gan,
            iterations: experiment.iterations,
            sample_every: experiment.sample_every,
            compare_with_baseline: true,
            ..GanSection::default()
        },
        ..ExperimentConfig::default()
    };
    let bytes = block_on(session.export(&config, &[])).expect("export");
    let archive = RunArchive::from_zip(&bytes).expect("a valid run file");
    assert_eq!(archive.runs.len(), 2);
    assert_eq!(
        archive.runs[0].points.len(),
        2,
        "both reported points are stored"
    );
    let device = Device::flex().autodiff();
    let imported = GanSession::import(&archive, &shapes(), &device, false).expect("import");
    assert_eq!(imported.status().phase, TrainingPhase::Paused);
    assert_eq!(imported.iteration(), 2);
    for index in 0..2 {
        let original = block_on(session.core.runs[index].1.read_fixed_grid()).expect("grid");
        let restored = block_on(imported.core.runs[index].1.read_fixed_grid()).expect("grid");
        assert_eq!(original, restored, "run {index} draws the same samples");
    }
    let history = imported.history_events();
    assert!(
        matches!(&history[1], Event::Gan(GanEvent::History(history)) if history.points.len() == 2)
    );
    // The grids of iterations 1 and 2 (every `sample_every` = 1) came along, as the session
    // kept them.
    let Event::Gan(GanEvent::History(baseline)) = &history[1] else {
        panic!("a history")
    };
    let steps: Vec<usize> = baseline
        .timeline
        .frames()
        .iter()
        .map(|(at, _)| *at)
        .collect();
    assert_eq!(steps, [1, 2]);
    assert_eq!(session.timelines[1].len(), 2);
    let last = block_on(session.core.runs[1].1.read_fixed_grid()).expect("grid");
    assert_eq!(baseline.timeline.at(2).map(|(_, grid)| grid), Some(&last));
}

#[test]
fn the_timeline_keeps_the_grid_of_every_sample_every_iterations() {
    let mut experiment = experiment(false);
    experiment.iterations = 5;
    experiment.sample_every = 2;
    let device = Device::flex().autodiff();
    let mut session = GanSession::start(&experiment, &shapes(), &device, false).expect("valid");
    let mut kept = Vec::new();
    while session.is_running() {
        for event in block_on(session.tick(clock)) {
            if let Event::Gan(GanEvent::Snapshot(snapshot)) = event {
                kept.push((snapshot.iteration, snapshot.kept_every));
            }
        }
    }
    // Iterations 2 and 4, and the last one, whatever the clock says.
    assert_eq!(kept, [(2, Some(2)), (4, Some(2)), (5, Some(2))]);
    let steps: Vec<usize> = session.timelines[0]
        .frames()
        .iter()
        .map(|(at, _)| *at)
        .collect();
    assert_eq!(steps, [2, 4, 5]);
}

#[test]
fn damaged_run_files_are_refused_with_a_reason() {
    let not_zip = RunArchive::from_zip(b"hello")
        .expect_err("not a zip")
        .to_string();
    assert!(not_zip.contains("not a zip archive"), "{not_zip}");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("notes.txt", zip::write::SimpleFileOptions::default())
        .expect("entry");
    let bytes = zip.finish().expect("zip").into_inner();
    let no_config = RunArchive::from_zip(&bytes)
        .expect_err("no config")
        .to_string();
    assert!(no_config.contains("no config.json"), "{no_config}");
}

#[test]
fn settings_that_cannot_fit_are_refused_before_anything_is_built() {
    let mut huge = experiment(true);
    huge.gan.batch_size = 4096;
    huge.gan.image_size = 64;
    for on_gpu in [false, true] {
        let refused = GanSession::start(&huge, &shapes(), &Device::flex().autodiff(), on_gpu)
            .err()
            .expect("refused");
        let message = refused.to_string();
        assert!(
            message.starts_with("batch 4096 at 64 px needs about"),
            "{message}"
        );
        let device = if on_gpu { "WebGPU" } else { "the CPU path" };
        assert!(message.contains("lower the batch size"), "{message}");
        assert!(message.contains(device), "{message}");
    }
}

#[test]
fn explaining_takes_one_iteration_of_every_run_and_explains_it_after_its_reports() {
    let mut session = session(true);
    let events = block_on(session.control(GanControl::ExplainIteration, clock));
    assert_eq!(session.status().phase, TrainingPhase::Paused);
    assert_eq!(session.iteration(), 1);
    let points = progress(&events);
    assert_eq!(points.len(), 2, "both runs report the step");
    let Some(Event::Gan(GanEvent::Explained(steps))) = events.last() else {
        panic!("the walk-through comes last: {events:?}");
    };
    let labels: Vec<&str> = steps.iter().map(|step| step.label.as_str()).collect();
    assert_eq!(labels, ["NDA", "Baseline"]);
    for (step, progress) in steps.iter().zip(&points) {
        assert_eq!(step.iteration, 1);
        assert_eq!(
            step.loss.total, progress.point.d_loss,
            "the chart's point is this step"
        );
    }
}
