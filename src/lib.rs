//! NDA Lab's page: Negative Data Augmentation (Sinha et al., ICLR 2021) in the browser.
//!
//! This package is the page: Leptos components over plain view-models (`ui`) and the `app`
//! binary that mounts them. It builds on the plain half of the workspace (`nda-plain`: settings,
//! plans, image sets, experiment files and results) and talks to the training worker
//! (`nda-worker`) only through the messages of `nda-protocol`, so its WebAssembly module never
//! links burn. `ARCHITECTURE.md` maps the crates.

// The plain half's floors, named as the core names them (`crate::train::..`), so that a path reads
// the same on every floor; none of them holds a tensor.
pub use nda_plain::{augment, data, eval, experiment, model, seeding, train};

pub mod ui;
