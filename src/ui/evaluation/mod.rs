//! The GAN panel's evaluation section: settings, "Evaluate now", the NDA-versus-baseline table,
//! metric and ROC charts, and "score your image". [`state`] and [`format`] are plain and tested
//! natively; the components are browser-only.

pub mod format;
pub mod state;

#[cfg(target_arch = "wasm32")]
pub mod panel;
#[cfg(target_arch = "wasm32")]
pub mod tables;
