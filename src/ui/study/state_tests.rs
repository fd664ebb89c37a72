use super::*;
use crate::experiment::DatasetChoice;
use crate::train::evaluation::MetricRow;

use super::super::test_page as page;

fn rows(fd: f64) -> Option<Vec<MetricRow>> {
    Some(vec![MetricRow {
        iteration: 4,
        metric: "fd".into(),
        value: fd,
        sd: None,
    }])
}

fn pair(unit: usize, nda: f64, baseline: f64) -> Event {
    Event::StudyUnitDone(StudyUnitDone {
        unit,
        arm: "nda".into(),
        seed: unit as u64 + 1,
        nda: rows(nda),
        baseline: rows(baseline),
        problem: None,
        millis: 2_000.0,
    })
}

#[test]
fn the_plan_says_what_runs_and_warns_about_few_seeds() {
    let mut state = StudyState::default();
    let plan = state.plan(&page()).expect("a plan");
    assert_eq!(
        plan.warning, None,
        "10 seeds can reach p < 0.05 on every metric, after Holm's correction too"
    );
    assert!(plan.description.starts_with("10 seeds (1–10) × 1 arm"));
    assert!(
        plan.description
            .contains("20 runs of 4 iterations on Digits (32 px)")
    );
    state.edit_seeds("8");
    let plan = state.plan(&page()).expect("a plan");
    assert!(
        plan.warning
            .as_ref()
            .is_some_and(|warning| warning.contains("no secondary metric can reach p < 0.05")),
        "{:?}",
        plan.warning
    );
    assert!(plan.config.evaluation.enabled);
    state.edit_seeds("2");
    let plan = state.plan(&page()).expect("a plan");
    assert!(
        plan.warning
            .is_some_and(|warning| warning.contains("2 seeds cannot reach"))
    );
    state.edit_seeds("1");
    assert!(state.form_error.is_some());
    assert_eq!(state.seeds, 2, "the old value stays");
    let mut uploads = page();
    uploads.dataset = DatasetChoice::Uploaded {
        fingerprint: "0123456789abcdef".into(),
        images: 10,
        size: 32,
    };
    let on_uploads = state.plan(&uploads).expect("a GAN study runs on uploads");
    assert!(
        on_uploads.description.contains("on uploads"),
        "{}",
        on_uploads.description
    );
    state.task = Task::Contrastive;
    assert!(
        state.plan(&uploads).is_err(),
        "a contrastive study needs a built-in set"
    );
    state.task = Task::Gan;
    state.control_arm = true;
    let plan = state.plan(&page()).expect("a plan");
    assert!(
        plan.description.contains("× 2 arms"),
        "{}",
        plan.description
    );
    assert!(
        plan.description.contains(": 4 NDA/baseline pairs, 6 runs"),
        "one baseline per seed: {}",
        plan.description
    );
    let arms = &plan.config.study.arms;
    assert_eq!(arms.len(), 2);
    assert_eq!(
        (arms[1].name.as_str(), arms[1].alpha, arms[1].beta),
        ("alpha-only", 0.25, 0.0)
    );
    assert_eq!(
        arms[0].negatives, arms[1].negatives,
        "the control keeps the negatives, unweighted"
    );
}

#[test]
fn finished_pairs_give_statistics_time_left_and_a_resume_point() {
    let mut state = StudyState::default();
    state.edit_seeds("3");
    let Some(Command::StudyRun { done, .. }) = state.start(&page()) else {
        panic!("a study command");
    };
    assert!(done.is_empty());
    assert!(state.apply(&pair(0, 1.0, 2.0)), "a finished pair is saved");
    assert!(state.apply(&pair(2, 1.5, 2.5)));
    assert_eq!(
        state.seconds_left(),
        Some(2.0),
        "one pair left at 2 s a pair"
    );
    state.apply(&Event::StudyEnded { finished: false });
    assert!(state.can_resume());
    let Some(Command::StudyRun { done, .. }) = state.resume() else {
        panic!("a resume command");
    };
    assert_eq!(done, [0, 2]);
    assert!(!state.can_resume(), "running");
    state.apply(&pair(1, 0.5, 2.0));
    let comparisons = state.comparisons();
    assert_eq!(comparisons.len(), 1);
    let fd = &comparisons[0].1[0];
    assert!(fd.primary && fd.metric == "fd");
    let statistics = fd.comparison.as_ref().expect("three pairs");
    assert_eq!(statistics.num_wins, 3);
    assert!((statistics.mean_difference + 7.0 / 6.0).abs() < 1e-12);
    state.apply(&Event::StudyEnded { finished: true });
    assert!(!state.can_resume(), "every pair is done");
}

#[test]
fn a_crashed_worker_stops_the_study_and_keeps_its_pairs() {
    let mut state = StudyState::default();
    state.edit_seeds("3");
    state.start(&page());
    state.apply(&pair(0, 1.0, 2.0));
    state.worker_lost("out of memory");
    assert!(!state.running);
    assert!(
        state
            .error
            .as_deref()
            .is_some_and(|error| error.contains("out of memory"))
    );
    assert!(state.can_resume(), "its finished pair is kept to resume");
}
