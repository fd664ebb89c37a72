//! The page: Leptos components (browser only) over plain view-models (tested natively).
//!
//! View-models turn worker events into what the page shows and decide which commands follow;
//! components only map that state to the DOM.

pub mod panels;
pub mod shell_state;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod bridge;
#[cfg(target_arch = "wasm32")]
mod header;
#[cfg(target_arch = "wasm32")]
mod tabs;

#[cfg(target_arch = "wasm32")]
pub use app::start;
