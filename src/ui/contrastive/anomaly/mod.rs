//! The Contrastive panel's anomaly detection: each encoder's k-NN similarity to its training
//! images as an anomaly score, NDA against the baseline on the GAN's benchmark. [`state`] is
//! plain and tested natively; the component is browser-only.

pub mod state;

#[cfg(target_arch = "wasm32")]
pub mod panel;
