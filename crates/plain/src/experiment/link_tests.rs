//! Tests of configs and share links: round trips, the migration of `nda-lab gan` files, and a
//! corpus of bad links that must each be refused with a clear message.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use flate2::Compression;
use flate2::write::DeflateEncoder;
use std::io::Write;

use super::*;
use crate::augment::NegativeKind;
use crate::data::BuiltinDataset;

/// A fragment whose payload is `json`, compressed as the page does.
fn link_with_json(json: &str) -> String {
    let mut encoder = DeflateEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(json.as_bytes()).expect("write");
    format!(
        "{LINK_PREFIX}{}",
        URL_SAFE_NO_PAD.encode(encoder.finish().expect("deflate"))
    )
}

#[test]
fn configs_round_trip_through_json_and_links() {
    let mut page = presets().remove(0).page;
    page.hidden = vec![HiddenControl::GanSettings, HiddenControl::Uploads];
    page.config.gan.config.seed = u64::MAX;
    let text = serde_json::to_string(&page.config).expect("json");
    assert_eq!(parse_config(&text).expect("valid"), page.config);
    let fragment = encode_link(&page);
    assert!(
        fragment.len() < 1_000,
        "links stay short: {} characters",
        fragment.len()
    );
    assert_eq!(decode_link(&fragment).expect("valid"), Some(page.clone()));
    assert_eq!(
        decode_link(&format!("#{fragment}")).expect("valid"),
        Some(page)
    );
    assert_eq!(decode_link("").expect("no link"), None);
    assert_eq!(decode_link("#section-2").expect("no link"), None);
}

#[test]
fn the_video_panel_travels_in_links_only_when_changed() {
    let mut page = presets().remove(0).page;
    let untouched = serde_json::to_string(&page.config).expect("json");
    assert!(
        !untouched.contains("video"),
        "a default video section is left out"
    );
    page.panel = OpenPanel::Video;
    page.config.video.steps = 40;
    page.config.video.config.seed = 9;
    page.config.video.config.negatives =
        vec![(crate::augment::video::TemporalNegative::Frozen, 1.0)];
    let opened = decode_link(&encode_link(&page))
        .expect("valid")
        .expect("a link");
    assert_eq!(opened, page);
    let text = serde_json::to_string(&page.config).expect("json");
    assert!(text.contains(r#""video":{"#), "{text}");
    let typo = text.replace(r#""steps":40"#, r#""stepz":40"#);
    let refused = parse_config(&typo)
        .expect_err("an unknown video field")
        .to_string();
    assert!(refused.contains("stepz"), "{refused}");
    let mut invalid = page.config.clone();
    invalid.video.config.batch_size = 1;
    let refused = invalid.validate().expect_err("batch 1").to_string();
    assert!(refused.contains("video:"), "{refused}");
}

#[test]
fn missing_fields_take_defaults_and_unknown_fields_are_refused() {
    let config = parse_config(r#"{"version": 1, "iterations": 42}"#).expect("defaults");
    assert_eq!(config.gan.iterations, 42);
    assert_eq!(config.gan.config.beta, 0.75);
    let typo = parse_config(r#"{"version": 1, "iteratons": 42}"#).expect_err("typo");
    assert!(
        typo.to_string().contains("unknown field `iteratons`"),
        "{typo}"
    );
}

#[test]
fn version_2_keeps_the_gan_settings_in_their_section() {
    let config =
        parse_config(r#"{"version": 2, "gan": {"iterations": 42, "config": {"beta": 0.5}}}"#)
            .expect("defaults");
    assert_eq!(config.gan.iterations, 42);
    assert_eq!(config.gan.config.beta, 0.5);
    assert_eq!(config.gan.sample_every, GanSection::default().sample_every);
    let flat = parse_config(r#"{"version": 2, "iterations": 42}"#).expect_err("flat in v2");
    assert!(
        flat.to_string().contains("unknown field `iterations`"),
        "{flat}"
    );
    let written = serde_json::to_value(ExperimentConfig::default()).expect("json");
    assert_eq!(written["version"], 2);
    assert!(written["gan"]["config"]["batch_size"].is_u64());
    assert!(written.get("iterations").is_none());
}

#[test]
fn an_nda_lab_gan_file_migrates_from_version_0() {
    let text = include_str!("../../../../examples/gan-faces.json");
    let config = parse_config(text).expect("migrates");
    assert_eq!(config.version, CONFIG_VERSION);
    assert!(config.gan.compare_with_baseline);
    assert_eq!(config.gan.iterations, 300);
    match config.dataset {
        DatasetChoice::Builtin(spec) => assert_eq!(spec.dataset, BuiltinDataset::Faces),
        other => panic!("expected the built-in faces, got {other:?}"),
    }
    let experiment = config.gan_experiment();
    assert_eq!(experiment.gan.negatives[0].0.kind(), NegativeKind::Jigsaw);
    // The negatives take their parameters from the augmentation settings.
    let mut config = config;
    config.augmentations.jigsaw.grid = 4;
    match &config.gan_experiment().gan.negatives[0].0 {
        crate::augment::NegativeAugmentation::Jigsaw(jigsaw) => assert_eq!(jigsaw.grid, 4),
        other => panic!("expected a jigsaw, got {other:?}"),
    }
}

#[test]
fn newer_versions_are_refused_by_name_and_contrastive_configs_parse() {
    let newer = parse_config(r#"{"version": 7}"#).expect_err("newer");
    assert!(
        newer
            .to_string()
            .contains("version 7, made by a newer NDA Lab")
    );
    let contrastive = parse_config(
        r#"{"version": 1, "task": "Contrastive", "contrastive": {"steps": 40, "config": {"nda_views": 3}}}"#,
    )
    .expect("a contrastive config");
    assert_eq!(contrastive.task, Task::Contrastive);
    assert_eq!(contrastive.contrastive_experiment().config.nda_views, 3);
    let refused = parse_config(
        r#"{"version": 1, "task": "Contrastive", "contrastive": {"config": {"temperature": 5}}}"#,
    )
    .expect_err("temperature");
    assert!(
        refused.to_string().contains("temperature is 5"),
        "{refused}"
    );
}

#[test]
fn every_bad_link_is_refused_with_a_message_that_says_what_is_wrong() {
    let good = encode_link(&SharedPage::default());
    let long = format!("nda=1.{}", "A".repeat(MAX_LINK_CHARS));
    let bomb = {
        let mut encoder = DeflateEncoder::new(Vec::new(), Compression::best());
        encoder.write_all(&vec![b' '; 1 << 20]).expect("write");
        format!(
            "{LINK_PREFIX}{}",
            URL_SAFE_NO_PAD.encode(encoder.finish().expect("deflate"))
        )
    };
    let corpus: Vec<(&str, String, &str)> = vec![
        ("truncated", good[..good.len() / 2].to_string(), "damaged"),
        ("not base64", "nda=1.@@@!!".into(), "not valid base64"),
        (
            "not deflate",
            "nda=1.aGVsbG8gd29ybGQ".into(),
            "does not decompress",
        ),
        (
            "unknown link version",
            "nda=9.abc".into(),
            "format version 9",
        ),
        ("too long", long, "characters long"),
        ("compression bomb", bomb, "more than 64 KB"),
        ("not JSON", link_with_json("{oops"), "not valid"),
        (
            "wrong type",
            link_with_json(r#"{"config": {"iterations": "many"}}"#),
            "invalid type",
        ),
        (
            "huge number",
            link_with_json(r#"{"config": {"iterations": 1e300}}"#),
            "not valid",
        ),
        (
            "out of range",
            link_with_json(r#"{"config": {"version": 1, "iterations": 99999999}}"#),
            "iterations",
        ),
        (
            "negative count",
            link_with_json(r#"{"config": {"version": 1, "dataset": {"Builtin": {"count": -5}}}}"#),
            "not valid",
        ),
        (
            "script in an enum",
            link_with_json(r#"{"panel": "<script>alert(1)</script>"}"#),
            "unknown variant",
        ),
        (
            "script in a string",
            link_with_json(
                r#"{"config": {"version": 1, "dataset": {"Uploaded": {"fingerprint": "<img src=x onerror=alert(1)>", "images": 3, "size": 32}}}}"#,
            ),
            "16 hexadecimal digits",
        ),
        (
            "unknown field",
            link_with_json(r#"{"config": {"version": 1}, "__proto__": {}}"#),
            "unknown field",
        ),
        (
            "newer config",
            link_with_json(r#"{"config": {"version": 99}}"#),
            "newer NDA Lab",
        ),
    ];
    for (name, fragment, needle) in corpus {
        let error = decode_link(&fragment).expect_err(name).to_string();
        assert!(error.contains(needle), "{name}: {error}");
        assert!(
            error.chars().count() < 400,
            "{name}: the message stays readable"
        );
    }
}

#[test]
fn every_example_config_parses_and_the_flip_control_trains_on_mirror_images() {
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut names: Vec<_> = std::fs::read_dir(&examples)
        .expect("examples/")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "json")
        })
        // The video task's files are its own experiments (crates/core/tests/formats.rs reads
        // them): the versioned config has no video section yet.
        .filter(|path| !path.to_string_lossy().contains("video"))
        .collect();
    names.sort();
    assert!(names.len() >= 10, "{names:?}");
    for path in &names {
        let text = std::fs::read_to_string(path).expect("readable");
        if let Err(error) = parse_config(&text) {
            panic!("{}: {error}", path.display());
        }
    }
    let control = include_str!("../../../../examples/study-faces-flip-control.json");
    let units = parse_config(control).expect("parses").study_units();
    assert_eq!(units.len(), 8);
    for unit in &units {
        let gan = unit.config.gan_experiment().gan;
        let kinds: Vec<NegativeKind> = gan.negatives.iter().map(|(a, _)| a.kind()).collect();
        assert_eq!(kinds, vec![NegativeKind::Flip]);
        assert_eq!(
            (gan.alpha, gan.beta),
            (0.25, 0.75),
            "the jigsaw study's α and β"
        );
    }
}
