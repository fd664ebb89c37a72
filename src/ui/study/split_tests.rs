use super::*;
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

/// The stored study one browser holds after running `config` (a part or the whole): a pair per
/// planned unit with FD `seed` for NDA and `seed + 1` for the baseline, numbered as it ran.
fn ran(config: &ExperimentConfig) -> StoredStudy {
    StoredStudy {
        pairs: config
            .study_units()
            .iter()
            .enumerate()
            .map(|(unit, planned)| StudyUnitDone {
                unit,
                arm: planned.arm.clone(),
                seed: planned.seed,
                nda: rows(planned.seed as f64),
                baseline: rows(planned.seed as f64 + 1.0),
                problem: None,
                millis: 1_000.0 * unit as f64,
            })
            .collect(),
        config: config.clone(),
        description: describe(config),
    }
}

fn file(study: &StoredStudy) -> (String, String) {
    (results_file_name(study), results_file(study))
}

fn split_in_two(state: &mut StudyState) -> Vec<(StudyPart, Vec<u64>, ExperimentConfig)> {
    state.edit_seeds("5");
    state.edit_split("2", &page());
    state.parts(&page())
}

#[test]
fn each_part_link_runs_its_share_of_the_seeds_and_says_so() {
    let mut state = StudyState::default();
    assert!(state.parts(&page()).is_empty(), "one browser: no links");
    let parts = split_in_two(&mut state);
    let seeds: Vec<&[u64]> = parts.iter().map(|(_, seeds, _)| seeds.as_slice()).collect();
    assert_eq!(seeds, [&[1, 3, 5][..], &[2, 4][..]]);
    let (_, _, second) = &parts[1];
    let units: Vec<u64> = second.study_units().iter().map(|unit| unit.seed).collect();
    assert_eq!(units, [2, 4], "a part trains its seeds only");
    // Opened from its link, the part plans its own pairs and says which part it is.
    let mut opened = StudyState::default();
    opened.adopt(second);
    let plan = opened.plan(&page()).expect("a plan");
    assert!(
        plan.description.starts_with(
            "Part 2 of 2 of a study split across browsers: this page runs seeds 2, 4;"
        ),
        "{}",
        plan.description
    );
    assert_eq!(
        plan.config.study.part,
        Some(StudyPart { index: 2, count: 2 })
    );
    state.edit_split("6", &page());
    assert!(state.form_error.is_some(), "5 seeds split 6 ways");
    assert_eq!(state.split, 2, "the old value stays");
}

#[test]
fn merged_parts_are_the_study_run_in_one_browser() {
    let mut state = StudyState::default();
    let parts = split_in_two(&mut state);
    let files: Vec<(String, String)> = parts
        .iter()
        .rev()
        .map(|(_, _, config)| file(&ran(config)))
        .collect();
    assert_eq!(files[0].0, "study-results-part-2-of-2.json");
    let merged = merge(&files).expect("merged");
    let whole = ran(&whole(&parts[0].2));
    assert_eq!(merged.config, whole.config);
    let numbers = |study: &StoredStudy| -> Vec<(usize, u64, Option<Vec<MetricRow>>)> {
        study
            .pairs
            .iter()
            .map(|pair| (pair.unit, pair.seed, pair.nda.clone()))
            .collect()
    };
    let mut merged_numbers = numbers(&merged);
    merged_numbers.sort_by_key(|(unit, ..)| *unit);
    assert_eq!(
        merged_numbers,
        numbers(&whole),
        "numbered as the whole study"
    );
    let mut shown = StudyState::default();
    assert!(shown.merge_results(&files));
    let mut alone = StudyState {
        study: Some(whole),
        ..StudyState::default()
    };
    // Debug text, since the metrics these pairs lack are NaN on both sides.
    assert_eq!(
        format!("{:?}", shown.comparisons()),
        format!("{:?}", alone.comparisons())
    );
    assert_eq!(
        shown.done_line(),
        Some("5 of 5 pairs done (not running)".into())
    );
    assert!(!shown.can_resume());
    alone.running = true;
    assert!(!alone.merge_results(&files), "not while a study runs");
}

#[test]
fn a_merge_refuses_other_studies_doubled_pairs_and_says_which_seeds_are_missing() {
    let mut state = StudyState::default();
    let parts = split_in_two(&mut state);
    let first = ran(&parts[0].2);
    let second = ran(&parts[1].2);
    let missing = merge(&[file(&first)]).expect_err("a part missing");
    assert!(missing.starts_with("seeds 2, 4 are missing"), "{missing}");

    let mut other = second.clone();
    other.config.study.primary_metric = "kid".into();
    let refused = merge(&[file(&first), file(&other)]).expect_err("another study");
    assert!(refused.contains("is from another study"), "{refused}");

    let mut doubled = first.clone();
    doubled.pairs[0].nda = rows(99.0);
    let refused = merge(&[file(&first), file(&second), file(&doubled)]).expect_err("doubled");
    assert!(
        refused.contains("holds seed 1 of arm nda again with other numbers"),
        "{refused}"
    );
    // The same pair twice with the same numbers (a file given twice) merges.
    assert!(merge(&[file(&first), file(&second), file(&first)]).is_ok());

    let refused = merge(&[("notes.json".into(), "{\"a\": 1}".into())]).expect_err("not one");
    assert_eq!(refused, "notes.json is not a study results file of NDA Lab");
    let newer = results_file(&first).replace("\"version\": 1", "\"version\": 9");
    let refused = merge(&[("new.json".into(), newer)]).expect_err("newer");
    assert!(
        refused.contains("version 9, newer than this page reads"),
        "{refused}"
    );
}
