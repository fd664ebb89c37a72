//! The Experiments panel's study section: a paired multi-seed study of the page's GAN,
//! contrastive or video settings, run in the worker pair by pair, resumable after a reload, with its
//! statistics, sentence and forest plot. [`state`] and [`plan`] are plain and tested natively; the rest is browser-only.

pub mod plan;
mod plan_text;
mod progress_text;
pub mod split;
pub mod state;

#[cfg(target_arch = "wasm32")]
pub mod panel;
#[cfg(target_arch = "wasm32")]
mod results;
#[cfg(target_arch = "wasm32")]
mod split_view;
#[cfg(target_arch = "wasm32")]
pub mod store;

/// The page the study tests plan from: 200 Digits at 32 px, 4 GAN iterations, 6 contrastive steps.
#[cfg(test)]
fn test_page() -> crate::experiment::ExperimentConfig {
    use crate::data::{BuiltinDataset, BuiltinSpec};
    use crate::experiment::GanSection;
    let mut page = crate::experiment::ExperimentConfig {
        dataset: crate::experiment::DatasetChoice::Builtin(BuiltinSpec {
            dataset: BuiltinDataset::Digits,
            size: 32,
            count: 200,
            seed: 1,
        }),
        gan: GanSection {
            iterations: 4,
            ..GanSection::default()
        },
        ..crate::experiment::ExperimentConfig::default()
    };
    page.contrastive.steps = 6;
    page
}
