//! Tests of the worker's evaluations: evaluators trained once and reused, every run measured on
//! the same footing, a busy worker, a person's images with their own encoder and too few of them
//! refused with a reason.

use futures::executor::block_on;
use nda_protocol::GanEvent;

use super::*;
use crate::evaluator_kinds::EvaluationData;
use nda_core::data::{BuiltinDataset, BuiltinSpec, generate};
use nda_core::model::ModelPreset;
use nda_core::train::evaluation::{EVALUATOR_VERSION, RocGroup};
use nda_core::train::{GanConfig, GanExperiment};
use nda_protocol::evaluation_messages::StoredEvaluators;

fn clock() -> f64 {
    0.0
}

const SHAPES: BuiltinSpec = BuiltinSpec {
    dataset: BuiltinDataset::Shapes,
    size: 32,
    count: 32,
    seed: 1,
};

fn session() -> GanSession {
    let experiment = GanExperiment {
        gan: GanConfig {
            preset: ModelPreset::Tiny,
            latent_dim: 8,
            batch_size: 8,
            n_dis: 1,
            ..GanConfig::default()
        },
        iterations: 2,
        sample_every: 1,
        compare_with_baseline: true,
        ..GanExperiment::default()
    };
    let set = generate(&SHAPES).expect("shapes");
    let mut session =
        GanSession::start(&experiment, &set, &Device::flex().autodiff(), false).expect("valid");
    session.plan_evaluations(vec![1]);
    block_on(session.tick(clock));
    assert!(session.take_due_evaluation(), "due after iteration 1");
    assert!(!session.take_due_evaluation(), "taken once");
    session
}

fn stage(event: &Event) -> String {
    match event {
        Event::EvaluationProgress(progress) => progress.stage.clone(),
        other => panic!("a progress report, not {other:?}"),
    }
}

fn run_to_end(work: &mut EvaluationWork, session: &GanSession) -> GanEvaluated {
    run_keeping_files(work, session).0
}

/// Runs the evaluation to its end; returns it and the evaluator files it gave the page to keep.
fn run_keeping_files(
    work: &mut EvaluationWork,
    session: &GanSession,
) -> (GanEvaluated, Vec<StoredEvaluators>) {
    let mut files = Vec::new();
    for _ in 0..10 {
        for event in block_on(work.advance(session, &Device::flex(), clock)) {
            match event {
                Event::Gan(GanEvent::Evaluated(evaluated)) => return (evaluated, files),
                Event::EvaluatorsTrained(file) => files.push(file),
                Event::Failed { message } => panic!("{message}"),
                _ => {}
            }
        }
    }
    panic!("the evaluation did not finish in 10 slices");
}

#[test]
fn evaluators_kept_by_the_page_are_read_instead_of_trained_and_a_bad_file_is_retrained() {
    let session = session();
    let settings = EvaluationSettings {
        num_samples: 24,
        anomaly_images: 20,
        evaluator_steps: 10,
        ..EvaluationSettings::default()
    };
    let autodiff = Device::flex().autodiff();
    let begin = |work: &mut EvaluationWork| {
        work.begin(
            EvaluationData::Builtin(SHAPES),
            settings.clone(),
            (1, 2, false),
            &autodiff,
            clock,
        )
        .expect("begins")
    };
    let mut first = EvaluationWork::default();
    begin(&mut first);
    let (trained, files) = run_keeping_files(&mut first, &session);
    let names: Vec<&str> = files.iter().map(|file| file.name.as_str()).collect();
    assert_eq!(names, [format!("v{EVALUATOR_VERSION}-shapes-32-10")]);

    let mut later = EvaluationWork::default();
    later.offer(files.clone());
    assert!(stage(&begin(&mut later)).starts_with("reading the evaluators of shapes at 32 px"));
    let (read, kept) = run_keeping_files(&mut later, &session);
    assert!(kept.is_empty(), "nothing new to keep");
    assert!(read.evaluators.contains("read from this browser's storage"));
    assert_eq!(
        read.runs[0].rows, trained.runs[0].rows,
        "the same evaluators"
    );

    let mut damaged = EvaluationWork::default();
    damaged.offer(vec![StoredEvaluators {
        name: files[0].name.clone(),
        bytes: b"not safetensors".to_vec(),
    }]);
    begin(&mut damaged);
    let (retrained, kept) = run_keeping_files(&mut damaged, &session);
    assert_eq!(kept.len(), 1, "the retrained evaluators are kept again");
    assert!(retrained.evaluators.contains("s to train here"));
}

/// A run's evaluation at iteration 1 has every metric, the ROC curves of every group and the
/// histogram of every scored image (20 per set: 5 NDA kinds, 2 other sets and 25 corruptions).
fn assert_every_metric_measured(run: &nda_protocol::evaluation_messages::RunEvaluationView) {
    for metric in [
        "kid",
        "fd",
        "coverage",
        "structure",
        "auroc",
        "auroc:jigsaw",
    ] {
        let row = run.rows.iter().find(|row| row.metric == metric);
        assert!(
            row.is_some_and(|row| row.value.is_finite() && row.iteration == 1),
            "{metric}"
        );
    }
    assert_eq!(run.roc.len(), RocGroup::ALL.len());
    let histogram = run.histogram.as_ref().expect("the scores' histogram");
    let total = |counts: &[u32]| counts.iter().sum::<u32>();
    assert_eq!(total(&histogram.real), 20, "every in-distribution image");
    assert_eq!(total(&histogram.negative), 5 * 20, "every NDA image");
    assert_eq!(
        total(&histogram.fake),
        (2 + 25) * 20,
        "other sets and corruptions"
    );
    for curve in &run.roc {
        assert_eq!(curve.points.first(), Some(&(0.0, 0.0)));
        assert_eq!(curve.points.last(), Some(&(1.0, 1.0)));
    }
}

#[test]
fn evaluators_are_trained_once_and_every_run_is_measured() {
    let session = session();
    let settings = EvaluationSettings {
        enabled: true,
        num_samples: 24,
        anomaly_images: 20,
        evaluator_steps: 10,
        ..EvaluationSettings::default()
    };
    let autodiff = Device::flex().autodiff();
    let mut work = EvaluationWork::default();
    let first = work
        .begin(
            EvaluationData::Builtin(SHAPES),
            settings.clone(),
            (1, 2, false),
            &autodiff,
            clock,
        )
        .expect("begins");
    assert!(stage(&first).starts_with("training the evaluators of shapes at 32 px"));
    let busy = work.begin(
        EvaluationData::Builtin(SHAPES),
        settings.clone(),
        (1, 2, false),
        &autodiff,
        clock,
    );
    assert!(busy.is_err_and(|message| message.contains("already running")));

    let evaluated = run_to_end(&mut work, &session);
    assert!(!work.is_busy());
    assert_eq!(evaluated.iteration, 1);
    let labels: Vec<&str> = evaluated
        .runs
        .iter()
        .map(|run| run.label.as_str())
        .collect();
    assert_eq!(labels, ["NDA", "Baseline"]);
    assert!(evaluated.evaluators.contains("10 steps per network"));
    evaluated.runs.iter().for_each(assert_every_metric_measured);

    // The evaluators are kept: a second evaluation starts with the reference images.
    let again = work
        .begin(
            EvaluationData::Builtin(SHAPES),
            settings.clone(),
            (1, 2, false),
            &autodiff,
            clock,
        )
        .expect("begins");
    assert!(stage(&again).starts_with("preparing 24 real reference images"));
    let repeated = run_to_end(&mut work, &session);
    assert_eq!(
        repeated.runs[0].rows, evaluated.runs[0].rows,
        "deterministic on the CPU"
    );
    assert_eq!(work.rows().len(), 2);
    assert_eq!(
        work.rows()[1],
        evaluated.runs[1].rows,
        "a repeat replaces its iteration"
    );

    work.begin(
        EvaluationData::Builtin(SHAPES),
        settings.clone(),
        (1, 2, false),
        &autodiff,
        clock,
    )
    .expect("begins");
    work.cancel();
    assert!(!work.is_busy());
    work.new_session();
    assert!(work.rows().is_empty());
    let labels = ["NDA".to_string(), "Baseline".to_string()];
    let mut earlier = evaluated.runs[0].rows.clone();
    earlier.iter_mut().for_each(|row| row.iteration = 7);
    let restored = work.restore(vec![evaluated.runs[0].rows.clone(), earlier], &labels);
    let iterations: Vec<usize> = restored
        .iter()
        .map(|event| match event {
            Event::Gan(GanEvent::Evaluated(evaluated)) => evaluated.iteration,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        iterations,
        [1, 7],
        "one evaluation per iteration in the file"
    );
    assert_eq!(work.rows().len(), 2);
}

#[test]
fn a_person_s_images_are_evaluated_with_their_own_encoder_and_too_few_are_refused() {
    let session = session();
    let settings = EvaluationSettings {
        num_samples: 24,
        anomaly_images: 20,
        evaluator_steps: 10,
        ..EvaluationSettings::default()
    };
    let autodiff = Device::flex().autodiff();
    let images = generate(&SHAPES).expect("shapes");
    let mut work = EvaluationWork::default();
    let first = work
        .begin(
            EvaluationData::Uploads(images.clone()),
            settings.clone(),
            (1, 2, false),
            &autodiff,
            clock,
        )
        .expect("begins");
    assert!(stage(&first).starts_with("training the encoder of your images at 32 px"));
    let evaluated = run_to_end(&mut work, &session);
    assert!(evaluated.evaluators.contains("trained without NDA"));
    for run in &evaluated.runs {
        for metric in ["kid", "kid_untrained", "coverage_untrained", "auroc:faces"] {
            assert!(run.rows.iter().any(|row| row.metric == metric), "{metric}");
        }
    }
    let few = images.subset(&(0..10).collect::<Vec<_>>());
    let refused = work.begin(
        EvaluationData::Uploads(few),
        settings,
        (1, 2, false),
        &autodiff,
        clock,
    );
    assert!(refused.is_err_and(|message| message.contains("at least 20")));
}
