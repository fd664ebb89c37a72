//! Splitting a study over machines and merging it back. `--shard K/N` trains seeds K, K + N,
//! K + 2N, … of the config's list (a seed is the unit: its baseline and every arm stay
//! together) into a folder of its own, which records the study's fingerprint (SHA-256 of its
//! resolved config) and the shard. `nda-lab study-merge` checks that the folders are one
//! study's, with every pair present and none done twice with different numbers, and only then
//! writes the report an unsharded run would have written. Any scheduler that can run a command
//! with an index (a SLURM array, a Kubernetes Indexed Job, `xargs -P`) can run the shards.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::driver::write;
use super::study_output::{unit_dir, write_report};
use super::study_pairs::is_finished;
use nda_core::experiment::{ExperimentConfig, StudyUnit, parse_config};
pub use nda_core::train::study::StudyPart as Shard;

/// The resolved config a study folder ran, written on its first run.
const STUDY_FILE: &str = "study.json";
/// Which shard a folder holds, and the study's fingerprint.
const SHARD_FILE: &str = "shard.json";

/// What `shard.json` says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct ShardRecord {
    /// SHA-256 of the resolved config, in hex.
    study: String,
    shard: Shard,
    seeds: Vec<u64>,
}

/// The study's fingerprint: SHA-256 of its resolved config.
fn fingerprint(config: &ExperimentConfig) -> Result<String, String> {
    let json = serde_json::to_string(config).map_err(|error| error.to_string())?;
    Ok(Sha256::digest(json.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect())
}

/// Makes `out` this study's folder (shard `shard`), or refuses one that holds another study or
/// another shard, so a resumed run never mixes two studies' pairs.
pub fn claim_folder(out: &Path, config: &ExperimentConfig, shard: Shard) -> Result<(), String> {
    let record = ShardRecord {
        study: fingerprint(config)?,
        shard,
        seeds: shard.seeds(&config.study.seeds),
    };
    if let Ok(text) = fs::read_to_string(out.join(SHARD_FILE)) {
        let earlier: ShardRecord = serde_json::from_str(&text)
            .map_err(|error| format!("{}: {error}", out.join(SHARD_FILE).display()))?;
        if earlier.study != record.study {
            return Err(format!(
                "{} holds another study (its config differs from this one): give another --out",
                out.display()
            ));
        }
        if earlier.shard != shard {
            return Err(format!(
                "{} holds shard {} of this study, not {shard}: give another --out",
                out.display(),
                earlier.shard
            ));
        }
    } else if let Ok(text) = fs::read_to_string(out.join(STUDY_FILE)) {
        // A folder from before studies wrote shard.json: its config must be this one too.
        let earlier = parse_config(&text)
            .map_err(|error| format!("{}: {error}", out.join(STUDY_FILE).display()))?;
        if fingerprint(&earlier)? != record.study {
            return Err(format!(
                "{} holds another study (its study.json differs from this config): give another \
                 --out",
                out.display()
            ));
        }
    }
    fs::create_dir_all(out).map_err(|error| format!("cannot create {}: {error}", out.display()))?;
    let json = serde_json::to_string_pretty(config).map_err(|error| error.to_string())?;
    write(&out.join(STUDY_FILE), json.as_bytes())?;
    let json = serde_json::to_string_pretty(&record).map_err(|error| error.to_string())?;
    write(&out.join(SHARD_FILE), json.as_bytes())
}

/// One shard folder, read.
struct ShardFolder {
    dir: PathBuf,
    config: ExperimentConfig,
    record: ShardRecord,
}

fn read_folder(dir: &Path) -> Result<ShardFolder, String> {
    let read = |name: &str| {
        fs::read_to_string(dir.join(name)).map_err(|error| {
            format!(
                "{} is not a study folder (no readable {name}: {error})",
                dir.display()
            )
        })
    };
    let config = parse_config(&read(STUDY_FILE)?)
        .map_err(|error| format!("{}: {error}", dir.join(STUDY_FILE).display()))?;
    let record: ShardRecord = serde_json::from_str(&read(SHARD_FILE)?)
        .map_err(|error| format!("{}: {error}", dir.join(SHARD_FILE).display()))?;
    if fingerprint(&config)? != record.study {
        return Err(format!(
            "{}: its study.json does not match the study its shard.json records",
            dir.display()
        ));
    }
    Ok(ShardFolder {
        dir: dir.to_path_buf(),
        config,
        record,
    })
}

/// `nda-lab study-merge --out OUT DIR…`: the report of the study whose shards are `dirs`,
/// written to `out` only when they are one study's and hold every pair exactly once (a pair in
/// two folders must have the same numbers in both).
pub fn merge(dirs: &[PathBuf], out: &Path) -> Result<(), String> {
    let folders: Vec<ShardFolder> = dirs
        .iter()
        .map(|dir| read_folder(dir))
        .collect::<Result<_, _>>()?;
    let first = folders.first().ok_or("give the shards' folders to merge")?;
    if let Some(other) = folders
        .iter()
        .find(|folder| folder.record.study != first.record.study)
    {
        return Err(format!(
            "{} and {} are shards of different studies (their configs differ)",
            first.dir.display(),
            other.dir.display()
        ));
    }
    if out.join("report.md").exists() {
        return Err(format!(
            "{} already holds a report: give an empty --out",
            out.display()
        ));
    }
    let config = &first.config;
    let units = config.study_units();
    let mut homes: Vec<(StudyUnit, PathBuf)> = Vec::new();
    let mut missing: Vec<String> = Vec::new();
    for unit in &units {
        let found: Vec<&ShardFolder> = folders
            .iter()
            .filter(|folder| is_finished(unit, &unit_dir(&folder.dir, unit)))
            .collect();
        match found.as_slice() {
            [] => missing.push(format!("{} seed {}", unit.arm, unit.seed)),
            [home, others @ ..] => {
                let dir = unit_dir(&home.dir, unit);
                for other in others {
                    if pair_numbers(&dir) != pair_numbers(&unit_dir(&other.dir, unit)) {
                        return Err(format!(
                            "{} seed {} was done twice with different numbers ({} and {}): \
                             remove one",
                            unit.arm,
                            unit.seed,
                            home.dir.display(),
                            other.dir.display()
                        ));
                    }
                }
                homes.push((unit.clone(), dir));
            }
        }
    }
    if !missing.is_empty() {
        return Err(format!(
            "these pairs are in none of the folders: {} (a shard not given, or not finished)",
            missing.join(", ")
        ));
    }
    let dir_of = |unit: &StudyUnit| {
        homes
            .iter()
            .find(|(home, _)| home == unit)
            .map(|(_, dir)| dir.clone())
            .unwrap_or_default()
    };
    let summary = write_report(config, &units, dir_of, out)?;
    let json = serde_json::to_string_pretty(config).map_err(|error| error.to_string())?;
    write(&out.join(STUDY_FILE), json.as_bytes())?;
    println!("{summary}\nreport: {}", out.join("report.md").display());
    Ok(())
}

/// A pair's evaluations (NDA and baseline) and failure, as text: two folders hold the same
/// pair's result when these are equal.
fn pair_numbers(dir: &Path) -> Vec<Option<String>> {
    [
        "nda/evaluation.csv",
        "baseline/evaluation.csv",
        "failed.txt",
    ]
    .iter()
    .map(|name| fs::read_to_string(dir.join(name)).ok())
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_split_the_seed_list_and_refuse_nonsense() {
        let seeds = [1, 2, 3, 4, 5, 6, 7];
        let shard = |text: &str| text.parse::<Shard>();
        assert_eq!(shard("1/3").map(|s| s.seeds(&seeds)), Ok(vec![1, 4, 7]));
        assert_eq!(shard("3/3").map(|s| s.seeds(&seeds)), Ok(vec![3, 6]));
        assert_eq!(Shard::WHOLE.seeds(&seeds), seeds.to_vec());
        for bad in ["0/3", "4/3", "3", "a/b", ""] {
            assert!(shard(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_folder_from_before_shard_files_is_checked_against_its_study_json() {
        let out = std::env::temp_dir().join(format!("nda-lab-old-study-{}", std::process::id()));
        let _ = fs::remove_dir_all(&out);
        fs::create_dir_all(&out).expect("folder");
        let mut config = ExperimentConfig::default();
        config.study.seeds = vec![1, 2];
        let json = serde_json::to_string_pretty(&config).expect("json");
        fs::write(out.join(STUDY_FILE), json).expect("study.json");
        let mut other = config.clone();
        other.study.seeds = vec![1, 2, 3];
        let refused = claim_folder(&out, &other, Shard::WHOLE).expect_err("another study");
        assert!(refused.contains("holds another study"), "{refused}");
        claim_folder(&out, &config, Shard::WHOLE).expect("the same study resumes");
        assert!(
            out.join(SHARD_FILE).exists(),
            "and the folder now has its shard file"
        );
        let _ = fs::remove_dir_all(&out);
    }
}
