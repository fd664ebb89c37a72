//! The GAN panel's "Explain one step": the next iteration of the run taken apart stage by stage
//! with its live numbers. [`state`] (where the learner is) and [`text`] (what they read) are plain
//! and tested natively; the view is browser-only.

pub mod state;
pub mod text;

#[cfg(target_arch = "wasm32")]
pub mod panel;
