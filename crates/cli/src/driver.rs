//! What every command of the native CLI shares: the device it computes on, the writing of its
//! output files (each failure naming the file), its progress bar and its closing line.

use std::fs;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use burn::tensor::Device;
use indicatif::{ProgressBar, ProgressStyle};

use nda_core::data::RgbaMosaic;
use nda_core::experiment::ExperimentConfig;

/// Where the CLI computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NativeDevice {
    /// burn's `flex` CPU backend: the same numbers as the page's CPU backend.
    Cpu,
    /// burn's wgpu runtime on Vulkan, Metal or DX12 (build with `--features native-gpu`).
    Gpu,
}

/// The burn device of `device`, or why this build or machine has none.
pub(crate) fn open_device(device: NativeDevice) -> Result<Device, String> {
    match device {
        NativeDevice::Cpu => Ok(Device::flex()),
        #[cfg(feature = "native-gpu")]
        NativeDevice::Gpu => Device::wgpu_options()
            .init()
            .map_err(|error| format!("no usable native GPU: {error}")),
        #[cfg(not(feature = "native-gpu"))]
        NativeDevice::Gpu => Err(
            "this build has no GPU support: rebuild with `cargo build --release --features \
             native-gpu --bin nda-lab`"
                .into(),
        ),
    }
}

/// Writes `bytes` to `path`, saying which file could not be written.
pub(crate) fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    fs::write(path, bytes).map_err(|error| format!("cannot write {}: {error}", path.display()))
}

/// Saves a mosaic as an RGBA PNG.
pub fn write_png(path: &Path, mosaic: &RgbaMosaic) -> Result<(), String> {
    let png = mosaic.to_png().map_err(|error| error.to_string())?;
    write(path, &png)
}

/// The progress bar of a run of `total` `unit`s (e.g. "iterations"), `done` of them already
/// trained (a continued run file).
pub(crate) fn progress_bar(total: usize, done: usize, unit: &str) -> Result<ProgressBar, String> {
    let progress = bar(total);
    progress.set_style(
        ProgressStyle::with_template(&format!(
            "{{bar:30}} {{pos}}/{{len}} {unit} · {{per_sec}} · eta {{eta}} · {{msg}}"
        ))
        .map_err(|error| error.to_string())?,
    );
    progress.set_position(done as u64);
    Ok(progress)
}

/// Set while several runs train at once (`nda-lab study --jobs N`): their bars would draw over
/// one another, so each run says only its lines.
static QUIET: AtomicBool = AtomicBool::new(false);

/// Hides every progress bar from now on.
pub(crate) fn hide_progress_bars() {
    QUIET.store(true, Ordering::Relaxed);
}

/// A bar of `total` steps, hidden while several runs train at once.
pub(crate) fn bar(total: usize) -> ProgressBar {
    if QUIET.load(Ordering::Relaxed) {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(total as u64)
    }
}

/// Writes the config a command ran as `config.json` under `out_dir` (created if need be): with
/// every default spelled out, it reproduces the run.
pub(crate) fn write_config(out_dir: &Path, config: &ExperimentConfig) -> Result<(), String> {
    fs::create_dir_all(out_dir)
        .map_err(|error| format!("cannot create {}: {error}", out_dir.display()))?;
    let resolved = serde_json::to_string_pretty(config).map_err(|error| error.to_string())?;
    write(&out_dir.join("config.json"), resolved.as_bytes())
}

/// Says how long `trained` `unit`s of `runs` runs took and where the results are.
pub(crate) fn print_pace(trained: usize, runs: usize, seconds: f64, unit: &str, out_dir: &Path) {
    println!(
        "{trained} {unit}s of {runs} run(s) in {seconds:.1} s ({:.1} ms per {unit} per run); \
         results in {}",
        seconds * 1000.0 / (trained.max(1) * runs.max(1)) as f64,
        out_dir.display()
    );
}
