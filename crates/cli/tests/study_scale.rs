//! Integration: a study at scale. The smoke study with three seeds and an earlier evaluation
//! (iteration 5 of 10) run four ways (one seed at a time; two at once with `--jobs 2`; three
//! shards as parallel processes through `xargs -P 3`, merged by `nda-lab study-merge`) writes the
//! same `report.md`, `study.csv` and `checkpoints.csv` to the byte. A merge refuses, and writes
//! nothing, when a shard is missing, comes from another study, or holds a pair done twice with
//! other numbers; a shard's folder refuses another study's run.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const REPORT_FILES: [&str; 3] = ["report.md", "study.csv", "checkpoints.csv"];

fn nda_lab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nda-lab"))
        .args(args)
        .output()
        .expect("runs")
}

fn text(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn succeeded(output: &Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

fn refused(output: &Output, reason: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "should have been refused");
    assert!(
        stderr.contains(reason),
        "expected \"{reason}\" in: {stderr}"
    );
}

/// The smoke study with seeds 1–3, evaluated at iteration 5 too; `iterations` changes the study.
fn config(root: &Path, name: &str, iterations: usize) -> String {
    let example =
        text(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/smoke-study.json"));
    let mut config: serde_json::Value = serde_json::from_str(&example).expect("json");
    config["study"]["seeds"] = serde_json::json!([1, 2, 3]);
    config["gan"]["iterations"] = serde_json::json!(iterations);
    config["evaluation"]["at_fractions"] = serde_json::json!([0.5, 1.0]);
    let path = root.join(name);
    fs::write(&path, config.to_string()).expect("written");
    path.to_str().expect("utf-8").to_string()
}

fn study(config: &str, out: &Path, extra: &[&str]) -> Output {
    let out = out.to_str().expect("utf-8");
    let mut args = vec!["study", "--config", config, "--out", out];
    args.extend_from_slice(extra);
    nda_lab(&args)
}

fn merge(out: &Path, shards: &[&Path]) -> Output {
    let mut args = vec!["study-merge", "--out", out.to_str().expect("utf-8")];
    args.extend(shards.iter().map(|shard| shard.to_str().expect("utf-8")));
    nda_lab(&args)
}

#[test]
fn jobs_and_merged_shards_write_the_report_of_one_plain_run() {
    let root = std::env::temp_dir().join(format!("nda-lab-study-scale-{}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(&root).expect("folder");
    let plain_config = config(&root, "study.json", 10);

    let plain = root.join("plain");
    succeeded(&study(&plain_config, &plain, &["--jobs", "1"]));
    let jobs = root.join("jobs");
    let stdout = succeeded(&study(&plain_config, &jobs, &["--jobs", "2"]));
    assert!(stdout.contains("2 seeds at a time"), "{stdout}");
    for file in REPORT_FILES {
        assert_eq!(text(&plain.join(file)), text(&jobs.join(file)), "{file}");
    }
    assert!(
        text(&plain.join("report.md")).contains("| 5 | nda | fd |"),
        "the earlier evaluation is reported"
    );

    // Three shards as three processes at once, as a scheduler would start them.
    let shards = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "printf '1\\n2\\n3\\n' | xargs -P 3 -I{{}} '{}' study --config '{}' --shard {{}}/3 \
             --jobs 1 --out '{}/shard-{{}}'",
            env!("CARGO_BIN_EXE_nda-lab"),
            plain_config,
            root.display()
        ))
        .output()
        .expect("xargs");
    let stdout = succeeded(&shards);
    assert_eq!(
        stdout.matches("once every shard has").count(),
        3,
        "{stdout}"
    );
    let shard = |k: usize| root.join(format!("shard-{k}"));
    assert!(
        !shard(1).join("report.md").exists(),
        "a shard writes no report"
    );
    let (one, two, three) = (shard(1), shard(2), shard(3));

    let merged = root.join("merged");
    refused(&merge(&merged, &[&one, &two]), "nda seed 3");
    assert!(
        !merged.join("report.md").exists(),
        "a refused merge writes nothing"
    );

    // A shard of another study (10 iterations became 4) is refused, on a merge and on a resume.
    let other_config = config(&root, "other.json", 4);
    let other = root.join("other");
    succeeded(&study(
        &other_config,
        &other,
        &["--shard", "3/3", "--jobs", "1"],
    ));
    refused(&merge(&merged, &[&one, &two, &other]), "different studies");
    refused(
        &study(&other_config, &one, &["--shard", "1/3"]),
        "holds another study",
    );
    refused(
        &study(&plain_config, &one, &["--shard", "2/3"]),
        "holds shard 1/3",
    );

    // Seed 1 done twice: the same numbers are fine, other numbers are refused.
    let twice = root.join("twice");
    let copied = Command::new("cp")
        .arg("-r")
        .arg(&one)
        .arg(&twice)
        .status()
        .expect("cp");
    assert!(copied.success());
    let csv = twice.join("nda/seed-1/nda/evaluation.csv");
    let changed = text(&csv).replacen(",kid,", ",kid,1", 1);
    fs::write(&csv, changed).expect("written");
    refused(
        &merge(&merged, &[&one, &two, &three, &twice]),
        "done twice with different numbers",
    );

    succeeded(&merge(&merged, &[&three, &one, &two]));
    for file in REPORT_FILES {
        assert_eq!(text(&plain.join(file)), text(&merged.join(file)), "{file}");
    }
    refused(
        &merge(&merged, &[&one, &two, &three]),
        "already holds a report",
    );
    let _ = fs::remove_dir_all(&root);
}

/// A file the page's "split across browsers" wrote names its part: `nda-lab study` runs it as
/// that shard of the whole study, and refuses a `--shard` that names another part.
#[test]
fn a_part_file_from_the_page_is_that_shard_of_the_whole_study() {
    let root = std::env::temp_dir().join(format!("nda-lab-study-part-{}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(&root).expect("folder");
    let path = config(&root, "study.json", 10);
    let mut part: serde_json::Value = serde_json::from_str(&text(Path::new(&path))).expect("json");
    part["study"]["part"] = serde_json::json!({"index": 2, "count": 3});
    let part_path = root.join("part.json");
    fs::write(&part_path, part.to_string()).expect("written");
    let part_path = part_path.to_str().expect("utf-8");
    let out = root.join("out");
    let planned = succeeded(&study(part_path, &out, &["--plan"]));
    assert!(planned.contains("shard 2/3: seeds 2"), "{planned}");
    refused(
        &study(part_path, &out, &["--plan", "--shard", "1/3"]),
        "part 2/3 of its study",
    );
    let mut wrong = part.clone();
    wrong["study"]["part"] = serde_json::json!({"index": 4, "count": 3});
    let wrong_path = root.join("wrong.json");
    fs::write(&wrong_path, wrong.to_string()).expect("written");
    refused(
        &study(wrong_path.to_str().expect("utf-8"), &out, &["--plan"]),
        "1 ≤ K ≤ N",
    );
    let _ = fs::remove_dir_all(&root);
}
