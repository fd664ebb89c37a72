//! Integration: `nda-lab video --config examples/smoke-video.json` trains the clip encoder with
//! NDA clips and its baseline for 3 steps, writes every step and evaluation of both runs and the
//! NDA − baseline table; `nda-lab video-study` on `examples/smoke-study-video.json` (two seeds,
//! one arm) writes a report with the declared primary metric first, `study.csv` and a forest
//! plot, keeps the finished runs when run again, and a study that names an image metric is
//! refused.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn example(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name)
}

fn nda_lab(command: &str, config: &Path, out: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nda-lab"))
        .args([command, "--config"])
        .arg(config)
        .arg("--out")
        .arg(out)
        .output()
        .expect("runs")
}

fn fresh(name: &str) -> PathBuf {
    let out = std::env::temp_dir().join(format!("nda-lab-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    out
}

fn text(path: PathBuf) -> String {
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

#[test]
fn a_video_run_writes_its_steps_evaluations_and_comparison() {
    let out = fresh("video");
    let output = nda_lab("video", &example("smoke-video.json"), &out);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for run in ["nda", "baseline"] {
        let metrics = text(out.join(run).join("metrics.csv"));
        assert_eq!(metrics.lines().count(), 4, "{metrics}");
        let evaluations = text(out.join(run).join("evaluation.csv"));
        let steps: Vec<&str> = evaluations
            .lines()
            .skip(1)
            .map(|line| line.split(',').next().unwrap_or_default())
            .collect();
        assert_eq!(steps, ["2", "3"], "{evaluations}");
    }
    let nda = text(out.join("nda").join("metrics.csv"));
    assert!(nda.lines().nth(1).is_some_and(|line| !line.contains(",,")));
    let baseline = text(out.join("baseline").join("metrics.csv"));
    assert!(
        baseline
            .lines()
            .nth(1)
            .is_some_and(|line| line.contains(",,"))
    );
    let comparison = text(out.join("comparison.md"));
    for row in [
        "motion k-NN",
        "one frame k-NN (control)",
        "anomaly AUROC, reverse (control)",
    ] {
        assert!(comparison.contains(row), "{comparison}");
    }
    assert!(stdout.contains("nda at step 3: motion k-NN"), "{stdout}");
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn a_video_study_reports_resumes_and_refuses_image_metrics() {
    let out = fresh("video-study");
    let config = example("smoke-study-video.json");
    let first = nda_lab("video-study", &config, &out);
    let stdout = String::from_utf8_lossy(&first.stdout);
    assert!(
        first.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let report = text(out.join("report.md"));
    assert!(report.contains("**motion_knn** (primary)"), "{report}");
    assert!(report.contains("auroc_reverse"), "{report}");
    let csv = text(out.join("study.csv"));
    // Two seeds × four metrics, and the header.
    assert_eq!(csv.lines().count(), 9, "{csv}");
    assert!(out.join("forest-shuffle.svg").exists());
    let again = nda_lab("video-study", &config, &out);
    let again_out = String::from_utf8_lossy(&again.stdout);
    assert_eq!(
        again_out.matches("kept (finished earlier)").count(),
        4,
        "{again_out}"
    );
    assert_eq!(text(out.join("report.md")), report);

    let image_metric = out.join("kid.json");
    let study = text(config).replace("\"motion_knn\"", "\"kid\"");
    std::fs::write(&image_metric, study).expect("written");
    let refused = nda_lab("video-study", &image_metric, &out.join("kid"));
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("not \"kid\""), "{stderr}");
    let _ = std::fs::remove_dir_all(&out);
}
