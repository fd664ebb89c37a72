//! The page shell's view-model: the backend badge, the device check and the worker's errors.
//!
//! `apply` folds one worker event into the state and returns the commands that should follow, so
//! the whole start-up conversation (ready → select backend → run the check) is tested natively.

use crate::experiment::Task;
use crate::ui::device_speed::DeviceSpeed;
use nda_protocol::probe;
use nda_protocol::{
    BackendInfo, BackendKind, BackendPreference, Command, ContrastiveEvent, Event, GanEvent,
};

/// Side of the matrix of the device check run after every backend change.
pub const DEVICE_CHECK_SIZE: usize = 64;

/// Where the worker stands with its backend.
#[derive(Debug, Clone, PartialEq)]
pub enum BackendStatus {
    /// The worker's module is still loading.
    Starting,
    /// The worker is choosing or warming up a backend.
    Selecting {
        /// What it is doing right now.
        stage: String,
    },
    /// A backend is in use.
    Ready(BackendInfo),
    /// The worker could not start at all.
    WorkerFailed(String),
}

/// The result of the device check, as the page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct DeviceCheck {
    /// Side of the check matrix.
    pub size: usize,
    /// What the device computed.
    pub checksum: f64,
    /// The exact answer, computed on the main thread.
    pub expected: f64,
    /// Time of the computation and read-back in the worker.
    pub millis: f64,
    /// The backend that computed it.
    pub backend: BackendKind,
}

impl DeviceCheck {
    /// Whether the device's answer agrees with the exact one.
    pub fn is_correct(&self) -> bool {
        probe::matches_expected(self.size, self.checksum)
    }

    /// One line for the page.
    pub fn summary(&self) -> String {
        let verdict = if self.is_correct() {
            "matches the exact answer"
        } else {
            "WRONG, expected"
        };
        format!(
            "sum(A·Aᵀ) of the {size}×{size} check matrix = {checksum:.4} ({verdict} {expected:.4}), \
             computed on {backend} in {millis:.1} ms",
            size = self.size,
            checksum = self.checksum,
            expected = self.expected,
            backend = backend_name(self.backend),
            millis = self.millis,
        )
    }
}

/// The page shell's state.
#[derive(Debug, Clone, PartialEq)]
pub struct ShellState {
    /// The badge's subject.
    pub backend: BackendStatus,
    /// What the user asked for with the CPU switch.
    pub preference: BackendPreference,
    /// The latest device check, if any.
    pub device_check: Option<DeviceCheck>,
    /// The latest error the worker reported.
    pub last_error: Option<String>,
    /// This device's measured speed, for time estimates before Start.
    pub speed: DeviceSpeed,
    /// A link, preset or file gave the forms their settings (they are never resized for the CPU).
    pub settings_given: bool,
    /// The forms were sized for the CPU path (`cpu_defaults`); the panels say so.
    pub cpu_sized: bool,
}

impl Default for ShellState {
    fn default() -> Self {
        Self {
            backend: BackendStatus::Starting,
            preference: BackendPreference::Auto,
            device_check: None,
            last_error: None,
            speed: DeviceSpeed::default(),
            settings_given: false,
            cpu_sized: false,
        }
    }
}

impl ShellState {
    /// Folds a worker event into the state; returns the commands to send next.
    pub fn apply(&mut self, event: Event) -> Vec<Command> {
        self.speed.apply(&event);
        match event {
            Event::Ready => vec![Command::SelectBackend {
                preference: self.preference,
            }],
            Event::BackendSelecting { stage } => {
                self.backend = BackendStatus::Selecting { stage };
                Vec::new()
            }
            Event::BackendReady(info) => {
                self.backend = BackendStatus::Ready(info);
                self.device_check = None;
                vec![Command::RunProbe {
                    size: DEVICE_CHECK_SIZE,
                }]
            }
            Event::ProbeFinished {
                size,
                checksum,
                millis,
                backend,
            } => {
                let expected = probe::expected_checksum(size);
                self.device_check = Some(DeviceCheck {
                    size,
                    checksum,
                    expected,
                    millis,
                    backend,
                });
                Vec::new()
            }
            Event::Failed { message } => {
                self.last_error = Some(message);
                Vec::new()
            }
            // Folded into `speed` above.
            Event::Calibrated { .. }
            | Event::DatasetChanged(_)
            | Event::UploadsProcessed { .. }
            | Event::GalleryRendered { .. }
            | Event::Gan(GanEvent::Status(_))
            | Event::Gan(GanEvent::Progress(_))
            | Event::Gan(GanEvent::Snapshot(_))
            | Event::Gan(GanEvent::Samples(_))
            | Event::Gan(GanEvent::History(_))
            | Event::Exported {
                task: Task::Gan, ..
            }
            | Event::Imported {
                task: Task::Gan, ..
            }
            | Event::EvaluationProgress(_)
            | Event::Gan(GanEvent::Evaluated(_))
            | Event::Gan(GanEvent::ImageScored(_))
            | Event::StudyProgress(_)
            | Event::StudyUnitDone(_)
            | Event::StudyEnded { .. }
            | Event::Contrastive(ContrastiveEvent::Status(_))
            | Event::Contrastive(ContrastiveEvent::Progress(_))
            | Event::Contrastive(ContrastiveEvent::Evaluated(_))
            | Event::Contrastive(ContrastiveEvent::HeldOut(_))
            | Event::Contrastive(ContrastiveEvent::History(_))
            | Event::Exported {
                task: Task::Contrastive,
                ..
            }
            | Event::Imported {
                task: Task::Contrastive,
                ..
            }
            | Event::Exported {
                task: Task::Video, ..
            }
            | Event::Imported {
                task: Task::Video, ..
            }
            | Event::Contrastive(ContrastiveEvent::AnomalyMeasured(_))
            | Event::EvaluatorsTrained(_)
            | Event::Gan(GanEvent::Looked(_))
            | Event::Gan(GanEvent::Explained(_))
            | Event::Contrastive(ContrastiveEvent::Explained(_))
            | Event::Video(_) => Vec::new(),
        }
    }

    /// The user flipped the CPU switch: remember it and ask the worker to re-select.
    pub fn set_force_cpu(&mut self, force_cpu: bool) -> Vec<Command> {
        self.preference = if force_cpu {
            BackendPreference::Cpu
        } else {
            BackendPreference::Auto
        };
        vec![Command::SelectBackend {
            preference: self.preference,
        }]
    }

    /// The worker script failed to load or crashed.
    pub fn worker_failed(&mut self, message: String) {
        self.speed.pending.worker_lost(&message);
        self.backend = BackendStatus::WorkerFailed(message);
    }

    /// The backend in use, once one is ready.
    pub fn backend_kind(&self) -> Option<BackendKind> {
        match &self.backend {
            BackendStatus::Ready(info) => Some(info.kind),
            _ => None,
        }
    }

    /// The badge's text: the truth about the backend, never a silent fall-back.
    pub fn badge_text(&self) -> String {
        match &self.backend {
            BackendStatus::Starting => "Starting the compute worker…".to_string(),
            BackendStatus::Selecting { stage } => format!("Choosing a backend: {stage}"),
            BackendStatus::Ready(info) => match (&info.kind, &info.webgpu_unavailable_because) {
                (BackendKind::WebGpu, _) => format!("WebGPU · {}", info.adapter),
                (BackendKind::Cpu, Some(reason)) => {
                    format!("CPU (WebAssembly) · WebGPU unavailable: {reason}")
                }
                (BackendKind::Cpu, None) => "CPU (WebAssembly)".to_string(),
            },
            BackendStatus::WorkerFailed(message) => format!("Compute worker failed: {message}"),
        }
    }

    /// A CSS modifier for the badge: `gpu`, `cpu`, `busy` or `error`.
    pub fn badge_kind(&self) -> &'static str {
        match &self.backend {
            BackendStatus::Starting | BackendStatus::Selecting { .. } => "busy",
            BackendStatus::Ready(info) if info.kind == BackendKind::WebGpu => "gpu",
            BackendStatus::Ready(_) => "cpu",
            BackendStatus::WorkerFailed(_) => "error",
        }
    }
}

/// The backend's name in prose.
pub fn backend_name(kind: BackendKind) -> &'static str {
    match kind {
        BackendKind::WebGpu => "WebGPU",
        BackendKind::Cpu => "the CPU (WebAssembly)",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cpu_info(reason: &str) -> BackendInfo {
        BackendInfo {
            kind: BackendKind::Cpu,
            adapter: "burn flex".into(),
            webgpu_unavailable_because: Some(reason.into()),
        }
    }

    #[test]
    fn start_up_conversation_selects_a_backend_then_checks_it() {
        let mut state = ShellState::default();
        assert_eq!(state.badge_kind(), "busy");
        assert_eq!(
            state.apply(Event::Ready),
            vec![Command::SelectBackend {
                preference: BackendPreference::Auto
            }]
        );
        state.apply(Event::BackendSelecting {
            stage: "preparing GPU kernels…".into(),
        });
        assert!(state.badge_text().contains("preparing GPU kernels…"));
        let follow_up = state.apply(Event::BackendReady(BackendInfo {
            kind: BackendKind::WebGpu,
            adapter: "swiftshader".into(),
            webgpu_unavailable_because: None,
        }));
        assert_eq!(
            follow_up,
            vec![Command::RunProbe {
                size: DEVICE_CHECK_SIZE
            }]
        );
        assert_eq!(state.badge_text(), "WebGPU · swiftshader");
        assert_eq!(state.badge_kind(), "gpu");
    }

    #[test]
    fn cpu_badge_states_why_webgpu_is_not_used() {
        let mut state = ShellState::default();
        state.apply(Event::BackendReady(cpu_info("navigator.gpu is missing")));
        assert_eq!(
            state.badge_text(),
            "CPU (WebAssembly) · WebGPU unavailable: navigator.gpu is missing"
        );
        assert_eq!(state.badge_kind(), "cpu");
    }

    #[test]
    fn device_check_is_judged_against_the_exact_answer() {
        let mut state = ShellState::default();
        let exact = probe::expected_checksum(DEVICE_CHECK_SIZE);
        state.apply(Event::ProbeFinished {
            size: DEVICE_CHECK_SIZE,
            checksum: exact,
            millis: 3.0,
            backend: BackendKind::Cpu,
        });
        let check = state.device_check.clone().expect("a check");
        assert!(check.is_correct());
        assert!(check.summary().contains("matches the exact answer"));
        state.apply(Event::ProbeFinished {
            size: DEVICE_CHECK_SIZE,
            checksum: exact + 10.0,
            millis: 3.0,
            backend: BackendKind::Cpu,
        });
        assert!(!state.device_check.expect("a check").is_correct());
    }

    #[test]
    fn forcing_the_cpu_reselects_and_is_remembered_across_restarts() {
        let mut state = ShellState::default();
        assert_eq!(
            state.set_force_cpu(true),
            vec![Command::SelectBackend {
                preference: BackendPreference::Cpu
            }]
        );
        assert_eq!(
            state.apply(Event::Ready),
            vec![Command::SelectBackend {
                preference: BackendPreference::Cpu
            }]
        );
    }

    #[test]
    fn errors_are_kept_for_display() {
        let mut state = ShellState::default();
        state.apply(Event::Failed {
            message: "boom".into(),
        });
        assert_eq!(state.last_error.as_deref(), Some("boom"));
    }
}
