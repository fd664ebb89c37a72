//! The video task in the page: the animated gallery of Moving Shapes clips and their temporal
//! negatives, a section of the Augmentations panel (`gallery_state` its plain state, `gallery`
//! its view in the browser), and the Video panel that trains the clip encoder
//! (`training_state` its view-model, `training_form` its settings form, `training_panel` and
//! `training_results` its view), with its "Explain one step" (`walk_state`, `walk_text`, `walk`)
//! its place among the browser's saved runs (`saving`) and the clips it trains on (`own_clips`).

#[cfg(target_arch = "wasm32")]
pub(in crate::ui) mod gallery;
pub mod gallery_state;
#[cfg(test)]
mod golden_tests;
pub mod help_texts;
pub mod own_clips;
pub mod run_view;
pub mod saving;
pub mod training_form;
#[cfg(target_arch = "wasm32")]
pub(in crate::ui) mod training_panel;
#[cfg(target_arch = "wasm32")]
mod training_results;
pub mod training_state;
#[cfg(target_arch = "wasm32")]
mod video_frames;
#[cfg(target_arch = "wasm32")]
mod walk;
pub mod walk_state;
pub mod walk_text;
