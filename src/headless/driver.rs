//! What every command of the native CLI shares: the device it computes on and the writing of its
//! output files, each failure naming the file.

use std::fs;
use std::path::Path;

use burn::tensor::Device;

use crate::data::RgbaMosaic;

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
