//! Honest backend selection in the worker: WebGPU when it really works, else the CPU, with a reason.
//!
//! "Works" means all four steps succeed: `navigator.gpu` exists, an adapter is returned, burn
//! creates a device on it, and a warm-up computation reads back the right answer. Any failure is
//! reported in words on the badge; a silent fall-back to the CPU is a defect.

use burn::tensor::Device;
use js_sys::{Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::probe;
use nda_protocol::{BackendInfo, BackendKind, BackendPreference};

/// Side of the warm-up matrix: large enough to compile the matmul kernels training will reuse.
const WARM_UP_SIZE: usize = 32;

/// A device together with what the page should be told about it.
#[derive(Clone)]
pub struct SelectedBackend {
    /// The burn device every computation of the worker uses.
    pub device: Device,
    /// The truth about that device, for the badge.
    pub info: BackendInfo,
}

/// Remembers the outcome of WebGPU initialisation: burn's wgpu runtime can be set up only once per
/// worker, so switching back from the CPU reuses it rather than initialising again.
#[derive(Default)]
pub struct BackendCache {
    webgpu: Option<Result<SelectedBackend, String>>,
}

impl BackendCache {
    /// Chooses the backend for `preference`, calling `report_stage` before each slow step.
    pub async fn select(
        &mut self,
        preference: BackendPreference,
        report_stage: &dyn Fn(&str),
    ) -> SelectedBackend {
        if preference == BackendPreference::Cpu {
            return cpu_backend(Some("switched off: CPU chosen by the user".to_string()));
        }
        if self.webgpu.is_none() {
            self.webgpu = Some(init_webgpu(report_stage).await);
        }
        match &self.webgpu {
            Some(Ok(selected)) => selected.clone(),
            Some(Err(reason)) => cpu_backend(Some(reason.clone())),
            None => cpu_backend(Some("WebGPU was not tried".to_string())),
        }
    }
}

fn cpu_backend(webgpu_unavailable_because: Option<String>) -> SelectedBackend {
    SelectedBackend {
        device: Device::flex(),
        info: BackendInfo {
            kind: BackendKind::Cpu,
            adapter: "burn flex".to_string(),
            webgpu_unavailable_because,
        },
    }
}

async fn init_webgpu(report_stage: &dyn Fn(&str)) -> Result<SelectedBackend, String> {
    report_stage("looking for a WebGPU adapter…");
    let adapter_label = request_adapter_label().await?;
    report_stage("creating the GPU device…");
    let device = gpu_device().await?;
    report_stage("preparing GPU kernels…");
    let checksum = probe::probe_checksum(WARM_UP_SIZE, &device)
        .into_scalar_async::<f32>()
        .await
        .map_err(|error| format!("the warm-up computation failed on the GPU ({error:?})"))?;
    if !nda_protocol::probe::matches_expected(WARM_UP_SIZE, f64::from(checksum)) {
        return Err(format!(
            "the warm-up computation gave a wrong answer on the GPU ({checksum} instead of {:.4})",
            nda_protocol::probe::expected_checksum(WARM_UP_SIZE)
        ));
    }
    Ok(SelectedBackend {
        device,
        info: BackendInfo {
            kind: BackendKind::WebGpu,
            adapter: adapter_label,
            webgpu_unavailable_because: None,
        },
    })
}

/// burn's WebGPU device on the adapter the browser gives.
#[cfg(feature = "webgpu")]
async fn gpu_device() -> Result<Device, String> {
    Device::wgpu_options()
        .init_async()
        .await
        .map_err(|error| format!("the GPU device could not be created ({error})"))
}

/// Only the worker is built with the `webgpu` feature (see Cargo.toml); the page's module, which
/// never selects a backend, compiles this instead.
#[cfg(not(feature = "webgpu"))]
async fn gpu_device() -> Result<Device, String> {
    Err("this build has no WebGPU backend (built without the `webgpu` feature)".to_string())
}

/// Asks the browser for an adapter ourselves, to learn what it is and to explain a refusal
/// precisely (burn would only say that it found none).
async fn request_adapter_label() -> Result<String, String> {
    let navigator = property(&js_sys::global(), "navigator");
    let gpu = property(&navigator, "gpu");
    if gpu.is_undefined() || gpu.is_null() {
        return Err(
            "this browser does not offer WebGPU to web pages (navigator.gpu is missing)"
                .to_string(),
        );
    }
    let request = Reflect::get(&gpu, &JsValue::from_str("requestAdapter"))
        .ok()
        .and_then(|function| function.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(|| "navigator.gpu.requestAdapter is not a function".to_string())?;
    let promise: Promise = request
        .call0(&gpu)
        .map_err(|error| format!("requestAdapter threw: {}", describe(&error)))?
        .dyn_into()
        .map_err(|_| "requestAdapter did not return a promise".to_string())?;
    let adapter = JsFuture::from(promise)
        .await
        .map_err(|error| format!("requestAdapter failed: {}", describe(&error)))?;
    if adapter.is_null() || adapter.is_undefined() {
        return Err(
            "the browser returned no WebGPU adapter (no suitable GPU, or it is blocked)"
                .to_string(),
        );
    }
    Ok(adapter_label(&property(&adapter, "info")))
}

/// "description", else "vendor architecture", else a plain "GPU": Chrome often leaves the
/// description empty for privacy, while SwiftShader reports its architecture.
fn adapter_label(info: &JsValue) -> String {
    let field = |name: &str| property(info, name).as_string().unwrap_or_default();
    let description = field("description");
    if !description.trim().is_empty() {
        return description;
    }
    let joined = [field("vendor"), field("architecture")]
        .into_iter()
        .filter(|part| !part.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if joined.is_empty() {
        "GPU".to_string()
    } else {
        joined
    }
}

fn property(target: &JsValue, name: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn describe(error: &JsValue) -> String {
    error
        .as_string()
        .or_else(|| {
            error
                .dyn_ref::<js_sys::Error>()
                .map(|error| String::from(error.message()))
        })
        .unwrap_or_else(|| format!("{error:?}"))
}
