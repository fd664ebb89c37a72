//! `nda-lab contrastive --config <file>`: reads an experiment config (the page's exported or
//! shared settings; its `contrastive` section and augmentation settings) and trains the MoCo + NDA
//! encoder (and, if the file asks, its `m = 0` baseline with the same seed, step for step) on a
//! built-in set or a person's images (`--data`), with a progress bar. Per run it writes `metrics.csv` (every step),
//! `accuracy.csv` (every evaluation) and `map.csv` (the last evaluation's PCA map with labels),
//! with `evaluation.enabled` also `evaluation.csv` (k-NN anomaly AUROCs, see
//! [`anomaly`]), plus the config it ran and `run.zip` (every encoder's weights
//! and numbers, see [`file`]), and prints the final accuracies. Given a run
//! file instead of a config, it continues that run's encoders from their step.

pub mod anomaly;
pub mod file;

use std::fs;
use std::path::Path;
use std::time::Instant;

use burn::tensor::Device;
use futures::executor::block_on;

use super::contrastive::anomaly::EncoderAnomalies;
use super::contrastive::file::{EncoderRecord, read_input, write_run_file};
use super::data_files::experiment_images;
use super::driver::{NativeDevice, open_device, print_pace, progress_bar, write, write_config};
use nda_core::data::ImageSet;
use nda_core::eval::Projection2d;
use nda_core::experiment::ContrastiveArchive;
use nda_core::train::timeline::MAX_FRAMES;
use nda_core::train::{
    AccuracyPoint, ContrastiveExperiment, ContrastivePoint, ContrastiveRun, Evaluation, Timeline,
    csv_text,
};

/// One run being trained, with what it has written so far.
struct RunFiles {
    name: &'static str,
    run: ContrastiveRun,
    last: Option<Evaluation>,
    points: Vec<ContrastivePoint>,
    accuracies: Vec<AccuracyPoint>,
    map: String,
    /// The map at every evaluation, for the run file's timeline.
    maps: Timeline<Projection2d>,
}

/// Reads the experiment at `config_path`, trains it and writes the results under `out_dir`.
pub fn run(
    config_path: &Path,
    out_dir: &Path,
    device: NativeDevice,
    data: Option<&Path>,
) -> Result<(), String> {
    let (mut config, archive) = read_input(config_path)?;
    let set = experiment_images(&mut config, data)?;
    let experiment = config.contrastive_experiment();
    let device = open_device(device)?.autodiff();
    let (mut runs, first_step) = prepare_runs(&experiment, archive.as_ref(), &set, &device)?;
    let trained: Vec<&ContrastiveRun> = runs.iter().map(|files| &files.run).collect();
    let mut anomalies = EncoderAnomalies::prepare(&config, &trained, &device)?;
    write_config(out_dir, &config)?;
    for files in &mut runs {
        evaluate(files, out_dir)?;
    }
    let progress = progress_bar(experiment.steps, first_step - 1, "steps")?;
    let started = Instant::now();
    for step in first_step..=experiment.steps {
        let mut message = Vec::new();
        for (index, files) in runs.iter_mut().enumerate() {
            let plan = anomalies.as_mut();
            message.extend(train_step(files, index, step, &experiment, plan, out_dir)?);
        }
        progress.set_message(message.join(" · "));
        progress.inc(1);
    }
    progress.finish();
    let seconds = started.elapsed().as_secs_f64();
    print_pace(experiment.steps, runs.len(), seconds, "step", out_dir);
    let records: Vec<EncoderRecord> = runs
        .iter()
        .map(|files| EncoderRecord {
            label: files.name,
            run: &files.run,
            points: &files.points,
            accuracy: &files.accuracies,
            map_csv: &files.map,
            maps: &files.maps,
        })
        .collect();
    write_run_file(&config, &records, &out_dir.join("run.zip"))?;
    for files in &runs {
        println!("{}", final_line(files));
    }
    if let Some(table) = anomalies.as_ref().and_then(EncoderAnomalies::table) {
        println!("{table}");
    }
    Ok(())
}

/// The experiment's encoders (continued from `archive`'s weights and numbers when given) and
/// the first step left to train.
fn prepare_runs(
    experiment: &ContrastiveExperiment,
    archive: Option<&ContrastiveArchive>,
    set: &ImageSet,
    device: &Device,
) -> Result<(Vec<RunFiles>, usize), String> {
    let mut runs = Vec::new();
    let mut first_step = 1;
    for (index, (name, run_config)) in experiment.runs().into_iter().enumerate() {
        let mut run =
            ContrastiveRun::new(run_config, set, device).map_err(|error| error.to_string())?;
        let archived = archive.and_then(|archive| archive.runs.get(index));
        if let Some(archived) = archived {
            run = run
                .continue_on(&archived.weights, set, device)
                .map_err(|error| error.to_string())?;
            first_step = archived.weights.iteration + 1;
        }
        if let Some(reason) = &run.evaluation_set().accuracy_unavailable_because {
            eprintln!("note: {reason}");
        }
        runs.push(RunFiles {
            name,
            run,
            last: None,
            points: archived.map_or_else(Vec::new, |archived| archived.points.clone()),
            accuracies: archived.map_or_else(Vec::new, |archived| archived.accuracy.clone()),
            map: String::new(),
            maps: archived.map_or_else(
                || Timeline::every(experiment.evaluate_every),
                |archived| archived.maps.clone(),
            ),
        });
    }
    Ok((runs, first_step))
}

/// Trains one step of encoder `index`, evaluating and measuring anomalies when due; returns its
/// lines for the progress bar.
fn train_step(
    files: &mut RunFiles,
    index: usize,
    step: usize,
    experiment: &ContrastiveExperiment,
    mut anomalies: Option<&mut EncoderAnomalies>,
    out_dir: &Path,
) -> Result<Vec<String>, String> {
    files.run.step().map_err(|error| error.to_string())?;
    let point = block_on(files.run.read_point())
        .map_err(|error| format!("{} run, step {step}: {error}", files.name))?
        .ok_or("no step was taken")?;
    let mut lines = vec![format!("{}: loss {:.3}", files.name, point.loss)];
    files.points.push(point);
    if step.is_multiple_of(experiment.evaluate_every) || step == experiment.steps {
        evaluate(files, out_dir)?;
        if let (Some(anomalies), Some(last)) = (anomalies.as_deref_mut(), files.last.as_ref()) {
            anomalies.record_accuracy(
                index,
                last.step,
                (last.knn_accuracy, last.linear_accuracy),
                &out_dir.join(files.name),
            )?;
        }
    }
    if let Some(anomalies) = anomalies.filter(|plan| plan.is_due(step)) {
        let line = anomalies.measure(index, &files.run, &out_dir.join(files.name))?;
        lines.push(format!("{}: {line}", files.name));
    }
    Ok(lines)
}

impl RunFiles {
    /// Keeps an evaluation's accuracies, once per step (a continued run evaluates again at the
    /// step it was saved at).
    fn record_accuracy(&mut self, point: AccuracyPoint) {
        if self
            .accuracies
            .last()
            .is_some_and(|last| last.step == point.step)
        {
            return;
        }
        self.accuracies.push(point);
    }
}

/// Evaluates a run and rewrites its files.
fn evaluate(files: &mut RunFiles, out_dir: &Path) -> Result<(), String> {
    let evaluation = block_on(files.run.evaluate()).map_err(|error| error.to_string())?;
    let point = AccuracyPoint {
        step: evaluation.step,
        knn: evaluation.knn_accuracy,
        linear: evaluation.linear_accuracy,
    };
    files.record_accuracy(point);
    let dir = out_dir.join(files.name);
    fs::create_dir_all(&dir)
        .map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
    let metrics = csv_text(ContrastivePoint::CSV_HEADER, &files.points, |point| {
        point.csv_row()
    });
    write(&dir.join("metrics.csv"), metrics.as_bytes())?;
    let accuracy = csv_text(AccuracyPoint::CSV_HEADER, &files.accuracies, |point| {
        point.csv_row()
    });
    write(&dir.join("accuracy.csv"), accuracy.as_bytes())?;
    let map = evaluation.map_csv(files.run.evaluation_set().held_out.labels());
    write(&dir.join("map.csv"), map.as_bytes())?;
    files.map = map;
    files
        .maps
        .push(evaluation.step, evaluation.map.clone(), MAX_FRAMES);
    files.last = Some(evaluation);
    Ok(())
}

fn final_line(files: &RunFiles) -> String {
    let percent = |value: Option<f64>| {
        value.map_or("n/a".to_string(), |value| format!("{:.1}%", value * 100.0))
    };
    match &files.last {
        Some(evaluation) => format!(
            "{} run, step {}: k-NN accuracy {} · linear-probe accuracy {}",
            files.name,
            evaluation.step,
            percent(evaluation.knn_accuracy),
            percent(evaluation.linear_accuracy)
        ),
        None => format!("{} run: not evaluated", files.name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nda_core::data::{BuiltinDataset, BuiltinSpec};
    use nda_core::experiment::{DatasetChoice, ExperimentConfig, Task};
    use nda_core::model::ModelPreset;

    #[test]
    fn trains_from_a_config_file_and_writes_metrics_accuracy_map_and_anomaly_aurocs() {
        let mut config = ExperimentConfig {
            task: Task::Contrastive,
            dataset: DatasetChoice::Builtin(BuiltinSpec {
                dataset: BuiltinDataset::Shapes,
                size: 32,
                count: 40,
                seed: 1,
            }),
            ..ExperimentConfig::default()
        };
        config.contrastive.steps = 2;
        config.contrastive.evaluate_every = 1;
        config.contrastive.config.preset = ModelPreset::Tiny;
        config.contrastive.config.batch_size = 8;
        config.contrastive.config.queue_size = 16;
        config.evaluation.enabled = true;
        config.evaluation.at_fractions = vec![1.0];
        config.evaluation.anomaly_images = 20;
        let folder =
            std::env::temp_dir().join(format!("nda-lab-contrastive-{}", std::process::id()));
        fs::create_dir_all(&folder).expect("folder");
        let file = folder.join("experiment.json");
        fs::write(&file, serde_json::to_string(&config).expect("json")).expect("write");
        run(&file, &folder.join("out"), NativeDevice::Cpu, None).expect("trains");
        for name in ["nda", "baseline"] {
            let metrics = fs::read_to_string(folder.join(format!("out/{name}/metrics.csv")))
                .expect("metrics");
            assert_eq!(metrics.lines().count(), 3, "header and two steps");
            let accuracy = fs::read_to_string(folder.join(format!("out/{name}/accuracy.csv")))
                .expect("accuracy");
            let steps: Vec<&str> = accuracy
                .lines()
                .skip(1)
                .map(|line| line.split(',').next().unwrap_or(""))
                .collect();
            assert_eq!(steps, vec!["0", "1", "2"]);
            let map = fs::read_to_string(folder.join(format!("out/{name}/map.csv"))).expect("map");
            assert!(map.lines().count() > 2);
            let evaluation = fs::read_to_string(folder.join(format!("out/{name}/evaluation.csv")))
                .expect("evaluation");
            let auroc = evaluation
                .lines()
                .find(|line| line.starts_with("2,auroc,"))
                .and_then(|line| line.split(',').nth(2))
                .and_then(|value| value.parse::<f64>().ok())
                .expect("a mean AUROC at step 2");
            assert!((0.0..=1.0).contains(&auroc));
            assert!(evaluation.contains("2,auroc:jigsaw,"));
        }
        let _ = fs::remove_dir_all(&folder);
    }
}
