//! `nda-lab video --config <file>`: trains the video task's clip encoder by dense predictive
//! coding with NDA clips (and, if the file asks, its `m = 0` baseline with the same seed, step
//! for step) on Moving Shapes or a person's clips (`--data`), with a progress bar. Per run it
//! writes `metrics.csv` (every step) and `evaluation.csv` (motion k-NN and linear probe, the
//! appearance-only control, anomaly AUROCs, at every evaluation), its weights and
//! `check.safetensors` (`outputs.rs`); beside them `experiment.json` (the file it ran, every
//! default spelled out), `run.zip`, the clips and their NDA clips as GIFs, and `comparison.md`,
//! the last evaluation of NDA against the baseline. It prints the final measures.
//!
//! The experiment file is the video task's own (`VideoExperiment` as JSON) or the versioned
//! experiment config with `"task": "Video"` (a settings file of the page's Video panel), whose
//! `video` section it runs.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use futures::executor::block_on;

use super::data::training_clips;
use super::outputs::{write_clip_gifs, write_csvs, write_run_file, write_weights};
use crate::driver::{NativeDevice, open_device, print_pace, progress_bar, write};
use nda_core::experiment::{ArchivedClipEncoder, Task, parse_config};
use nda_core::train::video::metrics::ANOMALY_KINDS;
use nda_core::train::video::{VideoEvaluation, VideoExperiment, VideoPoint, VideoRun};

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
    /// Your own clips instead of Moving Shapes (as `nda-lab clips --data`: animated GIF, PNG or
    /// WebP files and folders of frames, labelled by the folder above them); a fifth of each
    /// label is held out to measure the encoder.
    #[arg(long)]
    pub data: Option<PathBuf>,
}

/// One run being trained, with what it has measured so far.
struct RunFiles {
    name: &'static str,
    run: VideoRun,
    points: Vec<VideoPoint>,
    evaluations: Vec<VideoEvaluation>,
}

/// The video experiment of a file: the video task's own, or the `video` section of a versioned
/// experiment config whose task is `Video`.
fn video_experiment(text: &str) -> Result<VideoExperiment, String> {
    let own = serde_json::from_str::<VideoExperiment>(text);
    match (own, parse_config(text)) {
        (Ok(experiment), _) => Ok(experiment),
        (Err(_), Ok(config)) if config.task == Task::Video => Ok(config.video),
        (Err(_), Ok(config)) => Err(format!(
            "its task is {:?}: run it with `nda-lab {}`",
            config.task,
            if config.task == Task::Gan {
                "gan"
            } else {
                "contrastive"
            }
        )),
        (Err(error), Err(_)) => Err(error.to_string()),
    }
}

/// Reads the experiment of `args`, trains it and writes the results under its `out`.
pub fn run(args: &VideoArgs) -> Result<(), String> {
    let (config_path, out_dir) = (args.config.as_path(), args.out.as_path());
    let text = fs::read_to_string(config_path)
        .map_err(|error| format!("cannot read {}: {error}", config_path.display()))?;
    let mut experiment = video_experiment(&text).map_err(|error| {
        format!(
            "{} is not a video experiment: {error}",
            config_path.display()
        )
    })?;
    experiment.validate().map_err(|error| error.to_string())?;
    let device = open_device(args.device)?.autodiff();
    let (clips, evaluation) = training_clips(&mut experiment, args.data.as_deref())?;
    let mut runs = Vec::new();
    for (name, config) in experiment.runs() {
        let run = VideoRun::new(config, clips.clone(), evaluation.clone(), &device)
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
    let mut archived = Vec::new();
    for files in &runs {
        let dir = out_dir.join(files.name);
        let weights = write_weights(
            files.run.trainer(),
            files.run.evaluation_set(),
            &device,
            &dir,
        )?;
        archived.push(ArchivedClipEncoder {
            label: files.name.to_string(),
            points: files.points.clone(),
            evaluations: files.evaluations.clone(),
            weights,
        });
        println!("{}", final_line(files));
    }
    write_run_file(&experiment, archived, &out_dir.join("run.zip"))?;
    write_clip_gifs(&experiment.config, &clips, out_dir)?;
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
