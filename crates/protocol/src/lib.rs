//! The messages between the page and the worker: commands in ([`Command`]), events out
//! ([`Event`]), and what they carry (each task's under its folder, `gan/`, `contrastive/` and `video/`).
//!
//! Plain serde enums and nothing else cross the thread boundary, as in candle's wasm examples: no
//! shared memory and no callbacks, so either side can be tested alone and replaced. The crate
//! builds on the plain half (`nda-plain`: settings, plans, results) and names no tensor, so the
//! page that shares it with the worker does not link burn. `wire` turns a message into a
//! `postMessage` payload and back, and `wasm_start` runs a WebAssembly module's constructors once,
//! for both modules, in the browser only.

pub mod backend_messages;
pub mod command;
pub mod data_messages;
pub mod evaluation_messages;
pub mod event;
pub mod looking_messages;
pub mod probe;
pub mod session_messages;
pub mod study_messages;
#[cfg(target_arch = "wasm32")]
pub mod wasm_start;
#[cfg(target_arch = "wasm32")]
pub mod wire;

pub mod contrastive;
pub mod gan;
pub mod video;

pub use backend_messages::{BackendInfo, BackendKind, BackendPreference};
pub use command::Command;
pub use contrastive::{command::ContrastiveCommand, event::ContrastiveEvent};
pub use data_messages::{DatasetOrigin, DatasetSummary, GalleryRowView, RejectedFile};
pub use event::Event;
pub use gan::{command::GanCommand, event::GanEvent};
pub use session_messages::{SessionCommand, SessionControl};
pub use video::{command::VideoCommand, event::VideoEvent};
