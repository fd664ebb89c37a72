//! The page: Leptos components (browser only) over plain view-models (tested natively).
//!
//! View-models turn worker events into what the page shows and decide which commands follow;
//! components only map that state to the DOM.

pub mod autosave;
pub mod chart_geometry;
pub mod cpu_defaults;
pub mod data_state;
pub mod device_speed;
pub mod evaluation;
pub mod experiment_state;
pub mod experiment_text;
pub mod explained_runs;
pub mod form_parse;
pub mod gallery_state;
pub mod help;
mod help_texts;
pub mod looking;
pub mod lost_worker;
pub mod page;
pub mod panels;
pub mod pending;
pub mod run_views;
pub mod session_progress;
pub mod shell_state;
pub mod step_walk;
pub mod study;
pub mod task_panel;
#[cfg(test)]
pub mod test_support;
pub mod timeline;
pub mod video;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod bridge;
#[cfg(target_arch = "wasm32")]
mod canvas;
#[cfg(target_arch = "wasm32")]
mod chart;
#[cfg(target_arch = "wasm32")]
mod data_panel;
#[cfg(target_arch = "wasm32")]
mod download;
#[cfg(target_arch = "wasm32")]
mod evaluator_store;
#[cfg(target_arch = "wasm32")]
mod experiments_panel;
#[cfg(target_arch = "wasm32")]
mod gallery_panel;
#[cfg(target_arch = "wasm32")]
mod header;
#[cfg(target_arch = "wasm32")]
mod help_mark;
#[cfg(target_arch = "wasm32")]
mod hideable;
#[cfg(target_arch = "wasm32")]
mod lesson;
#[cfg(target_arch = "wasm32")]
mod number_field;
#[cfg(target_arch = "wasm32")]
mod page_effects;
#[cfg(target_arch = "wasm32")]
mod run_buttons;
#[cfg(target_arch = "wasm32")]
mod run_files;
#[cfg(target_arch = "wasm32")]
mod run_store;
#[cfg(target_arch = "wasm32")]
mod saved_runs;
#[cfg(target_arch = "wasm32")]
mod share;
#[cfg(target_arch = "wasm32")]
mod svg_png;
#[cfg(target_arch = "wasm32")]
mod tabs;
#[cfg(target_arch = "wasm32")]
mod time_estimate;
#[cfg(target_arch = "wasm32")]
mod timeline_slider;
#[cfg(target_arch = "wasm32")]
mod upload_reader;
#[cfg(target_arch = "wasm32")]
mod widgets;

#[cfg(target_arch = "wasm32")]
pub use app::start;

pub mod gan;

pub mod contrastive;
