//! The contrastive task in the page: its form (`form`), the panel's state (`state`) and requests
//! (`requests`), saving a
//! session (`saving`, `files`), "Explain one step" for contrastive learning (`walk`), the encoders'
//! anomaly detection (`anomaly`), its timeline of maps (`timeline`) and, in the browser, its views (`panel`, `charts`, `results`).
//! What every task's panel shares lives in `ui/` under neutral names.

pub mod anomaly;
#[cfg(target_arch = "wasm32")]
pub(in crate::ui) mod charts;
#[cfg(target_arch = "wasm32")]
pub(in crate::ui) mod files;
pub mod form;
#[cfg(target_arch = "wasm32")]
pub(in crate::ui) mod panel;
pub mod requests;
#[cfg(target_arch = "wasm32")]
pub(in crate::ui) mod results;
pub(in crate::ui) mod saving;
pub mod state;
pub mod timeline;
pub mod walk;
