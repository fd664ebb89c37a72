//! The messages between the page and the worker: commands in, events out.
//!
//! Plain serde enums and nothing else cross the thread boundary, as in candle's wasm examples: no
//! shared memory and no callbacks, so either side can be tested alone and replaced.

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

/// A request from the page to the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Command {
    /// Choose (or re-choose) the compute backend. The worker answers with `BackendSelecting`, then
    /// `BackendReady`.
    SelectBackend {
        /// The user's choice.
        preference: BackendPreference,
    },
    /// Compute `sum(A · Aᵀ)` of the probe matrix on the current backend (see `worker::probe`).
    RunProbe {
        /// Side of the square probe matrix, 1 to `probe::MAX_PROBE_SIZE`.
        size: usize,
    },
}

/// A report from the worker to the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Event {
    /// The worker's module is loaded and it listens for commands.
    Ready,
    /// The worker is acquiring a device or compiling its first kernels.
    BackendSelecting {
        /// What it is doing, for the badge (for example "preparing GPU kernels…").
        stage: String,
    },
    /// A backend is chosen and warmed up.
    BackendReady(BackendInfo),
    /// The answer to `RunProbe`.
    ProbeFinished {
        /// Side of the probe matrix.
        size: usize,
        /// `sum(A · Aᵀ)` as the device computed it.
        checksum: f64,
        /// Wall time of the computation and its read-back, in milliseconds.
        millis: f64,
        /// The backend that computed it.
        backend: BackendKind,
    },
    /// A command failed; the worker keeps running and keeps its state.
    Failed {
        /// What went wrong, in words a person can act on.
        message: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_and_events_round_trip_through_json() {
        let commands = [
            Command::SelectBackend {
                preference: BackendPreference::Cpu,
            },
            Command::RunProbe { size: 64 },
        ];
        for command in commands {
            let text = serde_json::to_string(&command).expect("serialises");
            assert_eq!(
                serde_json::from_str::<Command>(&text).expect("parses"),
                command
            );
        }
        let event = Event::BackendReady(BackendInfo {
            kind: BackendKind::Cpu,
            adapter: "flex".into(),
            webgpu_unavailable_because: Some("navigator.gpu is missing".into()),
        });
        let text = serde_json::to_string(&event).expect("serialises");
        assert_eq!(serde_json::from_str::<Event>(&text).expect("parses"), event);
    }
}
