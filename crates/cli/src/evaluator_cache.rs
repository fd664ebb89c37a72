//! The evaluators on the command line: read from the cache folder when this build's version for
//! the set and side is there, else trained (with a progress bar and the time it took) and
//! written there, since they are a pure function of set, side and version. Their own accuracy is
//! measured and printed each time, so a reader always sees how far to trust them.
//!
//! The folder is `$NDA_LAB_CACHE`, else `$XDG_CACHE_HOME/nda-lab`, else `~/.cache/nda-lab`.

use std::fs;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Instant;

use burn::tensor::Device;
use futures::executor::block_on;
use indicatif::ProgressStyle;

use nda_core::data::BuiltinDataset;
use nda_core::train::evaluation::evaluators::EVALUATOR_SEED;
use nda_core::train::evaluation::{
    EVALUATOR_VERSION, EvaluatorBudget, EvaluatorTrainer, Evaluators, check_evaluators,
};

static CACHE_LOCK: Mutex<()> = Mutex::new(());

/// The evaluators of `dataset` at `size` and one line saying where they came from and how good
/// they are.
pub fn evaluators(
    dataset: BuiltinDataset,
    size: usize,
    budget: EvaluatorBudget,
) -> Result<(Evaluators, String), String> {
    seeded_evaluators(dataset, size, budget, EVALUATOR_SEED)
}

/// [`evaluators`] trained from another `seed` (metric validation's evaluator seeds), cached
/// under a name of their own.
pub fn seeded_evaluators(
    dataset: BuiltinDataset,
    size: usize,
    budget: EvaluatorBudget,
    seed: u64,
) -> Result<(Evaluators, String), String> {
    // The jobs of `nda-lab study --jobs N` share the cache: one trains and writes an evaluator
    // while the others wait and then read it, rather than all training it and writing one file
    // at once.
    let _only_one = CACHE_LOCK
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let device = Device::flex();
    let path = cache_path(dataset, size, budget, seed);
    let cached = path
        .as_ref()
        .and_then(|path| fs::read(path).ok())
        .and_then(|bytes| Evaluators::from_safetensors(&bytes, dataset, size, &device).ok());
    let (evaluators, origin) = match cached {
        Some(evaluators) => (evaluators, "read from the cache".to_string()),
        None => {
            let started = Instant::now();
            let evaluators = train(dataset, size, budget, seed)?;
            let seconds = started.elapsed().as_secs_f64();
            let saved = path.as_ref().and_then(|path| save(&evaluators, path).ok());
            let place = saved.map_or_else(
                || "not cached".to_string(),
                |path| format!("cached in {}", path.display()),
            );
            (evaluators, format!("trained in {seconds:.1} s, {place}"))
        }
    };
    let checks = block_on(check_evaluators(&evaluators, &device)).map_err(|e| e.to_string())?;
    let line = format!(
        "evaluators for {} at {size} px (version {EVALUATOR_VERSION}): {origin}; {}",
        dataset.label(),
        checks.describe()
    );
    Ok((evaluators, line))
}

fn train(
    dataset: BuiltinDataset,
    size: usize,
    budget: EvaluatorBudget,
    seed: u64,
) -> Result<Evaluators, String> {
    let device = Device::flex().autodiff();
    let mut trainer = EvaluatorTrainer::with_seed(dataset, size, budget, seed, &device)
        .map_err(|error| error.to_string())?;
    let progress = super::driver::bar(trainer.total_steps());
    progress.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} evaluator steps · eta {eta} · {msg}")
            .map_err(|error| error.to_string())?,
    );
    progress.set_message(format!(
        "training the evaluators of {} at {size} px",
        dataset.label()
    ));
    while trainer.stage().is_some() {
        trainer.step().map_err(|error| error.to_string())?;
        progress.inc(1);
    }
    progress.finish_and_clear();
    trainer.finish().map_err(|error| error.to_string())
}

fn save(evaluators: &Evaluators, path: &PathBuf) -> Result<PathBuf, String> {
    let bytes = block_on(evaluators.to_safetensors()).map_err(|error| error.to_string())?;
    if let Some(folder) = path.parent() {
        fs::create_dir_all(folder).map_err(|error| error.to_string())?;
    }
    // Written whole, then renamed: a reader never sees half a file, and shards of a study
    // training the same evaluator at once on a shared disk each write their own partial file.
    // (Process ids repeat across the machines of a cluster, so the clock's nanoseconds join it.)
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.subsec_nanos());
    let partial = path.with_extension(format!("partial-{}-{nanos}", std::process::id()));
    fs::write(&partial, bytes).map_err(|error| error.to_string())?;
    fs::rename(&partial, path).map_err(|error| error.to_string())?;
    Ok(path.clone())
}

fn cache_path(
    dataset: BuiltinDataset,
    size: usize,
    budget: EvaluatorBudget,
    seed: u64,
) -> Option<PathBuf> {
    let folder = std::env::var_os("NDA_LAB_CACHE")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("XDG_CACHE_HOME").map(|cache| PathBuf::from(cache).join("nda-lab"))
        })
        .or_else(|| {
            std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache/nda-lab"))
        })?;
    // The standard budget keeps the name it always had, so existing caches stay valid.
    let steps = if budget == EvaluatorBudget::STANDARD {
        String::new()
    } else {
        format!(
            "-{}+{}steps",
            budget.classifier_steps, budget.detector_steps
        )
    };
    let seed = if seed == EVALUATOR_SEED {
        String::new()
    } else {
        format!("-seed{seed}")
    };
    let name = format!(
        "v{EVALUATOR_VERSION}-{}-{size}{steps}{seed}.safetensors",
        dataset.label().to_lowercase()
    );
    Some(folder.join("evaluators").join(name))
}
