//! Tests of a study in the worker: pairs run in order, skip the ones already done, end with
//! their evaluation rows, a seed's arms share its baseline, and a failed evaluation is reported
//! as a failed pair.

use futures::executor::block_on;
use nda_protocol::GanEvent;

use super::*;
use crate::evaluation_work::EvaluationWork;
use crate::study_pair::PairSession;
use nda_core::data::{BuiltinDataset, BuiltinSpec};
use nda_core::experiment::GanSection;
use nda_core::model::ModelPreset;

fn clock() -> f64 {
    0.0
}

fn config() -> ExperimentConfig {
    let mut config = ExperimentConfig {
        dataset: DatasetChoice::Builtin(BuiltinSpec {
            dataset: BuiltinDataset::Shapes,
            size: 32,
            count: 64,
            seed: 1,
        }),
        gan: GanSection {
            iterations: 2,
            ..GanSection::default()
        },
        ..ExperimentConfig::default()
    };
    config.gan.config.preset = ModelPreset::Tiny;
    config.gan.config.batch_size = 8;
    config.gan.config.n_dis = 1;
    config.study.seeds = vec![4, 5, 6];
    config.evaluation = EvaluationSettings {
        num_samples: 20,
        anomaly_images: 20,
        evaluator_steps: 10,
        ..EvaluationSettings::default()
    };
    config
}

/// Runs the study to its end; returns the finished pairs.
fn run(runner: &mut StudyRunner) -> Vec<StudyUnitDone> {
    let device = Device::flex();
    let mut work = EvaluationWork::default();
    let mut done = Vec::new();
    for _ in 0..100 {
        if work.is_busy() {
            for event in block_on(work.advance(runner.session().expect("a pair"), &device, clock)) {
                match event {
                    Event::Gan(GanEvent::Evaluated(evaluated)) => {
                        if let Event::StudyUnitDone(pair) = runner.finish(Ok(evaluated), clock) {
                            done.push(pair);
                        }
                    }
                    Event::Failed { message } => panic!("{message}"),
                    _ => {}
                }
            }
            continue;
        }
        let Some((events, due)) = block_on(runner.tick(&device.clone().autodiff(), false, clock))
        else {
            return done;
        };
        for event in events {
            if let Event::StudyUnitDone(pair) = event {
                done.push(pair);
            }
        }
        if due {
            let settings = runner.evaluation().expect("settings");
            let iteration = runner.session().expect("a pair").iteration();
            work.begin(
                runner.evaluation_data(),
                settings,
                (iteration, 2, true),
                &device.clone().autodiff(),
                clock,
            )
            .expect("begins");
        }
    }
    panic!("the study did not end");
}

#[test]
fn pairs_run_in_order_skip_what_is_done_and_end_with_their_numbers() {
    let mut runner = StudyRunner::new(&config(), &[1], None).expect("valid");
    let done = run(&mut runner);
    let seeds: Vec<u64> = done.iter().map(|pair| pair.seed).collect();
    assert_eq!(seeds, [4, 6], "seed 5 was done before the reload");
    for pair in &done {
        assert_eq!(pair.arm, "nda");
        assert_eq!(pair.problem, None);
        for rows in [&pair.nda, &pair.baseline] {
            let rows = rows.as_ref().expect("evaluated");
            assert!(
                rows.iter()
                    .any(|row| row.metric == "kid" && row.iteration == 2)
            );
        }
    }
    assert_ne!(done[0].nda, done[1].nda, "each seed its own run");
}

#[test]
fn the_arms_of_a_seed_share_its_baseline_with_the_numbers_of_a_baseline_trained_beside_each() {
    let mut two_arms = config();
    two_arms.study.seeds = vec![4, 5];
    let arm = |name: &str, beta: f64| nda_core::train::study::StudyArm {
        name: name.into(),
        negatives: two_arms.gan.config.negatives.clone(),
        alpha: 0.25,
        beta,
        nda_views: None,
        temporal_negatives: Vec::new(),
    };
    let (nda, control) = (arm("nda", 0.75), arm("alpha-only", 0.0));
    two_arms.study.arms = vec![nda, control.clone()];
    let shared = run(&mut StudyRunner::new(&two_arms, &[], None).expect("valid"));
    let order: Vec<(&str, u64)> = shared
        .iter()
        .map(|pair| (pair.arm.as_str(), pair.seed))
        .collect();
    assert_eq!(
        order,
        [("nda", 4), ("alpha-only", 4), ("nda", 5), ("alpha-only", 5)],
        "seed by seed"
    );
    // The control arm on its own: each pair trains its own baseline beside its NDA run.
    let mut alone = two_arms.clone();
    alone.study.arms = vec![control];
    let separate = run(&mut StudyRunner::new(&alone, &[], None).expect("valid"));
    for (shared, separate) in shared[1..].iter().step_by(2).zip(&separate) {
        assert_eq!(shared.seed, separate.seed);
        assert!(shared.baseline.is_some() && shared.problem.is_none());
        assert_eq!(shared.nda, separate.nda, "seed {}", shared.seed);
        assert_eq!(shared.baseline, separate.baseline, "seed {}", shared.seed);
    }
}

#[test]
fn a_pair_given_its_seed_s_baseline_trains_its_nda_run_alone_and_is_judged_with_it() {
    let config = config();
    let unit = &config.study_units()[0].config;
    let set = generate(&BuiltinSpec {
        dataset: BuiltinDataset::Shapes,
        size: 32,
        count: 64,
        seed: 1,
    })
    .expect("set");
    let data = EvaluationData::Builtin(BuiltinSpec::default());
    let device = Device::flex().autodiff();
    let start = |baseline| {
        PairSession::start(unit, &set, &data, None, baseline, (&device, false)).expect("starts")
    };
    let first = start(None);
    let trained = first.gan().expect("a GAN pair").core.runs.len();
    let baseline = first.into_baseline().expect("its baseline");
    let label = baseline.0.label.clone();
    let second = start(Some(baseline));
    let session = second.gan().expect("a GAN pair");
    assert_eq!((trained, session.core.runs.len()), (2, 1), "one run trains");
    let labels: Vec<&str> = session
        .runs()
        .map(|(info, _)| info.label.as_str())
        .collect();
    assert_eq!(labels.len(), 2);
    assert_eq!(labels[1], label, "judged with the shared baseline");
}

#[test]
fn a_failed_evaluation_is_a_failed_pair_and_uploads_are_refused() {
    let mut runner = StudyRunner::new(&config(), &[1, 2], None).expect("valid");
    let device = Device::flex().autodiff();
    while block_on(runner.tick(&device, false, clock)).is_some_and(|(_, due)| !due) {}
    let Event::StudyUnitDone(pair) = runner.finish(Err("out of memory".into()), clock) else {
        panic!("a finished pair");
    };
    assert_eq!(
        (pair.seed, pair.problem.as_deref()),
        (4, Some("out of memory"))
    );
    assert!(pair.nda.is_none() && pair.baseline.is_none());
    assert!(
        block_on(runner.tick(&device, false, clock)).is_none(),
        "nothing left"
    );

    let mut uploads = config();
    uploads.dataset = DatasetChoice::Uploaded {
        fingerprint: "0123456789abcdef".into(),
        images: 10,
        size: 32,
    };
    let refused = StudyRunner::new(&uploads, &[], None);
    assert!(refused.is_err_and(|message| message.contains("upload them and choose them")));
    // With the named images active, the study trains on them and is judged against them.
    let DatasetChoice::Builtin(spec) = config().dataset else {
        panic!("a built-in config");
    };
    let images = nda_core::data::generate(&spec).expect("images");
    uploads.dataset = DatasetChoice::Uploaded {
        fingerprint: images.fingerprint(),
        images: images.len(),
        size: 32,
    };
    let runner = StudyRunner::new(&uploads, &[], Some(&images)).expect("runs on uploads");
    assert!(matches!(
        runner.evaluation_data(),
        crate::evaluator_kinds::EvaluationData::Uploads(set) if set.len() == images.len()
    ));
    uploads.task = nda_core::experiment::Task::Contrastive;
    assert!(StudyRunner::new(&uploads, &[], Some(&images)).is_err());
}

#[test]
fn a_contrastive_study_trains_its_encoders_and_ends_with_accuracies_and_aurocs() {
    let mut config = config();
    config.task = nda_core::experiment::Task::Contrastive;
    config.dataset = DatasetChoice::Builtin(BuiltinSpec {
        dataset: BuiltinDataset::Digits,
        size: 32,
        count: 60,
        seed: 1,
    });
    config.contrastive.steps = 2;
    config.contrastive.config.preset = ModelPreset::Tiny;
    config.contrastive.config.batch_size = 8;
    config.contrastive.config.queue_size = 16;
    config.study.seeds = vec![1, 2];
    config.study.primary_metric = "knn_accuracy".into();
    config.study.secondary_metrics = vec!["auroc".into()];
    let mut runner = StudyRunner::new(&config, &[], None).expect("valid");
    let device = Device::flex().autodiff();
    let mut done = Vec::new();
    let mut stages = Vec::new();
    while let Some((events, due)) = block_on(runner.tick(&device, false, clock)) {
        assert!(!due, "a contrastive pair measures itself");
        for event in events {
            match event {
                Event::StudyUnitDone(pair) => done.push(pair),
                Event::StudyProgress(progress) => stages.push(progress.stage),
                _ => {}
            }
        }
    }
    assert!(stages.iter().any(|stage| stage == "evaluating"));
    assert_eq!(
        done.iter().map(|pair| pair.seed).collect::<Vec<_>>(),
        [1, 2]
    );
    for pair in &done {
        assert_eq!(pair.problem, None);
        for rows in [&pair.nda, &pair.baseline] {
            let rows = rows.as_ref().expect("measured");
            for metric in ["knn_accuracy", "linear_accuracy", "auroc"] {
                assert!(
                    rows.iter()
                        .any(|row| row.metric == metric && row.iteration == 2),
                    "{metric} at step 2 in {rows:?}"
                );
            }
        }
        assert_ne!(
            pair.nda, pair.baseline,
            "NDA and baseline are different encoders"
        );
    }

    config.study.primary_metric = "kid".into();
    let refused = StudyRunner::new(&config, &[], None);
    assert!(refused.is_err_and(|message| message.contains("no \"kid\"")));
}

#[test]
fn a_video_study_trains_its_clip_encoders_and_ends_with_their_measures() {
    let mut config = ExperimentConfig {
        task: Task::Video,
        ..ExperimentConfig::default()
    };
    config.video.clips.count = 48;
    config.video.config.batch_size = 8;
    config.video.steps = 2;
    config.study.seeds = vec![1, 2];
    let mut runner = StudyRunner::new(&config, &[1], None).expect("valid");
    let done = run(&mut runner);
    assert_eq!(done.len(), 1, "the pair done earlier is skipped");
    let pair = &done[0];
    assert_eq!((pair.unit, pair.problem.as_deref()), (0, None));
    for rows in [&pair.nda, &pair.baseline] {
        let rows = rows.as_ref().expect("measured");
        let knn = rows
            .iter()
            .find(|row| row.metric == "motion_knn")
            .expect("the primary metric");
        assert_eq!(knn.iteration, 2, "measured at the last step");
        assert!((0.0..=1.0).contains(&knn.value));
    }
    assert_ne!(
        pair.nda, pair.baseline,
        "NDA and baseline are different encoders"
    );

    config.study.primary_metric = "kid".into();
    config.study.secondary_metrics = Vec::new();
    let refused = StudyRunner::new(&config, &[], None);
    assert!(refused.is_err_and(|message| message.contains("not \"kid\"")));
}
