//! `nda-lab sample RUN.zip --out grid.png`: images from the EMA generator of an exported run,
//! as the page draws them. Without `--seed` they come from the run's fixed noise (the first 64
//! are the run's training grid, `samples.png` in the run file); with `--seed S` from new noise
//! (the first 64 are the page's "New noise" grid for seed S). `--tensors` also writes the noise,
//! the labels, the images as floats and the discriminator's logits of them as safetensors, which
//! `python/check_numpy.py` and `check_torch.py` compare with their own forward passes.

use std::collections::HashMap;
use std::fs;
use std::path::PathBuf;

use burn::tensor::Device;
use futures::executor::block_on;
use safetensors::tensor::{Dtype, TensorView};

use super::driver::{write, write_png};
use nda_core::data::mosaic_from_nchw;
use nda_core::experiment::RunArchive;
use nda_core::train::{
    GanTrainer, SamplePlan, labels_tensor, noise_plan, read_floats, restore_gan,
};

/// What to sample.
#[derive(Debug, Clone)]
pub struct SampleOptions {
    /// The run file exported by the page or written by `nda-lab gan`.
    pub run_file: PathBuf,
    /// Which of its runs: `nda` or `baseline` (default: the first).
    pub run: Option<String>,
    /// Number of images.
    pub count: usize,
    /// New noise from this seed; the run's fixed noise when `None`.
    pub seed: Option<u64>,
    /// The PNG grid to write.
    pub out: PathBuf,
    /// Also write the tensors (noise, labels, images, logits) to this safetensors file.
    pub tensors: Option<PathBuf>,
}

/// The images and scores of one sampling.
struct Sampled {
    plan: SamplePlan,
    images: Vec<f32>,
    shape: [usize; 4],
    logits: Vec<f32>,
}

/// Samples the run and writes the grid (and the tensors when asked).
pub fn run(options: &SampleOptions) -> Result<(), String> {
    let name = options.run_file.display().to_string();
    let bytes =
        fs::read(&options.run_file).map_err(|error| format!("cannot read {name}: {error}"))?;
    let archive = RunArchive::from_zip(&bytes).map_err(|error| format!("{name}: {error}"))?;
    let index = match &options.run {
        None => 0,
        Some(label) => archive
            .runs
            .iter()
            .position(|run| run.label == *label)
            .ok_or_else(|| {
                let labels: Vec<&str> = archive.runs.iter().map(|run| run.label.as_str()).collect();
                format!(
                    "{name} has no run \"{label}\": it has {}",
                    labels.join(", ")
                )
            })?,
    };
    let sampled = sample(&archive, index, options.count, options.seed)?;
    let grid = mosaic_from_nchw(&sampled.images, sampled.shape, sampled.plan.columns)
        .map_err(|error| error.to_string())?;
    write_png(&options.out, &grid)?;
    if let Some(path) = &options.tensors {
        write(path, &tensors_file(&sampled, &archive.runs[index].label)?)?;
    }
    println!(
        "{} images of the {} run (iteration {}, {}) in {}",
        options.count,
        archive.runs[index].label,
        archive.runs[index].weights.iteration,
        options
            .seed
            .map_or("its fixed noise".to_string(), |seed| format!(
                "new noise of seed {seed}"
            )),
        options.out.display()
    );
    Ok(())
}

/// The EMA generator of run `index` on `count` noise vectors, and the discriminator's logits.
fn sample(
    archive: &RunArchive,
    index: usize,
    count: usize,
    seed: Option<u64>,
) -> Result<Sampled, String> {
    let (_, config) = archive
        .config
        .gan_experiment()
        .runs()
        .into_iter()
        .nth(index)
        .ok_or("the run file has more runs than its config describes")?;
    // On the CPU, so the numbers are the page's CPU numbers; autodiff because a trainer needs it.
    let device = Device::flex().autodiff();
    let fresh = GanTrainer::new(config.clone(), &device).map_err(|error| error.to_string())?;
    let trainer = restore_gan(&archive.runs[index].weights, &fresh, &device)
        .map_err(|error| error.to_string())?;
    let plan = noise_plan(
        config.seed,
        seed,
        count,
        config.latent_dim,
        config.num_classes,
    )
    .map_err(|error| error.to_string())?;
    let images = trainer.sample_plan(&plan, &device);
    let shape = images.dims();
    let labels = plan
        .labels
        .as_ref()
        .map(|labels| labels_tensor(labels, &device));
    let logits = trainer.score(images.clone(), labels);
    let images = block_on(read_floats(images)).map_err(|error| error.to_string())?;
    let logits = block_on(read_floats(logits)).map_err(|error| error.to_string())?;
    Ok(Sampled {
        plan,
        images,
        shape,
        logits,
    })
}

/// `latent`, `labels` (conditional runs), `images` and `discriminator_logits` as safetensors.
fn tensors_file(sampled: &Sampled, run: &str) -> Result<Vec<u8>, String> {
    let floats =
        |values: &[f32]| -> Vec<u8> { values.iter().flat_map(|v| v.to_le_bytes()).collect() };
    let count = sampled.plan.count;
    let latent_dim = sampled.plan.latent.len() / count;
    let mut entries = vec![
        (
            "latent",
            Dtype::F32,
            vec![count, latent_dim],
            floats(&sampled.plan.latent),
        ),
        (
            "images",
            Dtype::F32,
            sampled.shape.to_vec(),
            floats(&sampled.images),
        ),
        (
            "discriminator_logits",
            Dtype::F32,
            vec![count],
            floats(&sampled.logits),
        ),
    ];
    if let Some(labels) = &sampled.plan.labels {
        let bytes = labels
            .iter()
            .flat_map(|&label| (label as i64).to_le_bytes())
            .collect();
        entries.push(("labels", Dtype::I64, vec![count], bytes));
    }
    let mut views = Vec::new();
    for (name, dtype, shape, bytes) in &entries {
        let view =
            TensorView::new(*dtype, shape.clone(), bytes).map_err(|error| error.to_string())?;
        views.push((name.to_string(), view));
    }
    let metadata = HashMap::from([
        ("run".to_string(), run.to_string()),
        ("written_by".to_string(), "nda-lab sample".to_string()),
    ]);
    safetensors::serialize(views, Some(metadata)).map_err(|error| error.to_string())
}

#[cfg(test)]
#[path = "sample_tests.rs"]
mod tests;
