//! The Contrastive panel's "Explain one step": for a query of the run's next step, its
//! similarity to its positive view, to each of its NDA views and to the nearest queue keys, with
//! the InfoNCE term plugged in. [`state`] and [`text`] are plain and tested natively.

pub mod state;
pub mod text;

#[cfg(target_arch = "wasm32")]
pub mod panel;
