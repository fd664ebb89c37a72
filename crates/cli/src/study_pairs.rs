//! The pairs of `nda-lab study`: a GAN pair trains the arm's NDA run and evaluates the seed's
//! shared baseline against that arm; a contrastive pair trains both encoders. A failure is
//! written to the pair's `failed.txt` and reported as a diverged pair, never dropped.

use std::fs;
use std::path::Path;

use super::driver::{NativeDevice, write};
use nda_core::experiment::{ExperimentConfig, StudyUnit, Task};
use nda_core::train::evaluation::to_csv;

/// Written in a contrastive pair's folder when both runs finished (a GAN pair has its run.zip).
pub(super) const FINISHED: &str = "finished.txt";

/// Whether a pair finished earlier: a GAN pair has its run file and its baseline's evaluation
/// (older studies trained a baseline per pair into the same places), a contrastive one its
/// marker; a failed pair its reason.
pub(super) fn is_finished(unit: &StudyUnit, dir: &Path) -> bool {
    if dir.join("failed.txt").exists() {
        return true;
    }
    match unit.config.task {
        Task::Gan => {
            dir.join("run.zip").exists() && dir.join("baseline").join("evaluation.csv").exists()
        }
        Task::Contrastive => dir.join(FINISHED).exists(),
        // Video studies keep their runs in the video study's layout (`video::study`).
        Task::Video => false,
    }
}

/// A GAN pair with the seed's shared baseline: the baseline (α = 1, β = 0, the same seed, data
/// order and noise) is trained once per seed into `out/baseline/seed-S/`, the arm's NDA run into
/// `dir/nda/`, and the baseline is then evaluated against this arm (its "seen" NDA kinds) into
/// `dir/baseline/evaluation.csv`. A baseline trained alone gives the sample-quality numbers of
/// one trained beside each NDA run to the last digit; in the test one anomaly AUROC (cutout)
/// moved by 0.00014, cause not found (tests/study.rs holds AUROCs to 1e-3).
pub(super) fn run_gan_unit(
    unit: &StudyUnit,
    out: &Path,
    dir: &Path,
    data: Option<&Path>,
) -> Result<(), String> {
    let baseline_dir = out.join("baseline").join(format!("seed-{}", unit.seed));
    let outcome = train_shared_baseline(unit, &baseline_dir, data)
        .and_then(|()| {
            let mut nda = unit.config.clone();
            nda.gan.compare_with_baseline = false;
            train_alone(&nda, dir, data)
        })
        .and_then(|()| evaluate_baseline_for(unit, &baseline_dir, dir, data));
    if let Err(error) = outcome {
        println!("  this pair failed: {error}");
        write(&dir.join("failed.txt"), error.as_bytes())?;
    }
    Ok(())
}

/// Trains the seed's baseline unless it is there already.
fn train_shared_baseline(
    unit: &StudyUnit,
    baseline_dir: &Path,
    data: Option<&Path>,
) -> Result<(), String> {
    if baseline_dir.join("run.zip").exists() {
        return Ok(());
    }
    println!("  training the baseline of seed {}", unit.seed);
    let mut baseline = unit.config.clone();
    baseline.gan.config = baseline.gan.config.baseline();
    baseline.gan.compare_with_baseline = false;
    // Evaluated per arm, against that arm's seen kinds.
    baseline.evaluation.enabled = false;
    let checkpoints = unit
        .config
        .evaluation
        .iterations(unit.config.gan.iterations);
    write_pair_config(&baseline, baseline_dir)?;
    let extras = super::gan::Extras {
        checkpoints: &checkpoints,
        ..super::gan::Extras::default()
    };
    super::gan::run_with(
        &baseline_dir.join("pair.json"),
        baseline_dir,
        NativeDevice::Cpu,
        data,
        &extras,
    )
}

/// `nda-lab gan` on `config` alone, in `dir`.
fn train_alone(config: &ExperimentConfig, dir: &Path, data: Option<&Path>) -> Result<(), String> {
    write_pair_config(config, dir)?;
    super::gan::run(&dir.join("pair.json"), dir, NativeDevice::Cpu, data)
}

/// Writes `config` as `dir/pair.json`, the file the run reads.
fn write_pair_config(config: &ExperimentConfig, dir: &Path) -> Result<(), String> {
    fs::create_dir_all(dir).map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
    let json = serde_json::to_string_pretty(config).map_err(|error| error.to_string())?;
    write(&dir.join("pair.json"), json.as_bytes())
}

/// Evaluates the shared baseline of `baseline_dir` as the baseline of `unit`'s arm: at each
/// earlier fraction the study asks for (its checkpoints; a baseline trained before they were
/// written has none) and at the end of the budget.
fn evaluate_baseline_for(
    unit: &StudyUnit,
    baseline_dir: &Path,
    dir: &Path,
    data: Option<&Path>,
) -> Result<(), String> {
    let mut rows = Vec::new();
    for iteration in unit
        .config
        .evaluation
        .iterations(unit.config.gan.iterations)
    {
        let checkpoint = baseline_dir.join(super::gan::checkpoint_name(iteration));
        if checkpoint.exists() {
            rows.extend(super::evaluate::evaluate_archived_as(
                &checkpoint,
                &unit.config,
                data,
            )?);
        }
    }
    rows.extend(super::evaluate::evaluate_archived_as(
        &baseline_dir.join("run.zip"),
        &unit.config,
        data,
    )?);
    let folder = dir.join("baseline");
    fs::create_dir_all(&folder)
        .map_err(|error| format!("cannot create {}: {error}", folder.display()))?;
    write(&folder.join("evaluation.csv"), to_csv(&rows).as_bytes())
}

/// A contrastive pair's training; a failure (e.g. a diverged run) is written to `failed.txt` and
/// reported in the study as a diverged pair, never dropped.
pub(super) fn run_unit(unit: &StudyUnit, dir: &Path) -> Result<(), String> {
    write_pair_config(&unit.config, dir)?;
    let trained = super::contrastive::run(&dir.join("pair.json"), dir, NativeDevice::Cpu, None)
        .and_then(|()| write(&dir.join(FINISHED), b"finished\n"));
    if let Err(error) = trained {
        println!("  this pair failed: {error}");
        write(&dir.join("failed.txt"), error.as_bytes())?;
    }
    Ok(())
}
