//! The study's comparisons on hand-made evaluations: wins, the exact p, Holm's correction, failed
//! pairs reported as diverged, and the Markdown and CSV forms.

use super::*;

fn rows(values: &[(&str, f64)]) -> Vec<MetricRow> {
    values
        .iter()
        .map(|&(metric, value)| MetricRow {
            iteration: 20,
            metric: metric.to_string(),
            value,
            sd: None,
        })
        .collect()
}

/// Eight seeds where NDA's KID is lower by 0.1, 0.2, … and its coverage equal or higher.
fn seeds() -> Vec<SeedResult> {
    (1..=8)
        .map(|seed| SeedResult {
            seed,
            nda: Some(rows(&[("kid", 1.0 - 0.1 * seed as f64), ("coverage", 0.5)])),
            baseline: Some(rows(&[
                ("kid", 1.0),
                ("coverage", 0.5 - 0.01 * (seed % 2) as f64),
            ])),
        })
        .collect()
}

#[test]
fn eight_wins_of_eight_give_the_exact_smallest_p_and_the_mean_difference() {
    let comparisons = compare_arm("kid", &["coverage".to_string()], &seeds());
    let kid = comparisons[0].comparison.as_ref().expect("compared");
    assert!(comparisons[0].primary && comparisons[0].holm_p.is_none());
    assert_eq!((kid.num_wins, kid.num_pairs), (8, 8));
    assert!((kid.p_value - 2.0 / 256.0).abs() < 1e-12, "{}", kid.p_value);
    assert!(
        (kid.mean_difference + 0.45).abs() < 1e-12,
        "mean of −0.1 … −0.8"
    );
    let coverage = comparisons[1].comparison.as_ref().expect("compared");
    assert_eq!((coverage.num_wins, coverage.num_ties), (4, 4));
    assert_eq!(
        comparisons[1].holm_p,
        Some(coverage.p_value),
        "one secondary: Holm is p"
    );
    assert!(
        comparisons[0].sentence().starts_with("NDA lower kid"),
        "{}",
        comparisons[0].sentence()
    );
}

#[test]
fn a_failed_pair_is_counted_as_diverged_and_a_missing_metric_says_why() {
    let mut seeds = seeds();
    seeds[2].nda = None;
    let comparisons = compare_arm("kid", &["class_accuracy".to_string()], &seeds);
    let kid = comparisons[0].comparison.as_ref().expect("compared");
    assert_eq!((kid.num_pairs, kid.num_diverged), (7, 1));
    assert!(
        comparisons[1].comparison.is_err(),
        "no seed has class_accuracy"
    );
    assert!(comparisons[1].sentence().contains("no comparison"));
    assert_eq!(comparisons[1].holm_p, None);
}

#[test]
fn the_table_and_csv_hold_every_metric_and_seed() {
    let comparisons = compare_arm("kid", &["coverage".to_string()], &seeds());
    let table = markdown_table(&comparisons);
    assert!(
        table.contains("| **kid** (primary) | lower | -0.4500 ["),
        "{table}"
    );
    assert!(table.contains("| 8/8 | 0.0078 | — |"), "{table}");
    let csv = study_csv(&[("nda".to_string(), comparisons)]);
    assert_eq!(csv.lines().count(), 1 + 2 * 8);
    assert!(
        csv.contains("\nnda,1,kid,0.9,1,-0.09999999999999998\n"),
        "{csv}"
    );
}
