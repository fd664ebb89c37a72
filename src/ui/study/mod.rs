//! The Experiments panel's study section: a paired multi-seed study of the page's GAN settings,
//! run in the worker pair by pair, resumable after a reload, with its statistics, sentence and
//! forest plot. [`state`] is plain and tested natively; the rest is browser-only.

pub mod state;

#[cfg(target_arch = "wasm32")]
pub mod panel;
#[cfg(target_arch = "wasm32")]
pub mod store;
