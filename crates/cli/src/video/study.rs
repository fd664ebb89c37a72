//! `nda-lab video-study --config <file>`: a paired multi-seed study of the video task. Every
//! seed trains its baseline and each NDA arm for the experiment's steps on the same Moving
//! Shapes clips, and measures each once at the end; `--jobs N` trains N seeds at once. Each run
//! writes `seed-<s>/<arm>/metrics.csv` and `evaluation.csv`, and a run already finished is kept,
//! so a stopped study continues. Then `report.md` (the design, the significance floor, and per
//! arm the image studies' table and sentences), `study.csv` and one forest plot per arm.

use std::fs;
use std::path::{Path, PathBuf};

use futures::executor::block_on;

use super::outputs::write_csvs;
use crate::driver::write;
use crate::study_jobs::{cores, on_jobs};
use nda_core::data::video::{ClipSet, generate_clips};
use nda_core::train::evaluation::MetricRow;
use nda_core::train::study::{SeedResult, compare_arm, forest_svg, markdown_table, study_csv};
use nda_core::train::video::{
    VideoEvaluation, VideoEvaluationSet, VideoRun, VideoStudy, VideoStudyRun,
};

/// `nda-lab video-study`'s options.
#[derive(Debug, Clone, clap::Args)]
pub struct VideoStudyArgs {
    /// The study, e.g. `examples/study-video-shuffle.json`.
    #[arg(long)]
    pub config: PathBuf,
    /// Folder for the runs and the report; a stopped study continues there.
    #[arg(long, default_value = "runs/video-study")]
    pub out: PathBuf,
    /// Seeds trained at once, each on its share of the cores (default: the cores).
    #[arg(long)]
    pub jobs: Option<usize>,
}

/// Reads, runs (or continues) and reports the study.
pub fn run(options: &VideoStudyArgs) -> Result<(), String> {
    let text = fs::read_to_string(&options.config)
        .map_err(|error| format!("cannot read {}: {error}", options.config.display()))?;
    let study: VideoStudy = serde_json::from_str(&text)
        .map_err(|error| format!("{} is not a video study: {error}", options.config.display()))?;
    run_study(
        &study,
        &options.out,
        options.jobs.unwrap_or_else(cores),
        false,
    )
}

/// Runs (or continues) `study` in `out` with `jobs` seeds at once, and reports it; with
/// `plan_only`, prints what it would run and what its seeds can conclude, and stops. Also the
/// runner of `nda-lab study` for an experiment file with `"task": "Video"`.
pub fn run_study(
    study: &VideoStudy,
    out: &Path,
    jobs: usize,
    plan_only: bool,
) -> Result<(), String> {
    study.validate().map_err(|error| error.to_string())?;
    let settings = study.settings();
    println!(
        "video study: {} runs ({} seeds × a baseline and {} arm(s)) of {} steps; primary metric \
         declared: {}",
        study.runs().len(),
        study.seeds.len(),
        study.arms.len(),
        study.experiment.steps,
        study.primary_metric
    );
    println!(
        "plan: the smallest p with {} seeds is {:.4}; Holm's floor over {} secondary metrics is {:.4}",
        study.seeds.len(),
        settings.smallest_p(),
        settings.num_secondary(),
        settings.holm_floor()
    );
    if let Some(warning) = settings.significance_warning() {
        println!("warning: {warning}");
    }
    if plan_only {
        return Ok(());
    }
    fs::create_dir_all(out).map_err(|error| format!("cannot create {}: {error}", out.display()))?;
    let resolved = serde_json::to_string_pretty(&study).map_err(|error| error.to_string())?;
    write(&out.join("study.json"), resolved.as_bytes())?;
    let clips = generate_clips(&study.experiment.clips).map_err(|error| error.to_string())?;
    let runs = study.runs();
    on_jobs(study.seeds.clone(), jobs, |seed| {
        for run in runs.iter().filter(|run| run.seed == seed) {
            train_run(study, run, &clips, out)?;
        }
        Ok(())
    })?;
    report(study, out)
}

fn run_dir(out: &Path, seed: u64, arm: &str) -> PathBuf {
    out.join(format!("seed-{seed}")).join(arm)
}

/// The final evaluation a finished run wrote, if it reached the study's steps.
fn finished(study: &VideoStudy, dir: &Path) -> Option<VideoEvaluation> {
    let text = fs::read_to_string(dir.join("evaluation.csv")).ok()?;
    let last = VideoEvaluation::from_csv_row(text.lines().nth(1)?).ok()?;
    (last.step == study.experiment.steps).then_some(last)
}

/// Trains one run and measures it at the end, unless it finished earlier. A run that fails
/// (diverges) writes `failed.txt` with the reason and counts as diverged in the report.
fn train_run(
    study: &VideoStudy,
    run: &VideoStudyRun,
    clips: &ClipSet,
    out: &Path,
) -> Result<(), String> {
    let dir = run_dir(out, run.seed, &run.arm);
    let label = format!("seed {} {}", run.seed, run.arm);
    if finished(study, &dir).is_some() {
        println!("{label}: kept (finished earlier)");
        return Ok(());
    }
    let device = burn::tensor::Device::flex().autodiff();
    let evaluation = VideoEvaluationSet::for_moving_shapes(&study.experiment.clips, clips)
        .map_err(|error| error.to_string())?;
    let mut trained = VideoRun::new(run.config.clone(), clips.clone(), evaluation, &device)
        .map_err(|error| error.to_string())?;
    let mut points = Vec::new();
    let outcome = (|| {
        for _ in 0..study.experiment.steps {
            trained.step()?;
            points.extend(block_on(trained.read_point())?);
        }
        block_on(trained.evaluate())
    })();
    match outcome {
        Ok(evaluation) => {
            write_csvs(&dir, &points, std::slice::from_ref(&evaluation))?;
            println!(
                "{label}: motion k-NN {:.3}, probe {:.3}",
                evaluation.motion_knn, evaluation.motion_linear
            );
        }
        Err(error) => {
            write_csvs(&dir, &points, &[])?;
            write(&dir.join("failed.txt"), error.to_string().as_bytes())?;
            println!("{label}: failed: {error}");
        }
    }
    Ok(())
}

/// The rows of a run's final evaluation, `None` for a run that failed.
fn rows(study: &VideoStudy, out: &Path, seed: u64, arm: &str) -> Option<Vec<MetricRow>> {
    finished(study, &run_dir(out, seed, arm)).map(|evaluation| evaluation.metric_rows())
}

/// Writes `report.md`, `study.csv` and a forest plot per arm from the runs' files.
fn report(study: &VideoStudy, out: &Path) -> Result<(), String> {
    let settings = study.settings();
    let mut arms = Vec::new();
    let experiment = &study.experiment;
    let mut text = format!(
        "# Video study\n\n\
         Moving Shapes, {} clips of {} frames at {} px (clip seed {}); a {:?} clip encoder trained \
         by dense predictive coding for {} steps of {} clips; each run measured once at the end \
         on {} held-out clips. Seeds: {:?}. Primary metric, declared before the run: **{}**. \
         The smallest p {} seeds can give is {:.4}; Holm's floor over {} secondary metrics is \
         {:.4}.\n",
        experiment.clips.count,
        experiment.clips.frames,
        experiment.clips.size,
        experiment.clips.seed,
        experiment.config.preset,
        experiment.steps,
        experiment.config.batch_size,
        nda_core::train::video::HELD_OUT_CLIPS,
        study.seeds,
        study.primary_metric,
        study.seeds.len(),
        settings.smallest_p(),
        settings.num_secondary(),
        settings.holm_floor(),
    );
    for arm in &study.arms {
        let seeds: Vec<SeedResult> = study
            .seeds
            .iter()
            .map(|&seed| SeedResult {
                seed,
                nda: rows(study, out, seed, &arm.name),
                baseline: rows(study, out, seed, "baseline"),
            })
            .collect();
        let comparisons = compare_arm(&study.primary_metric, &study.secondary_metrics, &seeds);
        let negatives: Vec<String> = arm
            .negatives
            .iter()
            .map(|(kind, weight)| format!("{} ×{weight}", kind.label()))
            .collect();
        text.push_str(&format!(
            "\n## Arm `{}`: {} NDA clip(s) per clip, {} against the baseline\n\n",
            arm.name,
            arm.nda_views,
            negatives.join(", ")
        ));
        for comparison in &comparisons {
            text.push_str(&format!("- {}\n", comparison.sentence()));
        }
        text.push('\n');
        text.push_str(&markdown_table(&comparisons));
        let svg = forest_svg(&format!("video: {} − baseline", arm.name), &comparisons);
        write(
            &out.join(format!("forest-{}.svg", arm.name)),
            svg.as_bytes(),
        )?;
        arms.push((arm.name.clone(), comparisons));
    }
    write(&out.join("study.csv"), study_csv(&arms).as_bytes())?;
    write(&out.join("report.md"), text.as_bytes())?;
    println!("{text}");
    Ok(())
}
