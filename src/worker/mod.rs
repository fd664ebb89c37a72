//! The training Web Worker and the messages it exchanges with the page.
//!
//! Every burn computation of the page runs here, off the main thread, so the page never freezes.
//! The page and the worker share nothing but the serde messages of [`protocol`]; [`wire`] is the
//! one place that turns them into `postMessage` payloads and back.

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
pub mod probe;
pub mod session_core;
pub mod study_contrastive;
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
