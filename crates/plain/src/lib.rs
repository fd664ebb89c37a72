//! NDA Lab's plain half: everything of Negative Data Augmentation (Sinha et al., ICLR 2021) that
//! names no tensor. The augmentations' settings and the plans drawn from the seeded RNG, the image
//! sets (built-in procedural ones and decoded uploads), the models' and trainers' settings, the
//! versioned experiment file with its share links, presets and run files, the results a run reports
//! (points, metric rows, study tables) and what they cost in memory and arithmetic.
//!
//! It does not depend on burn, so the page can build on it without linking the trainers; the core
//! (`nda-core`) re-exports each of its modules at the same path and adds the tensor half
//! (`augment::ops`, the models, the trainers, the evaluators). Like the core it does no I/O and
//! reads no clock: it takes bytes and returns values. `ARCHITECTURE.md` maps the crates.

pub mod augment;
pub mod data;
// Host-float evaluation maths is its own crate; this one names it as the core does (`crate::eval`).
pub use nda_eval as eval;
pub mod experiment;
pub mod model;
pub mod seeding;
pub mod train;
