//! `nda-lab study --config study.json --out DIR`: a paired multi-seed study on the command line.
//! Each arm and seed is an ordinary `nda-lab gan` pair (NDA and baseline, same seed, evaluation
//! on), or an `nda-lab contrastive` pair for a contrastive experiment, in `DIR/<arm>/seed-<S>/`;
//! a finished pair is kept, so a stopped study resumes. At the end `DIR/report.md` and `DIR/study.csv` hold, per arm and metric, Δ with its
//! 95 % interval, wins, the exact sign-flip p (Holm-adjusted for secondary metrics) and d_z, and
//! `DIR/forest-<arm>.svg` and `.png` draw them.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::data_files::experiment_images;
use super::driver::write;
use super::plot_png::svg_to_png;
use super::study_pairs::{is_finished, run_gan_unit, run_unit};
use crate::experiment::{
    DatasetChoice, ExperimentConfig, SharedPage, StudyUnit, Task, encode_link, parse_config,
};
use crate::train::evaluation::{MetricRow, from_csv};
use crate::train::study::{MetricComparison, SeedResult, compare_arm, forest_svg};

/// What `nda-lab study` was asked to do.
pub struct StudyOptions<'a> {
    /// The experiment with its study section.
    pub config: &'a Path,
    /// Where the pairs and the report go.
    pub out: &'a Path,
    /// Print the plan only.
    pub plan_only: bool,
    /// A person's images (a folder of labelled sub-folders, a zip or one image) instead of the
    /// config's built-in set: judged by the upload evaluators.
    pub data: Option<&'a Path>,
}

/// Runs (or resumes) the study of the experiment at `options.config`, writing under
/// `options.out`; with `plan_only`, prints what it would run and what its seeds can conclude,
/// and stops.
pub fn run(options: &StudyOptions) -> Result<(), String> {
    let (config_path, out) = (options.config, options.out);
    let text = fs::read_to_string(config_path)
        .map_err(|error| format!("cannot read {}: {error}", config_path.display()))?;
    let mut config =
        parse_config(&text).map_err(|error| format!("{}: {error}", config_path.display()))?;
    if let Some(data) = options.data {
        // Reads and checks the images once, so a bad folder is refused before anything trains,
        // and the config records them as uploads (the report says which feature space judged).
        experiment_images(&mut config, Some(data))?;
        config.study = config.study.for_uploads();
    } else if let DatasetChoice::Uploaded { images, .. } = config.dataset {
        return Err(format!(
            "{}: this study trains on {images} uploaded images: give them with --data PATH (a \
             folder whose sub-folders are labels, or a zip)",
            config_path.display()
        ));
    }
    if config.task == Task::Contrastive {
        if options.data.is_some() {
            return Err(
                "a contrastive study runs on a built-in set for now (its anomaly sets are \
                 the other built-in sets); --data works with GAN studies"
                    .to_string(),
            );
        }
        config
            .study
            .validate_contrastive()
            .map_err(|error| format!("{}: {error}", config_path.display()))?;
    }
    let units = config.study_units();
    println!("{}", plan_line(&config, units.len()));
    let study = &config.study;
    println!(
        "plan: the smallest p with {} seeds is {:.4}; Holm's floor over {} secondary metrics is {:.4}",
        study.seeds.len(),
        study.smallest_p(),
        study.num_secondary(),
        study.holm_floor()
    );
    if let Some(warning) = study.significance_warning() {
        println!("warning: {warning}");
    }
    if options.plan_only {
        return Ok(());
    }
    let started = Instant::now();
    let mut trained = 0usize;
    for (index, unit) in units.iter().enumerate() {
        let dir = unit_dir(out, unit);
        let label = format!(
            "[{}/{}] {} seed {}",
            index + 1,
            units.len(),
            unit.arm,
            unit.seed
        );
        if is_finished(unit, &dir) {
            println!("{label}: kept (finished earlier)");
            continue;
        }
        match unit.config.task {
            Task::Gan => {
                println!("{label}: training NDA (the seed's baseline is shared by every arm)");
                run_gan_unit(unit, out, &dir, options.data)?;
            }
            Task::Contrastive => {
                println!("{label}: training NDA and baseline");
                run_unit(unit, &dir)?;
            }
        }
        trained += 1;
        let per_unit = started.elapsed().as_secs_f64() / trained as f64;
        let left = units.len() - index - 1;
        println!("{label}: done · about {:.0} s left", per_unit * left as f64);
    }
    let report = report(&config, &units, out)?;
    write(&out.join("report.md"), report.markdown.as_bytes())?;
    write(&out.join("study.csv"), report.csv.as_bytes())?;
    for (arm, svg) in &report.plots {
        write(&out.join(format!("forest-{arm}.svg")), svg.as_bytes())?;
        match svg_to_png(svg) {
            Ok(png) => write(&out.join(format!("forest-{arm}.png")), &png)?,
            Err(reason) => println!("note: no forest-{arm}.png: {reason}"),
        }
    }
    println!("\n{}", report.summary);
    println!("report: {}", out.join("report.md").display());
    Ok(())
}

fn unit_dir(out: &Path, unit: &StudyUnit) -> PathBuf {
    out.join(&unit.arm).join(format!("seed-{}", unit.seed))
}

/// What ran, in one line.
fn plan_line(config: &ExperimentConfig, pairs: usize) -> String {
    if config.task == Task::Contrastive {
        let experiment = config.contrastive_experiment();
        return format!(
            "study: {pairs} NDA/baseline pairs ({} arm(s) × {} seeds) of {} contrastive steps at \
             {} px; primary metric declared: {}",
            pairs / config.study.seeds.len().max(1),
            config.study.seeds.len(),
            experiment.steps,
            experiment.config.image_size,
            config.study.primary_metric
        );
    }
    let experiment = config.gan_experiment();
    format!(
        "study: {pairs} NDA/baseline pairs ({} arm(s) × {} seeds) of {} iterations on {} at {} px; \
         primary metric declared: {}",
        pairs / config.study.seeds.len().max(1),
        config.study.seeds.len(),
        experiment.iterations,
        experiment.dataset.dataset.label(),
        experiment.gan.image_size,
        config.study.primary_metric
    )
}

/// The report's texts.
struct Report {
    markdown: String,
    csv: String,
    summary: String,
    plots: Vec<(String, String)>,
}

fn report(config: &ExperimentConfig, units: &[StudyUnit], out: &Path) -> Result<Report, String> {
    let mut arms: Vec<(String, Vec<MetricComparison>)> = Vec::new();
    let mut arm_names: Vec<&str> = units.iter().map(|unit| unit.arm.as_str()).collect();
    arm_names.dedup();
    for arm in arm_names {
        let seeds: Vec<SeedResult> = units
            .iter()
            .filter(|unit| unit.arm == arm)
            .map(|unit| seed_result(&unit_dir(out, unit), unit.seed))
            .collect();
        let study = &config.study;
        arms.push((
            arm.to_string(),
            compare_arm(&study.primary_metric, &study.secondary_metrics, &seeds),
        ));
    }
    let link = encode_link(&SharedPage {
        config: config.clone(),
        ..SharedPage::default()
    });
    let markdown = crate::experiment::study_markdown(config, &arms, &link);
    let summary = arms
        .iter()
        .map(|(arm, comparisons)| format!("{arm}: {}", comparisons[0].sentence()))
        .collect::<Vec<_>>()
        .join("\n");
    let plots = arms
        .iter()
        .map(|(arm, comparisons)| {
            let title = format!(
                "NDA arm `{arm}` − baseline, {} seeds",
                config.study.seeds.len()
            );
            (arm.clone(), forest_svg(&title, comparisons))
        })
        .collect();
    Ok(Report {
        markdown,
        csv: crate::train::study::study_csv(&arms),
        summary,
        plots,
    })
}

/// A pair's rows at its last evaluated iteration; `None` for a run that failed or never
/// evaluated.
fn seed_result(dir: &Path, seed: u64) -> SeedResult {
    let last_rows = |run: &str| -> Option<Vec<MetricRow>> {
        let text = fs::read_to_string(dir.join(run).join("evaluation.csv")).ok()?;
        let rows = from_csv(&text).ok()?;
        let last = rows.iter().map(|row| row.iteration).max()?;
        Some(
            rows.into_iter()
                .filter(|row| row.iteration == last)
                .collect(),
        )
    };
    let failed = dir.join("failed.txt").exists();
    SeedResult {
        seed,
        nda: if failed { None } else { last_rows("nda") },
        baseline: if failed { None } else { last_rows("baseline") },
    }
}
