//! Integration: `nda-lab study --config examples/smoke-study.json` (two seeds, tiny) trains both
//! pairs, writes `report.md` with Δ, its interval, wins and p for every metric and `study.csv`
//! with every seed; run again, it keeps the finished pairs and writes the same report. The same
//! for a contrastive study (`examples/smoke-study-contrastive.json`): k-NN and probe accuracy and
//! anomaly AUROCs of the encoders, and a GAN metric named in it is refused.

use std::path::PathBuf;
use std::process::{Command, Output};

use nda_lab::train::study::StudySettings;

fn study(out: &PathBuf) -> Output {
    study_of("examples/smoke-study.json", out)
}

fn study_of(example: &str, out: &PathBuf) -> Output {
    let example = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(example);
    Command::new(env!("CARGO_BIN_EXE_nda-lab"))
        .args(["study", "--config"])
        .arg(&example)
        .arg("--out")
        .arg(out)
        .output()
        .expect("runs")
}

#[test]
fn the_smoke_study_reports_every_metric_and_resumes() {
    let out = std::env::temp_dir().join(format!("nda-lab-smoke-study-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let first = study(&out);
    let stdout = String::from_utf8_lossy(&first.stdout);
    assert!(
        first.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(
        stdout.contains("warning: 2 seeds cannot reach p < 0.05"),
        "{stdout}"
    );
    let report = std::fs::read_to_string(out.join("report.md")).expect("report");
    let defaults = StudySettings::default();
    let metrics: Vec<&str> = std::iter::once(defaults.primary_metric.as_str())
        .chain(defaults.secondary_metrics.iter().map(String::as_str))
        .collect();
    for metric in &metrics {
        let row = report
            .lines()
            .find(|line| {
                line.starts_with(&format!("| {metric} |"))
                    || line.starts_with(&format!("| **{metric}**"))
            })
            .unwrap_or_else(|| panic!("no row for {metric} in\n{report}"));
        // Δ [low, high], wins k/2, p: either numbers or a stated reason.
        assert!(
            row.contains('[') && row.contains("/2 |") || row.contains("— ("),
            "{row}"
        );
    }
    assert!(
        report.contains("Per seed, kid:") && report.contains("## What this is not"),
        "{report}"
    );
    assert!(report.contains("**Too few seeds:**"), "{report}");
    let forest = std::fs::read_to_string(out.join("forest-nda.svg")).expect("forest plot");
    assert!(forest.contains("kid (primary)") && report.contains("(forest-nda.svg)"));
    let png = std::fs::read(out.join("forest-nda.png")).expect("the plot as PNG");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    let csv = std::fs::read_to_string(out.join("study.csv")).expect("csv");
    assert_eq!(csv.lines().count(), 1 + metrics.len() * 2, "{csv}");

    let second = study(&out);
    let stdout = String::from_utf8_lossy(&second.stdout);
    assert!(second.status.success(), "{stdout}");
    assert_eq!(
        stdout.matches("kept (finished earlier)").count(),
        2,
        "{stdout}"
    );
    let again = std::fs::read_to_string(out.join("report.md")).expect("report");
    assert_eq!(again, report, "the kept pairs give the same report");
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn a_contrastive_study_compares_accuracy_and_anomaly_detection_and_resumes() {
    let out =
        std::env::temp_dir().join(format!("nda-lab-contrastive-study-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let first = study_of("examples/smoke-study-contrastive.json", &out);
    let stdout = String::from_utf8_lossy(&first.stdout);
    assert!(
        first.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let report = std::fs::read_to_string(out.join("report.md")).expect("report");
    assert!(report.starts_with("# NDA study (contrastive): 300 images of Digits"));
    assert!(
        report.contains("## Arm `nda`: negatives jigsaw (weight 1), m = 2 NDA views per image")
    );
    for metric in [
        "**knn_accuracy** (primary)",
        "linear_accuracy",
        "auroc",
        "auroc_nda_unseen",
        "auroc_corruptions",
    ] {
        let row = report
            .lines()
            .find(|line| line.starts_with(&format!("| {metric} |")))
            .unwrap_or_else(|| panic!("no row for {metric} in\n{report}"));
        assert!(row.contains('[') && row.contains("/2 |"), "{row}");
    }
    let second = study_of("examples/smoke-study-contrastive.json", &out);
    let stdout = String::from_utf8_lossy(&second.stdout);
    assert_eq!(
        stdout.matches("kept (finished earlier)").count(),
        2,
        "{stdout}"
    );

    // A GAN metric in a contrastive study is refused before anything runs.
    let config = out.join("kid.json");
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/smoke-study-contrastive.json"),
    )
    .expect("example")
    .replace(
        "\"primary_metric\": \"knn_accuracy\"",
        "\"primary_metric\": \"kid\"",
    );
    std::fs::write(&config, text).expect("config");
    let refused = Command::new(env!("CARGO_BIN_EXE_nda-lab"))
        .args(["study", "--config"])
        .arg(&config)
        .arg("--out")
        .arg(out.join("refused"))
        .output()
        .expect("runs");
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("a contrastive study has no \"kid\"")
    );
    let _ = std::fs::remove_dir_all(&out);
}
