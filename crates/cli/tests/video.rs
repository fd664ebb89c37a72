//! Integration: `nda-lab video --config examples/smoke-video.json` trains the clip encoder with
//! NDA clips and its baseline for 3 steps, writes every step and evaluation of both runs and the
//! NDA − baseline table; `nda-lab video-study` on `examples/smoke-study-video.json` (two seeds,
//! one arm) writes a report with the declared primary metric first, `study.csv` and a forest
//! plot, keeps the finished runs when run again, gives the same numbers when the study is an
//! experiment file with `"task": "Video"` run by `nda-lab study`, and a study that names an
//! image metric is refused. `--data` trains on a person's clips in labelled folders, holding a fifth of each
//! label out, and refuses clips without labels; a settings file of the page's Video panel made on a
//! person's clips runs with those clips (checked by fingerprint) and no others; every run writes
//! `run.zip` and its clips as GIFs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use nda_core::data::video::{ClipSpec, decode_clip_uploads, generate_clips};
use nda_core::data::{UploadFile, UploadLimits};
use nda_core::experiment::VideoArchive;

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
    let archive = VideoArchive::from_zip(&std::fs::read(out.join("run.zip")).expect("run.zip"))
        .expect("the run file reads");
    assert_eq!(archive.runs.len(), 2);
    assert_eq!(archive.runs[0].weights.iteration, 3);
    assert_eq!(archive.runs[1].evaluations.len(), 2);
    for gif in ["clips.gif", "nda-clips.gif", "clips.png", "nda-clips.png"] {
        assert!(out.join(gif).exists(), "{gif}");
    }
    let _ = std::fs::remove_dir_all(&out);
}

/// Writes `per_label` Moving Shapes clips of motions 0 and 1 as folders of PNG frames, one
/// folder per clip under a folder per motion.
fn clip_folders(root: &Path, per_label: usize) {
    let clips = generate_clips(&ClipSpec {
        count: 8 * per_label,
        ..ClipSpec::default()
    })
    .expect("clips");
    let side = clips.size() as u32;
    for clip in (0..clips.len()).filter(|clip| clips.label(*clip).is_some_and(|l| l < 2)) {
        let label = clips.label(clip).expect("labelled");
        let dir = root
            .join(format!("motion-{label}"))
            .join(format!("clip-{clip:03}"));
        std::fs::create_dir_all(&dir).expect("folder");
        let bytes = clips.clip(clip);
        for (frame, rgb) in bytes.chunks(bytes.len() / clips.frames()).enumerate() {
            image::RgbImage::from_raw(side, side, rgb.to_vec())
                .expect("a frame")
                .save(dir.join(format!("{frame:03}.png")))
                .expect("saved");
        }
    }
}

#[test]
fn a_person_s_labelled_clips_train_and_unlabelled_ones_are_refused() {
    let out = fresh("video-data");
    let data = out.join("clips");
    clip_folders(&data, 12);
    let run = Command::new(env!("CARGO_BIN_EXE_nda-lab"))
        .args(["video", "--config"])
        .arg(example("smoke-video.json"))
        .arg("--data")
        .arg(&data)
        .arg("--out")
        .arg(out.join("run"))
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        stdout.contains("24 of your clips: 20 to train on, 4 held out"),
        "{stdout}"
    );
    let evaluations = text(out.join("run").join("nda").join("evaluation.csv"));
    assert_eq!(evaluations.lines().count(), 3, "{evaluations}");
    let ran = text(out.join("run").join("experiment.json"));
    assert!(
        ran.contains("\"own_clips\"") && ran.contains("\"clips\": 24"),
        "the run names the clips it trained on: {ran}"
    );

    let flat = out.join("flat");
    std::fs::create_dir_all(&flat).expect("folder");
    std::fs::rename(
        data.join("motion-0").join("clip-000"),
        flat.join("clip-000"),
    )
    .expect("moved");
    let refused = Command::new(env!("CARGO_BIN_EXE_nda-lab"))
        .args(["video", "--config"])
        .arg(example("smoke-video.json"))
        .arg("--data")
        .arg(&flat)
        .arg("--out")
        .arg(out.join("refused"))
        .output()
        .expect("runs");
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("need labels"), "{stderr}");
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

    // The same study in the one experiment file (`"task": "Video"`), run by `nda-lab study`.
    let experiment = example("smoke-study-video-experiment.json");
    let same = nda_lab("study", &experiment, &out.join("same"));
    let same_out = String::from_utf8_lossy(&same.stdout);
    assert!(
        same.status.success(),
        "{same_out}\n{}",
        String::from_utf8_lossy(&same.stderr)
    );
    assert!(
        same_out.contains("Holm's floor"),
        "the plan first: {same_out}"
    );
    assert_eq!(text(out.join("same").join("study.csv")), csv);

    let image_metric = out.join("kid.json");
    let study = text(config).replace("\"motion_knn\"", "\"kid\"");
    std::fs::write(&image_metric, study).expect("written");
    let refused = nda_lab("video-study", &image_metric, &out.join("kid"));
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("not \"kid\""), "{stderr}");
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn a_page_settings_file_on_a_person_s_clips_runs_with_those_clips_only() {
    let out = fresh("video-own");
    let zip =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/training-clips.zip");
    // The page's decoding of that zip, as its clip gallery does.
    let page = decode_clip_uploads(
        vec![UploadFile {
            name: "training-clips.zip".into(),
            bytes: std::fs::read(&zip).expect("fixture"),
        }],
        32,
        8,
        &UploadLimits::default(),
    )
    .expect("clips");
    let fingerprint = page.clips.fingerprint();
    std::fs::create_dir_all(&out).expect("folder");
    let settings = out.join("settings.json");
    std::fs::write(
        &settings,
        format!(
            r#"{{"version": 2, "task": "Video",
                "video": {{"config": {{"preset": "Tiny", "batch_size": 8}}, "steps": 2,
                          "evaluate_every": 2,
                          "own_clips": {{"fingerprint": "{fingerprint}", "clips": 20}}}}}}"#
        ),
    )
    .expect("written");
    let video = |data: Option<&Path>, name: &str| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_nda-lab"));
        command.args(["video", "--config"]).arg(&settings);
        if let Some(data) = data {
            command.arg("--data").arg(data);
        }
        command
            .arg("--out")
            .arg(out.join(name))
            .output()
            .expect("runs")
    };
    let ran = video(Some(&zip), "ran");
    let stdout = String::from_utf8_lossy(&ran.stdout);
    assert!(
        ran.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&ran.stderr)
    );
    assert!(
        stdout.contains("20 of your clips: 16 to train on, 4 held out"),
        "{stdout}"
    );

    let without = video(None, "without");
    assert!(!without.status.success());
    let stderr = String::from_utf8_lossy(&without.stderr);
    assert!(stderr.contains("give them with --data"), "{stderr}");
    let other = out.join("other");
    clip_folders(&other, 3);
    let refused = video(Some(&other), "refused");
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("these are other clips"), "{stderr}");
    let _ = std::fs::remove_dir_all(&out);
}
