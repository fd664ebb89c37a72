//! NDA Lab's core: Negative Data Augmentation (Sinha et al., ICLR 2021) as plain Rust over burn.
//!
//! Data flows in the direction of the imports: `experiment -> train -> {model, augment, data}
//! -> burn`. Each module re-exports its plain twin of `nda-plain` (settings, plans, data, files,
//! results) and adds what needs a tensor; `eval` is the `nda-eval` crate's host maths. The core
//! never touches the browser, a file or a clock (the crate names no browser crate, and
//! `tests/layout.rs` checks the rest), so it compiles and is tested natively, and the worker and
//! the command line drive it from outside (the page reaches it only through the worker's
//! messages). `ARCHITECTURE.md` at the
//! root of the workspace maps the crates.

pub mod augment;
pub mod data;
// Host-float evaluation maths is its own crate; the core names it as before (`crate::eval::..`).
pub use nda_eval as eval;
pub mod experiment;
pub mod model;
// The seeded streams are the plain crate's, like every setting and plan (`nda-plain`).
pub use nda_plain::seeding;
pub mod train;
