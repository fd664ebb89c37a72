//! `nda-lab video --config <file>`: trains the video task's clip encoder by dense predictive
//! coding with NDA clips (and, if the file asks, its `m = 0` baseline with the same seed, step
//! for step) on Moving Shapes, with a progress bar. Per run it writes `metrics.csv` (every step)
//! and `evaluation.csv` (motion k-NN and linear probe, the appearance-only control, anomaly AUROCs,
//! at every evaluation), its weights (`weights.safetensors`) and `check.safetensors` (what the
//! encoder computes of four held-out clips, for `python/check_video.py`); beside them `experiment.json` (the file it ran, every default spelled
//! out) and `comparison.md`, the last evaluation of NDA against the baseline. It prints the final
//! measures.
//!
//! The experiment file is the video task's own (`VideoExperiment` as JSON); the versioned
//! experiment config that the page shares has no video section yet.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use futures::executor::block_on;

use crate::driver::{NativeDevice, open_device, print_pace, progress_bar, write};
use nda_core::data::video::generate_clips;
use nda_core::train::csv_text;
use nda_core::train::host_weights::HostWeights;
use nda_core::train::video::metrics::ANOMALY_KINDS;
use nda_core::train::video::{VideoEvaluation, VideoExperiment, VideoPoint, VideoRun};
use nda_core::train::video::{check_tensors, read_video_weights};

/// Held-out clips whose encoder outputs `check.safetensors` keeps.
const CHECK_CLIPS: usize = 4;

/// `nda-lab video`'s options.
#[derive(Debug, Clone, clap::Args)]
pub struct VideoArgs {
    /// The experiment, e.g. `examples/video-moving-shapes.json`.
    #[arg(long)]
    pub config: PathBuf,
    /// Folder for the results.
    #[arg(long, default_value = "runs/video")]
    pub out: PathBuf,
    /// Where to compute.
    #[arg(long, value_enum, default_value = "cpu")]
    pub device: NativeDevice,
}

/// One run being trained, with what it has measured so far.
struct RunFiles {
    name: &'static str,
    run: VideoRun,
    points: Vec<VideoPoint>,
    evaluations: Vec<VideoEvaluation>,
}

/// Reads the experiment at `config_path`, trains it and writes the results under `out_dir`.
pub fn run(config_path: &Path, out_dir: &Path, device: NativeDevice) -> Result<(), String> {
    let text = fs::read_to_string(config_path)
        .map_err(|error| format!("cannot read {}: {error}", config_path.display()))?;
    let experiment: VideoExperiment = serde_json::from_str(&text).map_err(|error| {
        format!(
            "{} is not a video experiment: {error}",
            config_path.display()
        )
    })?;
    experiment.validate().map_err(|error| error.to_string())?;
    let device = open_device(device)?.autodiff();
    let clips = generate_clips(&experiment.clips).map_err(|error| error.to_string())?;
    let mut runs = Vec::new();
    for (name, config) in experiment.runs() {
        let run = VideoRun::new(config, &experiment.clips, clips.clone(), &device)
            .map_err(|error| error.to_string())?;
        runs.push(RunFiles {
            name,
            run,
            points: Vec::new(),
            evaluations: Vec::new(),
        });
    }
    fs::create_dir_all(out_dir)
        .map_err(|error| format!("cannot create {}: {error}", out_dir.display()))?;
    let resolved = serde_json::to_string_pretty(&experiment).map_err(|error| error.to_string())?;
    write(&out_dir.join("experiment.json"), resolved.as_bytes())?;
    let progress = progress_bar(experiment.steps, 0, "steps")?;
    let started = Instant::now();
    for step in 1..=experiment.steps {
        let mut message = Vec::new();
        for files in &mut runs {
            files.run.step().map_err(|error| error.to_string())?;
            let point = block_on(files.run.read_point())
                .map_err(|error| error.to_string())?
                .ok_or("a step reported nothing")?;
            message.push(format!("{} loss {:.3}", files.name, point.loss));
            files.points.push(point);
            if step % experiment.evaluate_every == 0 || step == experiment.steps {
                let evaluation =
                    block_on(files.run.evaluate()).map_err(|error| error.to_string())?;
                files.evaluations.push(evaluation);
                write_run(files, out_dir)?;
            }
        }
        progress.set_message(message.join(" · "));
        progress.inc(1);
    }
    progress.finish();
    print_pace(
        experiment.steps,
        runs.len(),
        started.elapsed().as_secs_f64(),
        "step",
        out_dir,
    );
    for files in &runs {
        write_weights(files, out_dir)?;
        println!("{}", final_line(files));
    }
    if let [nda, baseline] = &runs[..] {
        let table = comparison(nda, baseline);
        write(&out_dir.join("comparison.md"), table.as_bytes())?;
        println!("{table}");
    }
    Ok(())
}

/// Writes a run's CSVs into its own folder.
fn write_run(files: &RunFiles, out_dir: &Path) -> Result<(), String> {
    write_csvs(&out_dir.join(files.name), &files.points, &files.evaluations)
}

/// Writes `metrics.csv` and `evaluation.csv` into `dir` (created if need be).
pub(crate) fn write_csvs(
    dir: &Path,
    points: &[VideoPoint],
    evaluations: &[VideoEvaluation],
) -> Result<(), String> {
    fs::create_dir_all(dir).map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
    let metrics = csv_text(VideoPoint::CSV_HEADER, points, VideoPoint::csv_row);
    write(&dir.join("metrics.csv"), metrics.as_bytes())?;
    let evaluations = csv_text(
        &VideoEvaluation::csv_header(),
        evaluations,
        VideoEvaluation::csv_row,
    );
    write(&dir.join("evaluation.csv"), evaluations.as_bytes())
}

/// Writes a run's weights (`weights.safetensors`, named by module path) and `check.safetensors`:
/// four held-out clips and what the frozen encoder computes of them, which
/// `python/check_video.py` recomputes from the weights.
fn write_weights(files: &RunFiles, out_dir: &Path) -> Result<(), String> {
    let dir = out_dir.join(files.name);
    let trainer = files.run.trainer();
    let weights = block_on(read_video_weights(trainer)).map_err(|error| error.to_string())?;
    let bytes = weights
        .to_safetensors()
        .map_err(|error| error.to_string())?;
    write(&dir.join("weights.safetensors"), &bytes)?;
    let held_out = files.run.evaluation_set().held_out();
    let indices: Vec<usize> = (0..CHECK_CLIPS.min(held_out.len())).collect();
    let tensors = block_on(check_tensors(
        trainer,
        held_out,
        &indices,
        files.run.device(),
    ))
    .map_err(|error| error.to_string())?;
    let check = HostWeights {
        tensors,
        iteration: weights.iteration,
    };
    let bytes = check.to_safetensors().map_err(|error| error.to_string())?;
    write(&dir.join("check.safetensors"), &bytes)
}

fn final_line(files: &RunFiles) -> String {
    let Some(last) = files.evaluations.last() else {
        return format!("{}: no evaluation", files.name);
    };
    let aurocs: Vec<String> = ANOMALY_KINDS
        .iter()
        .filter_map(|&kind| {
            last.auroc(kind)
                .map(|value| format!("{} {value:.3}", kind.slug()))
        })
        .collect();
    format!(
        "{} at step {}: motion k-NN {:.3}, probe {:.3}; one frame k-NN {:.3}, probe {:.3}; \
         AUROC {}",
        files.name,
        last.step,
        last.motion_knn,
        last.motion_linear,
        last.appearance_knn,
        last.appearance_linear,
        aurocs.join(", ")
    )
}

/// The last evaluations of the NDA run and its baseline side by side: one seed, no interval (a
/// study pairs seeds).
fn comparison(nda: &RunFiles, baseline: &RunFiles) -> String {
    let (Some(with), Some(without)) = (nda.evaluations.last(), baseline.evaluations.last()) else {
        return String::new();
    };
    let mut rows = vec![
        ("motion k-NN", with.motion_knn, without.motion_knn),
        (
            "motion linear probe",
            with.motion_linear,
            without.motion_linear,
        ),
        (
            "one frame k-NN (control)",
            with.appearance_knn,
            without.appearance_knn,
        ),
        (
            "one frame linear probe (control)",
            with.appearance_linear,
            without.appearance_linear,
        ),
    ];
    for kind in ANOMALY_KINDS {
        if let (Some(a), Some(b)) = (with.auroc(kind), without.auroc(kind)) {
            rows.push((kind.label(), a, b));
        }
    }
    let mut table = format!(
        "One seed ({}) at step {}: a single pair, not a verdict (a study pairs seeds).\n\n\
         | measure | NDA | baseline | NDA − baseline |\n|---|---|---|---|\n",
        nda.run.config().seed,
        with.step
    );
    for (name, a, b) in rows {
        let name = match ANOMALY_KINDS.iter().any(|kind| kind.label() == name) {
            true => format!("anomaly AUROC, {name}"),
            false => name.to_string(),
        };
        table.push_str(&format!("| {name} | {a:.3} | {b:.3} | {:+.3} |\n", a - b));
    }
    table
}
