//! `nda-lab gan --config <file>`: reads an experiment config (the page's exported or shared
//! settings, or an older unversioned GAN file) or a run file exported by the page (whose weights
//! it continues from, Adam restarting) and trains an NDA-GAN (and, if the file asks, its baseline with the
//! same seed, step for step) on the CPU backend or a native GPU, with a progress bar; writes
//! `metrics.csv`, fixed-noise grids as PNG and their timeline as an animated GIF per run, plus
//! the config it ran.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use burn::tensor::Device;
use futures::executor::block_on;

use super::data_files::experiment_images;
use super::driver::{NativeDevice, open_device, print_pace, progress_bar, write, write_config};
use super::evaluate::{RunEvaluations, print_comparison};
use nda_core::data::ImageSet;
use nda_core::experiment::{
    ExperimentConfig, RUN_LABELS, RunArchive, parse_config, read_archived_run,
};
use nda_core::train::evaluation::{MetricRow, to_csv};
use nda_core::train::timeline::frames_within;
use nda_core::train::{GanConfig, GanExperiment, GanPoint, GanRun, Timeline};

/// One run being trained, with what it has written so far.
struct RunFiles {
    name: &'static str,
    run: GanRun,
    dir: PathBuf,
    csv: String,
    points: Vec<GanPoint>,
    /// The grids so far, as PNG, for the run file's timeline.
    timeline: Timeline<Vec<u8>>,
}

/// Reads the experiment at `config_path` (a JSON config, or a run file exported by the page,
/// whose weights it continues from), trains it and writes the results under `out_dir`.
pub fn run(
    config_path: &Path,
    out_dir: &Path,
    device: NativeDevice,
    data: Option<&Path>,
) -> Result<(), String> {
    run_with(config_path, out_dir, device, data, &Extras::default())
}

/// What a run may write besides its results.
#[derive(Debug, Clone, Default)]
pub struct Extras<'a> {
    /// After each of these iterations before the last, the weights as a run file
    /// `checkpoint-<iteration>.zip`: a study's shared baseline, evaluated afterwards against
    /// each arm at the fractions the study asks for.
    pub checkpoints: &'a [usize],
    /// Every this many iterations, the process's resident memory and the bytes it holds into
    /// `memory.csv`.
    pub memory_every: Option<usize>,
}

/// [`run`] with `extras`.
pub fn run_with(
    config_path: &Path,
    out_dir: &Path,
    device: NativeDevice,
    data: Option<&Path>,
    extras: &Extras,
) -> Result<(), String> {
    let (mut config, archive) = read_input(config_path)?;
    let set = experiment_images(&mut config, data)?;
    let experiment = config.gan_experiment();
    let device = open_device(device)?.autodiff();
    let (mut runs, first_iteration) =
        prepare_runs(&experiment, archive.as_ref(), &set, &device, out_dir)?;
    let run_configs: Vec<GanConfig> = runs
        .iter()
        .map(|files| files.run.config().clone())
        .collect();
    let mut evaluations = RunEvaluations::prepare(&config, &run_configs, &set)?;
    write_config(out_dir, &config)?;
    if first_iteration > experiment.iterations {
        return Err(format!(
            "this run has already trained {} iterations, all its config asks for: raise \
             \"iterations\" in the \"gan\" section of its config.json to train on",
            first_iteration - 1
        ));
    }
    let progress = progress_bar(experiment.iterations, first_iteration - 1, "iterations")?;
    let started = Instant::now();
    let mut memory_csv = String::from("iteration,resident_kib,held_kib\n");
    for iteration in first_iteration..=experiment.iterations {
        let mut message = Vec::new();
        for (index, files) in runs.iter_mut().enumerate() {
            message.push(train_iteration(files, iteration, &experiment)?);
            if let Some(evaluations) = evaluations.as_mut().filter(|e| e.is_due(iteration)) {
                let line = evaluations.evaluate(index, files.run.trainer(), iteration)?;
                progress.suspend(|| println!("{} at iteration {iteration}: {line}", files.name));
                let rows = to_csv(evaluations.rows(index));
                write(&files.dir.join("evaluation.csv"), rows.as_bytes())?;
            }
        }
        if extras
            .memory_every
            .is_some_and(|every| iteration.is_multiple_of(every.max(1)))
        {
            let kib = super::memory::resident_kib().ok_or("this system does not report memory")?;
            let held = super::memory::held_kib();
            memory_csv.push_str(&format!("{iteration},{kib},{held}\n"));
            write(&out_dir.join("memory.csv"), memory_csv.as_bytes())?;
        }
        if extras.checkpoints.contains(&iteration) && iteration < experiment.iterations {
            let path = out_dir.join(checkpoint_name(iteration));
            let none = vec![Vec::new(); runs.len()];
            write_run_file(&config, &runs, &none, &path)?;
        }
        progress.set_message(message.join(" · "));
        progress.inc(1);
    }
    progress.finish();
    let rows: Vec<Vec<MetricRow>> = (0..runs.len())
        .map(|index| {
            evaluations
                .as_ref()
                .map_or_else(Vec::new, |e| e.rows(index).to_vec())
        })
        .collect();
    write_run_file(&config, &runs, &rows, &out_dir.join("run.zip"))?;
    for files in &runs {
        let frames = super::timeline_gif::write_timeline(&files.dir)?;
        if frames > 0 {
            println!(
                "{}: its timeline, {frames} grids, is {}",
                files.name,
                files.dir.join("timeline.gif").display()
            );
        }
    }
    let trained = experiment.iterations + 1 - first_iteration;
    print_pace(
        trained,
        runs.len(),
        started.elapsed().as_secs_f64(),
        "iteration",
        out_dir,
    );
    if let Some(last) = evaluations.as_ref().and_then(|_| rows[0].last()) {
        let runs: Vec<(usize, Vec<MetricRow>)> = rows
            .iter()
            .map(|rows| (last.iteration, rows.clone()))
            .collect();
        print_comparison(&runs);
    }
    Ok(())
}

/// The file name of the checkpoint after `iteration`.
pub fn checkpoint_name(iteration: usize) -> String {
    format!("checkpoint-{iteration:06}.zip")
}

/// The config at `path` and, when it is a run file, the runs to continue.
fn read_input(path: &Path) -> Result<(ExperimentConfig, Option<RunArchive>), String> {
    let bytes =
        fs::read(path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    if bytes.starts_with(b"PK") {
        let archive =
            RunArchive::from_zip(&bytes).map_err(|error| format!("{}: {error}", path.display()))?;
        return Ok((archive.config.clone(), Some(archive)));
    }
    let config = parse_config(&String::from_utf8_lossy(&bytes))
        .map_err(|error| format!("{}: {error}", path.display()))?;
    Ok((config, None))
}

/// The experiment's runs (continued from `archive`'s weights and points when given), each with
/// its folder under `out_dir`, and the first iteration left to train.
fn prepare_runs(
    experiment: &GanExperiment,
    archive: Option<&RunArchive>,
    set: &ImageSet,
    device: &Device,
    out_dir: &Path,
) -> Result<(Vec<RunFiles>, usize), String> {
    let mut runs = Vec::new();
    let mut first_iteration = 1;
    for (index, (name, config)) in experiment.runs().into_iter().enumerate() {
        let mut run = GanRun::new(config, set, device).map_err(|error| error.to_string())?;
        let archived = archive.and_then(|archive| archive.runs.get(index));
        if let Some(archived) = archived {
            run = run
                .continue_on(&archived.weights, set, device)
                .map_err(|error| error.to_string())?;
            first_iteration = archived.weights.iteration + 1;
        }
        let dir = out_dir.join(name);
        fs::create_dir_all(&dir)
            .map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
        runs.push(RunFiles {
            name,
            run,
            dir,
            csv: format!("{}\n", GanPoint::CSV_HEADER),
            points: archived.map_or_else(Vec::new, |archived| archived.points.clone()),
            timeline: archived.map_or_else(
                || Timeline::every(experiment.sample_every),
                |archived| archived.timeline.clone(),
            ),
        });
    }
    Ok((runs, first_iteration))
}

/// Trains one iteration of one run, writing its grid and metrics when due; returns its losses
/// for the progress bar.
fn train_iteration(
    files: &mut RunFiles,
    iteration: usize,
    experiment: &GanExperiment,
) -> Result<String, String> {
    files.run.iteration().map_err(|error| error.to_string())?;
    let point = block_on(files.run.read_point())
        .map_err(|error| format!("{} run, iteration {iteration}: {error}", files.name))?
        .ok_or("no D step was taken")?;
    files.csv.push_str(&point.csv_row());
    files.csv.push('\n');
    let line = format!(
        "{}: L_D {:.3} L_G {:.3}",
        files.name,
        point.d_loss,
        point.g_loss.unwrap_or(f32::NAN)
    );
    files.points.push(point);
    if iteration.is_multiple_of(experiment.sample_every) || iteration == experiment.iterations {
        let grid = block_on(files.run.read_fixed_grid()).map_err(|error| error.to_string())?;
        let png = grid.to_png().map_err(|error| error.to_string())?;
        write(&files.dir.join(format!("samples_{iteration:06}.png")), &png)?;
        files
            .timeline
            .push(iteration, png, frames_within(grid.rgba.len()));
        write(&files.dir.join("metrics.csv"), files.csv.as_bytes())?;
    }
    Ok(line)
}

/// The runs as a run file, as the page's "Export run" writes it: `nda-lab sample`, the page's
/// "Import run" and `python/nda_lab` open it.
fn write_run_file(
    config: &ExperimentConfig,
    runs: &[RunFiles],
    evaluations: &[Vec<MetricRow>],
    path: &Path,
) -> Result<(), String> {
    let mut archived = Vec::new();
    for ((files, label), rows) in runs.iter().zip(RUN_LABELS).zip(evaluations) {
        let mut run = block_on(read_archived_run(label, &files.run, files.points.clone()))?;
        run.evaluation = rows.clone();
        run.timeline = files.timeline.clone();
        archived.push(run);
    }
    let archive = RunArchive {
        config: config.clone(),
        runs: archived,
    };
    let zip = archive.to_zip().map_err(|error| error.to_string())?;
    write(path, &zip)
}

#[cfg(test)]
mod tests {
    use super::*;
    use nda_core::data::generate;
    use nda_core::data::{BuiltinDataset, BuiltinSpec};
    use nda_core::experiment::DatasetChoice;
    use nda_core::experiment::GanSection;
    use nda_core::model::ModelPreset;
    use nda_protocol::gan::messages::GanControl;
    use nda_worker::gan::session::GanSession;

    #[test]
    fn a_run_file_from_the_page_continues_on_the_command_line() {
        let spec = BuiltinSpec {
            dataset: BuiltinDataset::Shapes,
            size: 32,
            count: 16,
            seed: 1,
        };
        let mut config = ExperimentConfig {
            dataset: DatasetChoice::Builtin(spec),
            gan: GanSection {
                iterations: 3,
                sample_every: 1,
                ..GanSection::default()
            },
            ..ExperimentConfig::default()
        };
        config.gan.config.preset = ModelPreset::Tiny;
        config.gan.config.latent_dim = 8;
        config.gan.config.batch_size = 8;
        config.gan.config.n_dis = 1;
        let set = generate(&spec).expect("shapes");
        let device = Device::flex().autodiff();
        let mut session =
            GanSession::start(&config.gan_experiment(), &set, &device, false).expect("session");
        for _ in 0..2 {
            let _ = block_on(session.control(GanControl::StepIteration, || 0.0));
        }
        let zip = block_on(session.export(&config, &[])).expect("export");
        let folder = std::env::temp_dir().join(format!("nda-lab-resume-{}", std::process::id()));
        fs::create_dir_all(&folder).expect("folder");
        let file = folder.join("run.zip");
        fs::write(&file, zip).expect("write");
        run(&file, &folder.join("out"), NativeDevice::Cpu, None).expect("continues");
        let csv = fs::read_to_string(folder.join("out/nda/metrics.csv")).expect("metrics");
        let iterations: Vec<&str> = csv
            .lines()
            .skip(1)
            .map(|line| &line[..line.find(',').unwrap_or(0)])
            .collect();
        assert_eq!(
            iterations,
            vec!["3"],
            "only the missing iteration is trained"
        );
        let done = run(
            &folder.join("out/config.json"),
            &folder.join("again"),
            NativeDevice::Cpu,
            None,
        );
        assert!(done.is_ok(), "a config file trains from scratch: {done:?}");
        assert!(
            folder.join("again/nda/timeline.gif").exists(),
            "three grids make a timeline"
        );
        let _ = fs::remove_dir_all(&folder);
    }
}
