//! `nda-lab gan --config <file>`: reads an experiment config (the page's exported or shared
//! settings, or an older unversioned GAN file) and trains an NDA-GAN (and, if the file asks, its baseline with the
//! same seed, step for step) on the CPU backend or a native GPU, with a progress bar; writes
//! `metrics.csv` and fixed-noise grids as PNG per run, plus the config it ran.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use burn::tensor::Device;
use futures::executor::block_on;
use indicatif::{ProgressBar, ProgressStyle};

use crate::data::{RgbaMosaic, generate};
use crate::experiment::{DatasetChoice, parse_config};
use crate::train::{GanPoint, GanRun};

/// Where the CLI computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NativeDevice {
    /// burn's `flex` CPU backend: the same numbers as the page's CPU backend.
    Cpu,
    /// burn's wgpu runtime on Vulkan, Metal or DX12 (build with `--features native-gpu`).
    Gpu,
}

/// Reads the experiment at `config_path`, trains it and writes the results under `out_dir`.
pub fn run(config_path: &Path, out_dir: &Path, device: NativeDevice) -> Result<(), String> {
    let text = fs::read_to_string(config_path)
        .map_err(|error| format!("cannot read {}: {error}", config_path.display()))?;
    let config =
        parse_config(&text).map_err(|error| format!("{}: {error}", config_path.display()))?;
    if let DatasetChoice::Uploaded { .. } = config.dataset {
        return Err(
            "this experiment trains on uploaded images, which only the page has: the CLI \
                    trains on built-in sets"
                .into(),
        );
    }
    let experiment = config.gan_experiment();
    let device = open_device(device)?.autodiff();
    let set = generate(&experiment.dataset).map_err(|error| error.to_string())?;
    let mut runs = Vec::new();
    for (name, config) in experiment.runs() {
        let run = GanRun::new(config, &set, &device).map_err(|error| error.to_string())?;
        let dir = out_dir.join(name);
        fs::create_dir_all(&dir)
            .map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
        let mut csv = GanPoint::CSV_HEADER.to_string();
        csv.push('\n');
        runs.push((name, run, dir, csv));
    }
    let resolved = serde_json::to_string_pretty(&config).map_err(|error| error.to_string())?;
    write(&out_dir.join("config.json"), resolved.as_bytes())?;

    let progress = ProgressBar::new(experiment.iterations as u64);
    progress.set_style(
        ProgressStyle::with_template(
            "{bar:30} {pos}/{len} iterations · {per_sec} · eta {eta} · {msg}",
        )
        .map_err(|error| error.to_string())?,
    );
    let started = Instant::now();
    for iteration in 1..=experiment.iterations {
        let mut message = Vec::new();
        for (name, run, dir, csv) in &mut runs {
            run.iteration().map_err(|error| error.to_string())?;
            let point = block_on(run.read_point())
                .map_err(|error| format!("{name} run, iteration {iteration}: {error}"))?
                .ok_or("no D step was taken")?;
            csv.push_str(&point.csv_row());
            csv.push('\n');
            message.push(format!(
                "{name}: L_D {:.3} L_G {:.3}",
                point.d_loss,
                point.g_loss.unwrap_or(f32::NAN)
            ));
            if iteration % experiment.sample_every == 0 || iteration == experiment.iterations {
                let grid = block_on(run.read_fixed_grid()).map_err(|error| error.to_string())?;
                write_png(&dir.join(format!("samples_{iteration:06}.png")), &grid)?;
                write(&dir.join("metrics.csv"), csv.as_bytes())?;
            }
        }
        progress.set_message(message.join(" · "));
        progress.inc(1);
    }
    progress.finish();
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{} iterations of {} run(s) in {seconds:.1} s ({:.1} ms per iteration per run); results in {}",
        experiment.iterations,
        runs.len(),
        seconds * 1000.0 / (experiment.iterations * runs.len()) as f64,
        out_dir.display()
    );
    Ok(())
}

fn open_device(device: NativeDevice) -> Result<Device, String> {
    match device {
        NativeDevice::Cpu => Ok(Device::flex()),
        #[cfg(feature = "native-gpu")]
        NativeDevice::Gpu => Device::wgpu_options()
            .init()
            .map_err(|error| format!("no usable native GPU: {error}")),
        #[cfg(not(feature = "native-gpu"))]
        NativeDevice::Gpu => Err(
            "this build has no GPU support: rebuild with `cargo run --release --features \
             native-gpu --bin nda-lab -- gan ...`"
                .into(),
        ),
    }
}

fn write(path: &PathBuf, bytes: &[u8]) -> Result<(), String> {
    fs::write(path, bytes).map_err(|error| format!("cannot write {}: {error}", path.display()))
}

/// Saves a mosaic as an RGBA PNG.
pub fn write_png(path: &PathBuf, mosaic: &RgbaMosaic) -> Result<(), String> {
    let png = mosaic.to_png().map_err(|error| error.to_string())?;
    write(path, &png)
}
