//! What a finished study writes: `report.md`, `study.csv`, the forest plots and, when the
//! config asked for earlier evaluations, their descriptive section and `checkpoints.csv`. One
//! unsharded study and the merge of its shards call this with the same pairs, so they write the
//! same files.

use std::fs;
use std::path::{Path, PathBuf};

use super::driver::write;
use super::plot_png::svg_to_png;
use nda_core::experiment::{
    Checkpoint, ExperimentConfig, SharedPage, StudyUnit, Task, checkpoint_csv, checkpoint_markdown,
    checkpoint_metrics, encode_link,
};
use nda_core::train::evaluation::{MetricRow, from_csv};
use nda_core::train::study::{MetricComparison, SeedResult, compare_arm, forest_svg};

/// Where a study in `out` keeps the pair of `unit`.
pub fn unit_dir(out: &Path, unit: &StudyUnit) -> PathBuf {
    out.join(&unit.arm).join(format!("seed-{}", unit.seed))
}

/// Writes the report of the study `config`, whose pairs (`units`) lie where `dir_of` says,
/// into `out`; returns the summary lines (the primary metric's sentence per arm).
pub fn write_report(
    config: &ExperimentConfig,
    units: &[StudyUnit],
    dir_of: impl Fn(&StudyUnit) -> PathBuf,
    out: &Path,
) -> Result<String, String> {
    let study = &config.study;
    let final_arms = arms_at(units, &dir_of, None, |seeds| {
        compare_arm(&study.primary_metric, &study.secondary_metrics, seeds)
    });
    let link = encode_link(&SharedPage {
        config: config.clone(),
        ..SharedPage::default()
    });
    let mut markdown = nda_core::experiment::study_markdown(config, &final_arms, &link);
    let checkpoints = checkpoints(config, units, &dir_of);
    if let Some(last) = last_iteration(config) {
        markdown.push_str(&checkpoint_markdown(last, &checkpoints));
    }
    fs::create_dir_all(out).map_err(|error| format!("cannot create {}: {error}", out.display()))?;
    write(&out.join("report.md"), markdown.as_bytes())?;
    write(
        &out.join("study.csv"),
        nda_core::train::study::study_csv(&final_arms).as_bytes(),
    )?;
    if !checkpoints.is_empty() {
        write(
            &out.join("checkpoints.csv"),
            checkpoint_csv(&checkpoints).as_bytes(),
        )?;
    }
    for (arm, comparisons) in &final_arms {
        let title = format!("NDA arm `{arm}` − baseline, {} seeds", study.seeds.len());
        let svg = forest_svg(&title, comparisons);
        write(&out.join(format!("forest-{arm}.svg")), svg.as_bytes())?;
        match svg_to_png(&svg) {
            Ok(png) => write(&out.join(format!("forest-{arm}.png")), &png)?,
            Err(reason) => println!("note: no forest-{arm}.png: {reason}"),
        }
    }
    Ok(final_arms
        .iter()
        .map(|(arm, comparisons)| format!("{arm}: {}", comparisons[0].sentence()))
        .collect::<Vec<_>>()
        .join("\n"))
}

/// The last iteration of a GAN study's runs (its earlier evaluations are reported apart).
fn last_iteration(config: &ExperimentConfig) -> Option<usize> {
    (config.task == Task::Gan).then_some(config.gan.iterations)
}

/// The earlier evaluations a GAN study asked for and the end of its budget, each compared in the
/// primary metric and the structure score (none when it evaluated only at the end).
fn checkpoints(
    config: &ExperimentConfig,
    units: &[StudyUnit],
    dir_of: &impl Fn(&StudyUnit) -> PathBuf,
) -> Vec<Checkpoint> {
    let (Some(last), Some(first)) = (last_iteration(config), units.first()) else {
        return Vec::new();
    };
    let primary = &config.study.primary_metric;
    let others = checkpoint_metrics(primary, &config.study.secondary_metrics);
    let iterations = first.config.evaluation.iterations(last);
    if iterations.iter().all(|&iteration| iteration >= last) {
        return Vec::new();
    }
    // The end of the budget closes the path, with both means: whether the baselines' samples had
    // formed is read from its structure row. It reads the runs as the headline does (each run's
    // last evaluation, every seed), so the two never disagree.
    iterations
        .into_iter()
        .filter(|&iteration| iteration <= last)
        .map(|iteration| {
            let end = iteration == last;
            Checkpoint {
                iteration,
                arms: arms_at(units, dir_of, (!end).then_some(iteration), |seeds| {
                    // Before the end, a seed with only one run evaluated (its shared baseline was
                    // trained before studies kept checkpoints) is left out of this descriptive row
                    // rather than counted as diverged; a failed pair (neither run) still counts.
                    let evaluated: Vec<SeedResult> = seeds
                        .iter()
                        .filter(|seed| end || seed.nda.is_some() == seed.baseline.is_some())
                        .cloned()
                        .collect();
                    compare_arm(primary, &others, &evaluated)
                }),
            }
        })
        .collect()
}

/// Per arm (in the units' order), `compare` of its seeds' rows at `iteration` (`None`: each
/// run's last evaluated iteration).
fn arms_at(
    units: &[StudyUnit],
    dir_of: &impl Fn(&StudyUnit) -> PathBuf,
    iteration: Option<usize>,
    compare: impl Fn(&[SeedResult]) -> Vec<MetricComparison>,
) -> Vec<(String, Vec<MetricComparison>)> {
    let mut names: Vec<&str> = units.iter().map(|unit| unit.arm.as_str()).collect();
    names.dedup();
    names
        .into_iter()
        .map(|arm| {
            let seeds: Vec<SeedResult> = units
                .iter()
                .filter(|unit| unit.arm == arm)
                .map(|unit| seed_result(&dir_of(unit), unit.seed, iteration))
                .collect();
            (arm.to_string(), compare(&seeds))
        })
        .collect()
}

/// A pair's rows at `iteration` (its last evaluated one when `None`); `None` for a run that
/// failed or was not evaluated then.
fn seed_result(dir: &Path, seed: u64, iteration: Option<usize>) -> SeedResult {
    let rows_of = |run: &str| -> Option<Vec<MetricRow>> {
        let text = fs::read_to_string(dir.join(run).join("evaluation.csv")).ok()?;
        let rows = from_csv(&text).ok()?;
        let at = match iteration {
            Some(at) => at,
            None => rows.iter().map(|row| row.iteration).max()?,
        };
        let rows: Vec<MetricRow> = rows.into_iter().filter(|row| row.iteration == at).collect();
        (!rows.is_empty()).then_some(rows)
    };
    let failed = dir.join("failed.txt").exists();
    SeedResult {
        seed,
        nda: if failed { None } else { rows_of("nda") },
        baseline: if failed { None } else { rows_of("baseline") },
    }
}
