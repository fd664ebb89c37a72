//! The messages about the compute backend: which one the page asks for, and which one the worker
//! found (with its adapter, or why WebGPU was not available).

use serde::{Deserialize, Serialize};

/// Which backend the user wants the worker to compute on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum BackendPreference {
    /// WebGPU when the browser offers a working adapter, otherwise the CPU, with the reason shown.
    #[default]
    Auto,
    /// The CPU backend even where WebGPU works (for comparison, or to dodge a faulty driver).
    Cpu,
}

/// The backend the worker actually computes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BackendKind {
    /// burn's wgpu runtime on the browser's WebGPU.
    WebGpu,
    /// burn's `flex` CPU backend compiled to WebAssembly.
    Cpu,
}

/// What the worker found when it chose a backend: the truth the page's badge shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackendInfo {
    /// The backend in use.
    pub kind: BackendKind,
    /// The adapter's description or architecture (WebGPU), or the CPU's label.
    pub adapter: String,
    /// Why WebGPU is not in use, when `kind` is `Cpu`.
    pub webgpu_unavailable_because: Option<String>,
}
