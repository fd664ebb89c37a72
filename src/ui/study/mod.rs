//! The Experiments panel's study section: a paired multi-seed study of the page's GAN or
//! contrastive settings, run in the worker pair by pair, resumable after a reload, with its
//! statistics, sentence and forest plot. [`state`] and [`plan`] are plain and tested natively; the rest is browser-only.

pub mod plan;
pub mod state;

#[cfg(target_arch = "wasm32")]
pub mod panel;
#[cfg(target_arch = "wasm32")]
mod results;
#[cfg(target_arch = "wasm32")]
pub mod store;
