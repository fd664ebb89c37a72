//! Integration: the `nda-lab` command line on a person's own images. A zip with label folders,
//! system clutter and bad files trains a short GAN and a short contrastive run; the summary names
//! every refused file with its reason; the written config records the images' fingerprint;
//! `nda-lab sample` draws from the run file the GAN wrote, and `nda-lab evaluate` judges it
//! against the images.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use nda_core::data::{BuiltinDataset, BuiltinSpec, generate};
use nda_core::experiment::GanSection;
use nda_core::experiment::{DatasetChoice, ExperimentConfig, Task, parse_config};
use nda_core::model::ModelPreset;
use zip::write::{SimpleFileOptions, ZipWriter};

/// 24 shapes as PNG files, each with its path `<class>/<index>.png`.
fn labelled_pngs() -> Vec<(String, Vec<u8>)> {
    let set = generate(&BuiltinSpec {
        dataset: BuiltinDataset::Shapes,
        size: 32,
        count: 24,
        seed: 2,
    })
    .expect("shapes");
    (0..set.len())
        .map(|index| {
            let image =
                image::RgbImage::from_raw(32, 32, set.image_rgb(index).to_vec()).expect("rgb");
            let mut png = Cursor::new(Vec::new());
            image
                .write_to(&mut png, image::ImageFormat::Png)
                .expect("png");
            let class = &set.class_names()[set.label(index).expect("label") as usize];
            (format!("{class}/{index:02}.png"), png.into_inner())
        })
        .collect()
}

/// 24 shapes as PNGs in `shapes/<class>/`, plus clutter and four files that cannot be used.
fn labelled_zip() -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default();
    let mut add = |name: &str, bytes: &[u8]| {
        zip.start_file(name, options).expect("entry");
        zip.write_all(bytes).expect("bytes");
    };
    for (name, png) in labelled_pngs() {
        add(&format!("shapes/{name}"), &png);
    }
    add("__MACOSX/shapes/._00.png", b"resource fork");
    add("shapes/.DS_Store", b"clutter");
    add("shapes/notes.txt", b"these are shapes");
    add("shapes/circle/empty.png", b"");
    add(
        "shapes/square/truncated.png",
        &b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"[..],
    );
    add(
        "shapes/star/photo.heic",
        b"\0\0\0\x18ftypheic\0\0\0\0mif1heic",
    );
    zip.finish().expect("zip").into_inner()
}

fn folder(tag: &str) -> PathBuf {
    let folder = std::env::temp_dir().join(format!("nda-lab-cli-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&folder).expect("folder");
    folder
}

fn nda_lab(arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nda-lab"))
        .args(arguments)
        .output()
        .expect("runs")
}

fn path(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// A tiny experiment: 2 GAN iterations of batch 8 and its baseline, or 2 contrastive steps.
fn tiny_config(task: Task) -> String {
    let mut config = ExperimentConfig {
        task,
        gan: GanSection {
            iterations: 2,
            sample_every: 1,
            compare_with_baseline: true,
            conditional: true,
            ..GanSection::default()
        },
        ..ExperimentConfig::default()
    };
    config.gan.config.preset = ModelPreset::Tiny;
    config.gan.config.latent_dim = 8;
    config.gan.config.batch_size = 8;
    config.gan.config.n_dis = 1;
    config.contrastive.steps = 2;
    config.contrastive.evaluate_every = 2;
    config.contrastive.config.preset = ModelPreset::Tiny;
    config.contrastive.config.batch_size = 8;
    config.contrastive.config.queue_size = 16;
    // Used only by `nda-lab evaluate`: the encoder of the images trains 10 steps.
    config.evaluation.evaluator_steps = 10;
    serde_json::to_string(&config).expect("json")
}

fn check_summary(stderr: &str) {
    let summary = stderr
        .lines()
        .find(|line| line.starts_with("data: "))
        .unwrap_or_else(|| panic!("no summary in {stderr}"));
    assert!(
        summary.starts_with("data: 24 images added from "),
        "{summary}"
    );
    assert!(summary.contains("(6 classes: circle, cross, ring, square, star, triangle; 0 unlabelled); 4 files refused; 2 files skipped as system clutter"), "{summary}");
    for (name, reason) in [
        ("shapes.zip/shapes/notes.txt", "this is not an image file"),
        ("shapes.zip/shapes/circle/empty.png", "the file is empty"),
        ("shapes.zip/shapes/square/truncated.png", "truncated"),
        ("shapes.zip/shapes/star/photo.heic", "HEIC"),
    ] {
        let line = stderr
            .lines()
            .find(|line| line.starts_with(&format!("  refused {name}: ")))
            .unwrap_or_else(|| panic!("{name} is not listed in {stderr}"));
        assert!(line.contains(reason), "{line}");
    }
}

/// Runs `nda-lab <command> --data shapes.zip` on a tiny experiment of `task` in a new folder;
/// checks that it succeeded and printed the summary. Returns the folder, the output folder and
/// what the command printed.
fn train_on_the_zip(command: &str, task: Task) -> (PathBuf, PathBuf, Output) {
    let dir = folder(command);
    let data = dir.join("shapes.zip");
    std::fs::write(&data, labelled_zip()).expect("zip");
    let config = dir.join("experiment.json");
    std::fs::write(&config, tiny_config(task)).expect("config");
    let out = dir.join("out");
    let trained = nda_lab(&[
        command,
        "--config",
        path(&config),
        "--data",
        path(&data),
        "--out",
        path(&out),
    ]);
    let stderr = String::from_utf8_lossy(&trained.stderr);
    assert!(trained.status.success(), "{stderr}");
    check_summary(&stderr);
    (dir, out, trained)
}

#[test]
fn a_zip_of_labelled_folders_trains_a_gan_and_the_run_file_samples() {
    let (dir, out, trained) = train_on_the_zip("gan", Task::Gan);
    let stderr = String::from_utf8_lossy(&trained.stderr);
    let written = parse_config(&std::fs::read_to_string(out.join("config.json")).expect("config"))
        .expect("parses");
    let DatasetChoice::Uploaded {
        fingerprint,
        images,
        size,
    } = written.dataset
    else {
        panic!(
            "the written config names the uploads: {:?}",
            written.dataset
        );
    };
    assert_eq!((fingerprint.len(), images, size), (16, 24, 32));
    assert!(stderr.contains(&format!("fingerprint {fingerprint}")));
    assert_eq!(
        written.gan.config.num_classes,
        Some(6),
        "conditional on the folders"
    );
    for run in ["nda", "baseline"] {
        let metrics = std::fs::read_to_string(out.join(run).join("metrics.csv")).expect("metrics");
        assert_eq!(metrics.lines().count(), 3, "header and two iterations");
    }

    let grid = dir.join("grid.png");
    let sampled = nda_lab(&[
        "sample",
        path(&out.join("run.zip")),
        "--run",
        "baseline",
        "--n",
        "16",
        "--seed",
        "3",
        "--out",
        path(&grid),
    ]);
    assert!(
        sampled.status.success(),
        "{}",
        String::from_utf8_lossy(&sampled.stderr)
    );
    let image = image::open(&grid).expect("a PNG");
    assert!(image.width() > 8 * 32 && image.height() > 2 * 32 && image.height() < 3 * 32 + 16);

    // The run file is evaluated against the images, in an encoder trained on them without NDA
    // and in its untrained twin.
    let evaluated_dir = dir.join("evaluation");
    let evaluated = nda_lab(&[
        "evaluate",
        path(&out.join("run.zip")),
        "--data",
        path(&dir.join("shapes.zip")),
        "--samples",
        "24",
        "--anomaly-images",
        "20",
        "--out",
        path(&evaluated_dir),
    ]);
    let stdout = String::from_utf8_lossy(&evaluated.stdout);
    assert!(
        evaluated.status.success(),
        "{}",
        String::from_utf8_lossy(&evaluated.stderr)
    );
    assert!(stdout.contains("a MoCo-v2 encoder trained without NDA on them for 10 steps"));
    assert!(stdout.contains("Class accuracy comes from a linear probe"));
    let csv = std::fs::read_to_string(evaluated_dir.join("nda/evaluation.csv")).expect("csv");
    for metric in [
        "kid",
        "kid_untrained",
        "fd_untrained",
        "auroc",
        "auroc:shapes",
    ] {
        assert!(
            csv.lines()
                .any(|line| line.split(',').nth(1) == Some(metric)),
            "{metric} in {csv}"
        );
    }

    // The same config without its files says what to give.
    let again = nda_lab(&[
        "gan",
        "--config",
        path(&out.join("config.json")),
        "--out",
        path(&dir.join("again")),
    ]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("give them with --data PATH"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_zip_of_labelled_folders_trains_a_contrastive_run() {
    let (dir, out, trained) = train_on_the_zip("contrastive", Task::Contrastive);
    let stdout = String::from_utf8_lossy(&trained.stdout);
    assert!(
        stdout.contains("nda run, step 2: k-NN accuracy"),
        "{stdout}"
    );
    let accuracy = std::fs::read_to_string(out.join("nda/accuracy.csv")).expect("accuracy");
    assert_eq!(accuracy.lines().count(), 3, "steps 0 and 2");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The 24 shapes of [`labelled_pngs`] in `dir/<class>/`: a folder of labelled images.
fn labelled_folder(dir: &Path) {
    for (name, png) in labelled_pngs() {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().expect("class folder")).expect("folder");
        std::fs::write(path, png).expect("png");
    }
}

#[test]
fn a_study_runs_on_a_folder_of_labelled_images_with_the_upload_evaluators() {
    let dir = folder("study");
    let data = dir.join("shapes");
    labelled_folder(&data);
    let mut config: serde_json::Value =
        serde_json::from_str(&tiny_config(Task::Gan)).expect("json");
    config["study"] = serde_json::json!({ "seeds": [1, 2], "primary_metric": "kid" });
    config["evaluation"]["num_samples"] = serde_json::json!(24);
    config["evaluation"]["anomaly_images"] = serde_json::json!(20);
    let config_path = dir.join("study.json");
    std::fs::write(&config_path, config.to_string()).expect("config");
    let out = dir.join("out");
    let ran = nda_lab(&[
        "study",
        "--config",
        path(&config_path),
        "--data",
        path(&data),
        "--out",
        path(&out),
    ]);
    let stdout = String::from_utf8_lossy(&ran.stdout);
    assert!(
        ran.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&ran.stderr)
    );
    let report = std::fs::read_to_string(out.join("report.md")).expect("report");
    assert!(
        report.starts_with("# NDA study: 24 of your images at 32 px, 2 iterations, 2 seeds"),
        "{report}"
    );
    assert!(report.contains("the features of an encoder trained on your images without NDA"));
    for metric in ["**kid** (primary)", "kid_untrained", "diversity"] {
        let row = report
            .lines()
            .find(|line| line.starts_with(&format!("| {metric} |")))
            .unwrap_or_else(|| panic!("no row for {metric} in\n{report}"));
        assert!(row.contains('[') && row.contains("/2 |"), "{row}");
    }
    assert!(
        !report.contains("| structure |"),
        "no structure detector for a person's images"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
