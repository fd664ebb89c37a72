//! The generator family of `nda-lab validate-metrics`: one seed of the set's tiny GAN without NDA,
//! sampled untrained and after each of `--iterations`, then collapsed onto one latent vector.

use burn::tensor::Device;
use futures::executor::block_on;

use super::driver::progress_bar;
use nda_core::data::{BuiltinDataset, BuiltinSpec, generate};
use nda_core::model::ModelPreset;
use nda_core::train::evaluation::validation::{Family, KnownCase, generator_samples};
use nda_core::train::{EmaConfig, GanConfig, GanRun};

/// The first `n` images of `case`.
pub fn first(case: &KnownCase, n: usize, size: usize) -> KnownCase {
    KnownCase {
        images: case.images[..n * 3 * size * size].to_vec(),
        ..case.clone()
    }
}

/// Trains the generator on `dataset` at `size` px once, sampling `n` images untrained and at each
/// of `iterations`;
/// then the collapsed case from the last one.
pub fn train_generators(
    dataset: BuiltinDataset,
    size: usize,
    iterations: &[usize],
    n: usize,
) -> Result<(Vec<KnownCase>, Option<KnownCase>), String> {
    if iterations.is_empty() {
        return Ok((Vec::new(), None));
    }
    let last = iterations.iter().copied().max().unwrap_or(0);
    let config = GanConfig {
        preset: ModelPreset::Tiny,
        batch_size: 64,
        seed: 1,
        ema: EmaConfig::scaled_for_run(last),
        ..GanConfig::default()
    }
    .baseline();
    let set = generate(&BuiltinSpec {
        dataset,
        size,
        count: 2_000,
        seed: 1,
    })
    .map_err(|e| e.to_string())?;
    let device = Device::flex().autodiff();
    let mut run = GanRun::new(config, &set, &device).map_err(|e| e.to_string())?;
    let sample_device = Device::flex();
    let sample = |run: &GanRun, collapse: bool| -> Result<Vec<f32>, String> {
        block_on(generator_samples(
            run.trainer(),
            n,
            collapse,
            &sample_device,
        ))
        .map_err(|e| e.to_string())
    };
    let case = |label: String, quality: f64, images| KnownCase {
        family: Family::Generators,
        label,
        quality,
        images,
    };
    let mut cases = vec![case("untrained".into(), 0.0, sample(&run, false)?)];
    let progress = progress_bar(last, 0, "generator iterations")?;
    for iteration in 1..=last {
        run.iteration().map_err(|e| e.to_string())?;
        progress.inc(1);
        if iterations.contains(&iteration) {
            cases.push(case(
                format!("{iteration} iterations"),
                iteration as f64,
                sample(&run, false)?,
            ));
        }
    }
    progress.finish_and_clear();
    let collapsed = KnownCase {
        family: Family::Generators,
        label: format!("{last} iterations, collapsed"),
        quality: f64::NAN,
        images: sample(&run, true)?,
    };
    Ok((cases, Some(collapsed)))
}
