//! `nda-lab study --config study.json --out DIR`: a paired multi-seed study on the command line.
//! Each arm and seed is an ordinary `nda-lab gan` pair (NDA and baseline, same seed, evaluation
//! on), or an `nda-lab contrastive` pair for a contrastive experiment, in `DIR/<arm>/seed-<S>/`;
//! a finished pair is kept, so a stopped study resumes. `--jobs N` trains N seeds at once, and
//! `--shard K/N` only its share of the seeds (merged by `nda-lab study-merge`). At the end
//! `DIR/report.md` and `DIR/study.csv` hold, per arm and metric, Δ with its 95 % interval,
//! wins, the exact sign-flip p (Holm-adjusted for secondary metrics) and d_z, and
//! `DIR/forest-<arm>.svg` and `.png` draw them.

use std::fs;
use std::path::Path;

use super::data_files::experiment_images;
use super::study_jobs::run_seeds;
use super::study_lock::StudyLock;
use super::study_output::{unit_dir, write_report};
use super::study_shards::{Shard, claim_folder};
use nda_core::experiment::{DatasetChoice, ExperimentConfig, Task, parse_config};

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
    /// Seeds trained at once, each on its own share of the cores.
    pub jobs: usize,
    /// Only this share of the seeds.
    pub shard: Shard,
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
    // A file made by the page's "split across browsers" names its part: it is that shard of
    // the whole study (the folder and the merge know the whole study's fingerprint).
    let shard = match (config.study.part, options.shard.is_whole()) {
        (Some(part), true) => part,
        (Some(part), false) if part != options.shard => {
            return Err(format!(
                "{}: this file is part {part} of its study; --shard {} names another",
                config_path.display(),
                options.shard
            ));
        }
        _ => options.shard,
    };
    config.study = config.study.whole();
    let options = &StudyOptions { shard, ..*options };
    if config.task == Task::Video {
        return video_study(&config, options);
    }
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
    for warning in config.study_warnings() {
        println!("warning: {warning}");
    }
    let seeds = options.shard.seeds(&study.seeds);
    if !options.shard.is_whole() {
        println!(
            "shard {}: seeds {}",
            options.shard,
            seeds
                .iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if options.plan_only {
        return Ok(());
    }
    // Held until the study returns: one writer per folder.
    let _lock = StudyLock::acquire(out)?;
    claim_folder(out, &config, options.shard)?;
    let mine: Vec<_> = units
        .iter()
        .filter(|unit| seeds.contains(&unit.seed))
        .cloned()
        .collect();
    run_seeds(&mine, out, options.data, options.jobs)?;
    if !options.shard.is_whole() {
        println!(
            "\nshard {} finished in {}; once every shard has, `nda-lab study-merge --out DIR \
             <the shards' folders>` writes the study's report",
            options.shard,
            out.display()
        );
        return Ok(());
    }
    let summary = write_report(&config, &units, |unit| unit_dir(out, unit), out)?;
    println!("\n{summary}");
    println!("report: {}", out.join("report.md").display());
    Ok(())
}

/// A study of the video task: the experiment file's `video` and `study` sections as the study
/// `nda-lab video-study` runs, in the same layout (`DIR/seed-<S>/<arm>/`).
fn video_study(config: &ExperimentConfig, options: &StudyOptions) -> Result<(), String> {
    let path = options.config.display();
    if options.data.is_some() {
        return Err(format!(
            "{path}: a video study trains on Moving Shapes clips; --data is for image studies \
             (`nda-lab video --data` trains one video pair on your clips)"
        ));
    }
    if !options.shard.is_whole() {
        return Err(format!(
            "{path}: a video study is not sharded yet; --jobs N trains N seeds at once"
        ));
    }
    let study = config.video_study();
    let _lock = (!options.plan_only)
        .then(|| StudyLock::acquire(options.out))
        .transpose()?;
    super::video::study::run_study(&study, options.out, options.jobs, options.plan_only)
        .map_err(|error| format!("{path}: {error}"))
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
    let evaluated = config
        .study_units()
        .first()
        .map(|unit| unit.config.evaluation.iterations(experiment.iterations))
        .unwrap_or_default();
    format!(
        "study: {pairs} NDA/baseline pairs ({} arm(s) × {} seeds) of {} iterations on {} at {} px, \
         evaluated after iteration(s) {}; primary metric declared: {} (at the end)",
        pairs / config.study.seeds.len().max(1),
        config.study.seeds.len(),
        experiment.iterations,
        experiment.dataset.dataset.label(),
        experiment.gan.image_size,
        evaluated
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        config.study.primary_metric
    )
}
