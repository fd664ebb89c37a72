//! Evaluation on the command line: `nda-lab gan` evaluates its runs at the config's fractions of
//! training when `evaluation.enabled` is set, and `nda-lab evaluate RUN.zip --out DIR` evaluates a
//! run file's runs as they are (`--data DIR` gives the images of a run trained on a person's own
//! images: they are judged with an encoder trained on them without NDA, and its untrained twin). Both write `evaluation.csv` per run (`iteration,metric,value,sd`)
//! and print the NDA-versus-baseline table.

use std::fs;
use std::path::Path;
use std::time::Instant;

use burn::tensor::Device;
use futures::executor::block_on;

use indicatif::ProgressStyle;

use super::data_files::experiment_images;
use super::driver::write;
use super::evaluator_cache::evaluators;
use nda_core::data::ImageSet;
use nda_core::experiment::{DatasetChoice, ExperimentConfig, RUN_LABELS, RunArchive};
use nda_core::train::evaluation::{
    EvaluationSuite, EvaluatorBudget, GanSuite, MetricRow, UploadEvaluatorTrainer,
    UploadEvaluators, UploadSuite, comparison_table, to_csv,
};
use nda_core::train::{GanConfig, GanTrainer, restore_gan};

/// The evaluation of one experiment's runs during `nda-lab gan`.
pub struct RunEvaluations {
    suite: GanSuite,
    at: Vec<usize>,
    rows: Vec<Vec<MetricRow>>,
    device: Device,
}

impl RunEvaluations {
    /// Prepares the evaluation of `config`'s runs (the first of `runs` is the NDA run), or `None`
    /// when its evaluation is off. Prints where the evaluators came from.
    pub fn prepare(
        config: &ExperimentConfig,
        runs: &[GanConfig],
        images: &ImageSet,
    ) -> Result<Option<Self>, String> {
        if !config.evaluation.enabled {
            return Ok(None);
        }
        let experiment = config.gan_experiment();
        let suite = prepare_suite(config, &runs[0], images)?;
        Ok(Some(Self {
            suite,
            at: config.evaluation.iterations(experiment.iterations),
            rows: vec![Vec::new(); runs.len()],
            device: Device::flex(),
        }))
    }

    /// Whether the runs are evaluated after `iteration`.
    pub fn is_due(&self, iteration: usize) -> bool {
        self.at.contains(&iteration)
    }

    /// Evaluates run `index` at `iteration`; returns its key numbers in a short line.
    pub fn evaluate(
        &mut self,
        index: usize,
        trainer: &GanTrainer,
        iteration: usize,
    ) -> Result<String, String> {
        let evaluation = block_on(self.suite.evaluate_gan(trainer, iteration, &self.device))
            .map_err(|error| format!("evaluation at iteration {iteration}: {error}"))?;
        let line = key_numbers(&evaluation.rows);
        self.rows[index].extend(evaluation.rows);
        Ok(line)
    }

    /// Run `index`'s rows so far.
    pub fn rows(&self, index: usize) -> &[MetricRow] {
        &self.rows[index]
    }
}

/// `nda-lab evaluate`: evaluates each run of the run file at `path` and writes
/// `out/<label>/evaluation.csv`, with `samples` and `anomaly_images` overriding the file's
/// settings.
pub fn run(
    path: &Path,
    out: &Path,
    (samples, anomaly_images): (Option<usize>, Option<usize>),
    data: Option<&Path>,
) -> Result<(), String> {
    let bytes =
        fs::read(path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let archive =
        RunArchive::from_zip(&bytes).map_err(|error| format!("{}: {error}", path.display()))?;
    let mut config = archive.config.clone();
    config.evaluation.num_samples = samples.unwrap_or(config.evaluation.num_samples);
    config.evaluation.anomaly_images = anomaly_images.unwrap_or(config.evaluation.anomaly_images);
    let runs: Vec<GanConfig> = config
        .gan_experiment()
        .runs()
        .into_iter()
        .map(|(_, run)| run)
        .collect();
    let images = experiment_images(&mut config, data)?;
    let suite = prepare_suite(&config, &runs[0], &images)?;
    let device = Device::flex().autodiff();
    let mut all_rows = Vec::new();
    for ((archived, run_config), label) in archive.runs.iter().zip(&runs).zip(RUN_LABELS) {
        let started = Instant::now();
        let fresh =
            GanTrainer::new(run_config.clone(), &device).map_err(|error| error.to_string())?;
        let trainer =
            restore_gan(&archived.weights, &fresh, &device).map_err(|error| error.to_string())?;
        let iteration = archived.weights.iteration;
        let evaluation = block_on(suite.evaluate_gan(&trainer, iteration, &Device::flex()))
            .map_err(|error| error.to_string())?;
        let folder = out.join(label);
        fs::create_dir_all(&folder)
            .map_err(|error| format!("cannot create {}: {error}", folder.display()))?;
        write(
            &folder.join("evaluation.csv"),
            to_csv(&evaluation.rows).as_bytes(),
        )?;
        println!(
            "{label} (iteration {iteration}): {} · {:.1} s",
            key_numbers(&evaluation.rows),
            started.elapsed().as_secs_f64()
        );
        all_rows.push((iteration, evaluation.rows));
    }
    print_comparison(&all_rows);
    Ok(())
}

/// The rows of the first run of the run file at `path` (a study's shared baseline), evaluated as
/// a run of `config`'s experiment: its NDA run's kinds are the ones "seen", its settings say how
/// many images are measured.
pub fn evaluate_archived_as(
    path: &Path,
    config: &ExperimentConfig,
    data: Option<&Path>,
) -> Result<Vec<MetricRow>, String> {
    let bytes =
        fs::read(path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let archive =
        RunArchive::from_zip(&bytes).map_err(|error| format!("{}: {error}", path.display()))?;
    let archived = archive
        .runs
        .first()
        .ok_or_else(|| format!("{}: the run file holds no run", path.display()))?;
    let run_config = archive.config.gan_experiment().nda_config();
    let mut config = config.clone();
    let images = experiment_images(&mut config, data)?;
    let nda = config.gan_experiment().nda_config();
    let suite = prepare_suite(&config, &nda, &images)?;
    let device = Device::flex().autodiff();
    let fresh = GanTrainer::new(run_config, &device).map_err(|error| error.to_string())?;
    let trainer =
        restore_gan(&archived.weights, &fresh, &device).map_err(|error| error.to_string())?;
    let evaluation =
        block_on(suite.evaluate_gan(&trainer, archived.weights.iteration, &Device::flex()))
            .map_err(|error| error.to_string())?;
    Ok(evaluation.rows)
}

/// The NDA-versus-baseline table at the last evaluated iteration, when there are two runs.
pub fn print_comparison(runs: &[(usize, Vec<MetricRow>)]) {
    if let [(iteration, nda), (_, baseline)] = runs {
        println!(
            "\nNDA versus baseline at iteration {iteration} (same seed, same evaluation noise):"
        );
        print!("{}", comparison_table(nda, baseline, *iteration));
    }
}

/// The suite of `config`'s experiment on `images` (its training images): a built-in set's
/// evaluators from the cache, or a person's images' encoder trained here.
fn prepare_suite(
    config: &ExperimentConfig,
    nda: &GanConfig,
    images: &ImageSet,
) -> Result<GanSuite, String> {
    let settings = &config.evaluation;
    let started = Instant::now();
    let suite = match &config.dataset {
        DatasetChoice::Builtin(spec) => {
            let budget = EvaluatorBudget::with_steps(settings.evaluator_steps);
            let (evaluators, line) = evaluators(spec.dataset, spec.size, budget)?;
            println!("{line}");
            let suite = block_on(EvaluationSuite::prepare(
                evaluators,
                settings,
                nda,
                &Device::flex(),
            ))
            .map_err(|error| error.to_string())?;
            GanSuite::Builtin(Box::new(suite))
        }
        DatasetChoice::Uploaded { .. } => {
            let evaluators = upload_evaluators(images, settings.evaluator_steps)?;
            println!("{}", evaluators.describe());
            let suite = block_on(UploadSuite::prepare(
                evaluators,
                settings,
                nda,
                &Device::flex().autodiff(),
            ))
            .map_err(|error| error.to_string())?;
            if !suite.note().is_empty() {
                println!("{}", suite.note().trim());
            }
            GanSuite::Uploads(Box::new(suite))
        }
    };
    let (samples, anomaly) = match &suite {
        GanSuite::Builtin(_) => (settings.num_samples, settings.anomaly_images),
        GanSuite::Uploads(suite) => (suite.num_samples(), suite.anomaly_images()),
    };
    println!(
        "evaluation: {samples} generated vs {samples} real images (FD at N = {samples}), \
         {anomaly} images per anomaly set; prepared in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(suite)
}

/// Trains the encoder of a person's images, with a progress bar.
fn upload_evaluators(images: &ImageSet, steps: usize) -> Result<UploadEvaluators, String> {
    let device = Device::flex().autodiff();
    let mut trainer =
        UploadEvaluatorTrainer::new(images, steps, &device).map_err(|error| error.to_string())?;
    let progress = super::driver::bar(trainer.total_steps());
    progress.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} encoder steps · eta {eta} · {msg}")
            .map_err(|error| error.to_string())?,
    );
    progress.set_message("training the evaluation encoder of your images (without NDA)");
    while !trainer.is_done() {
        trainer.step().map_err(|error| error.to_string())?;
        block_on(trainer.settle()).map_err(|error| error.to_string())?;
        progress.inc(1);
    }
    progress.finish_and_clear();
    trainer.finish(&device).map_err(|error| error.to_string())
}

/// KID, FD, coverage, structure and mean AUROC in one line.
fn key_numbers(rows: &[MetricRow]) -> String {
    ["kid", "fd", "coverage", "structure", "auroc"]
        .iter()
        .filter_map(|name| {
            let row = rows.iter().rev().find(|row| row.metric == *name)?;
            Some(format!("{name} {:.4}", row.value))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}
