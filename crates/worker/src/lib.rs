//! The training Web Worker (`nda-worker`): every burn computation of the page runs here, off the
//! main thread, so the page never freezes. It drives the core's trainers and evaluators and talks
//! to the page only through the serde messages of `nda-protocol` (whose `wire` turns them into
//! `postMessage` payloads and back); the page never links this crate.

pub mod datasets;
mod evaluation_job;
pub mod evaluation_rows;
pub mod evaluation_work;
pub mod evaluator_kinds;
mod explained;
pub mod fault;
pub mod gallery;
pub mod image_scoring;
pub mod kept_evaluators;
pub mod looking;
pub mod measured_session;
pub mod probe;
pub mod session_control;
pub mod session_core;
pub mod study_contrastive;
pub mod study_pair;
pub mod study_runner;

#[cfg(target_arch = "wasm32")]
pub mod backend;
#[cfg(target_arch = "wasm32")]
mod data_runtime;
#[cfg(target_arch = "wasm32")]
mod device_runtime;
#[cfg(target_arch = "wasm32")]
mod evaluation_runtime;
#[cfg(target_arch = "wasm32")]
mod runtime;
#[cfg(target_arch = "wasm32")]
mod session_commands;
#[cfg(target_arch = "wasm32")]
mod study_runtime;
#[cfg(target_arch = "wasm32")]
mod worker_state;

#[cfg(target_arch = "wasm32")]
pub use runtime::start;

pub mod gan;

pub mod contrastive;

pub mod video;
