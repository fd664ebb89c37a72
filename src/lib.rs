//! NDA Lab: Negative Data Augmentation (Sinha et al., ICLR 2021) in the browser.
//!
//! The crate is one library with three thin binaries: the page (`app`), the training Web Worker
//! (`worker`) and the native command-line runner (`nda-lab`). Data flows in the direction of the
//! imports, and never back: `ui -> worker -> experiment -> train -> {model, augment, data, eval}
//! -> burn`, with `headless` (the command line) beside `worker` over `experiment`. The core
//! modules (`augment`, `data`, `eval`, `model`, `train`, `experiment`) never touch the browser, a
//! file or a clock, so they compile and are tested natively. Between files there is no import
//! circle, and files stay under 300 lines outside their tests: `tests/layout.rs` checks both.

// The core's floors, re-exported so that the page, the worker and the command line name them as
// before (`crate::train::..`); the core crate itself never sees this package.
pub use nda_core::{augment, data, eval, experiment, model, seeding, train};

#[cfg(not(target_arch = "wasm32"))]
pub mod bench;
#[cfg(not(target_arch = "wasm32"))]
pub mod headless;

pub mod ui;
