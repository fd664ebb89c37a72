//! Old links and files keep opening: the version 1 fixtures in `tests/fixtures/v1/` were written by
//! the page that wrote version 1 (see `capture.mjs` there). Natively, each link and settings file
//! must read, agree with each other, keep the settings the capture set, and survive a round trip
//! through today's format; each run file must read with its runs. The browser test
//! `tests/e2e/formats.test.js` checks that the page shows every setting as it was.

use std::path::{Path, PathBuf};

use nda_core::experiment::{
    ContrastiveArchive, DatasetChoice, DevicePreference, ExperimentConfig, RunArchive, Task,
    decode_link, encode_link, parse_config,
};
use nda_core::train::evaluation::quality_reference::validated_metrics;
use nda_core::train::study::StudySettings;
use nda_core::train::video::{VideoExperiment, VideoStudy};
use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/v1")
}

/// The link's page and the settings file's config of fixture `name`.
fn read(name: &str) -> (nda_core::experiment::SharedPage, ExperimentConfig) {
    let text = std::fs::read_to_string(fixtures().join(format!("{name}.json"))).expect("fixture");
    let fixture: Value = serde_json::from_str(&text).expect("fixture json");
    assert_eq!(
        fixture["file"]["version"], 1,
        "{name} is a version 1 fixture"
    );
    let link = fixture["link"].as_str().expect("link");
    let page = decode_link(link)
        .unwrap_or_else(|error| panic!("{name}: the link is refused: {error}"))
        .expect("a share link");
    let file = parse_config(&fixture["file"].to_string())
        .unwrap_or_else(|error| panic!("{name}: the file is refused: {error}"));
    (page, file)
}

const LINKED: [&str; 8] = [
    "default",
    "gan-everything",
    "contrastive-everything",
    "gan-study",
    "contrastive-study",
    "teacher",
    "preset",
    "lesson",
];

#[test]
fn every_version_1_link_and_file_reads_and_round_trips_in_todays_format() {
    for name in LINKED {
        let (page, file) = read(name);
        assert_eq!(
            page.config, file,
            "{name}: the link and the file were one experiment"
        );
        let again = decode_link(&encode_link(&page))
            .expect("today's link")
            .expect("a link");
        assert_eq!(again, page, "{name}: round trip");
        let written = serde_json::to_string(&file).expect("json");
        assert_eq!(
            parse_config(&written).expect("today's file"),
            file,
            "{name}"
        );
        assert!(
            written.contains("\"version\":2"),
            "{name}: written as version 2"
        );
    }
}

#[test]
fn the_settings_each_capture_made_survive_the_migration() {
    let (_, gan) = read("gan-everything");
    assert_eq!(gan.task, Task::Gan);
    assert_eq!(gan.device, DevicePreference::Cpu);
    assert!(
        matches!(&gan.dataset, DatasetChoice::Builtin(spec) if spec.count == 1000 && spec.seed == 7)
    );
    assert_eq!(gan.gan.iterations, 123);
    assert_eq!(gan.gan.sample_every, 7);
    assert!(gan.gan.conditional);
    assert_eq!(gan.gan.config.batch_size, 16);
    assert_eq!(gan.gan.config.n_dis, 2);
    assert_eq!(gan.gan.config.seed, 42);
    assert_eq!(gan.gan.config.negatives.len(), 3);
    assert_eq!(gan.gallery.num_images, 6);
    assert_eq!(gan.evaluation.num_samples, 300);
    assert!(gan.evaluation.enabled);

    let (page, contrastive) = read("contrastive-everything");
    assert_eq!(contrastive.task, Task::Contrastive);
    assert_eq!(contrastive.contrastive.steps, 77);
    assert_eq!(contrastive.contrastive.config.nda_views, 3);
    assert_eq!(contrastive.contrastive.config.queue_size, 512);
    assert_eq!(page.panel, nda_core::experiment::OpenPanel::Contrastive);

    let (preset, _) = read("preset");
    assert!(
        preset.config.gan.compare_with_baseline,
        "the preset compares with the baseline"
    );
    assert_eq!(preset.config.gan.iterations, 300);
    let (lesson, _) = read("lesson");
    assert!(lesson.lesson.is_some() && !lesson.hidden.is_empty());
    let (teacher, _) = read("teacher");
    assert_eq!(teacher.hidden.len(), 3);
    let (study, _) = read("gan-study");
    assert_eq!(study.config.study.seeds.len(), 4);
}

#[test]
fn version_1_run_files_read_with_their_runs() {
    let gan = RunArchive::from_zip(&std::fs::read(fixtures().join("gan-run.zip")).expect("zip"))
        .expect("the GAN run file reads");
    assert_eq!(gan.config.gan.config.batch_size, 8);
    assert_eq!(gan.config.gan.config.seed, 9);
    assert!(!gan.runs.is_empty());
    let contrastive = ContrastiveArchive::from_zip(
        &std::fs::read(fixtures().join("contrastive-run.zip")).expect("zip"),
    )
    .expect("the contrastive run file reads");
    assert_eq!(contrastive.config.contrastive.config.batch_size, 16);
    assert_eq!(contrastive.config.contrastive.config.seed, 9);
    assert_eq!(contrastive.runs.len(), 1, "the NDA encoder (trained alone)");
}

#[test]
fn the_example_files_read() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    for entry in std::fs::read_dir(examples).expect("examples") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read");
        let name = path
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or_default();
        // The video task's own files (`nda-lab video`, `nda-lab video-study`); a video study can
        // also be a versioned config with `"task": "Video"` (its `"version"` says so).
        let own = name.contains("video") && !text.contains("\"version\"");
        let read = match (own, name.contains("study")) {
            (true, true) => serde_json::from_str::<VideoStudy>(&text)
                .map_err(|error| error.to_string())
                .and_then(|study| study.validate().map_err(|error| error.to_string())),
            (true, false) => serde_json::from_str::<VideoExperiment>(&text)
                .map_err(|error| error.to_string())
                .and_then(|experiment| experiment.validate().map_err(|error| error.to_string())),
            (false, _) => parse_config(&text)
                .map(|_| ())
                .map_err(|error| error.to_string()),
        };
        read.unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    }
}

/// Issue 28: every example study of a GAN on a built-in set declares a primary metric that passed
/// the metric validation on that set (`validated_metrics`). A contrastive or video study's
/// primary metric is an accuracy of known labels, not a sample-quality metric, and is not
/// listed there. A study that ran with another primary keeps its config beside its report in
/// `docs/science/`, as the record of what ran.
#[test]
fn every_example_study_declares_a_primary_metric_that_passed_validation_on_its_set() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut checked = 0;
    for entry in std::fs::read_dir(examples).expect("examples") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read");
        let Ok(config) = parse_config(&text) else {
            continue;
        };
        let (Task::Gan, DatasetChoice::Builtin(spec)) = (config.task, &config.dataset) else {
            continue;
        };
        if config.study == StudySettings::default() {
            continue;
        }
        let validated = validated_metrics(spec.dataset);
        assert!(
            validated.contains(&config.study.primary_metric.as_str()),
            "{}: {} is not among the metrics validated on {:?} ({validated:?})",
            path.display(),
            config.study.primary_metric,
            spec.dataset
        );
        checked += 1;
    }
    assert!(
        checked >= 5,
        "only {checked} GAN studies among the examples"
    );
}
