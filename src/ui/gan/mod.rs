//! The GAN task in the page: its form and the one validated parse of it (`form`), the panel's
//! state (`state`), the requests it sends the worker (`requests`), saving a session (`saving`),
//! its sentences (`text`), its timeline (`timeline`) and, in the browser, its views (`panel`, `controls`, `run_column`).
//! What every task's panel shares (pending requests, widgets, evaluation, studies) lives in
//! `ui/` under neutral names.

#[cfg(target_arch = "wasm32")]
pub(in crate::ui) mod controls;
pub mod form;
#[cfg(test)]
pub(in crate::ui) mod golden_tests;
#[cfg(target_arch = "wasm32")]
pub(in crate::ui) mod panel;
pub mod requests;
#[cfg(target_arch = "wasm32")]
pub(in crate::ui) mod run_column;
pub mod run_view;
pub(in crate::ui) mod saving;
pub mod state;
pub mod text;
pub mod timeline;
