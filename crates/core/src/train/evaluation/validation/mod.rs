//! Metric validation (issue 28; evaluation reference, "Validate a metric before trusting it"): a
//! metric is trusted only after it orders known cases the right way, in the very feature space
//! and at the very N the studies use.
//!
//! - [`cases`]: the known cases made from held-out real images (a second real sample,
//!   corruptions, NDA mixed in, dropped classes, memorised copies) and which way each family
//!   must move each metric; generators' samples join them from the driver;
//! - [`pool`]: the held-out images they are made from;
//! - [`measure`]: each case's values in one evaluator's space, and Spearman's ρ per family;
//! - [`report`]: pass or fail per metric and the tables; [`checks`]: real against real, the
//!   collapsed generator and the generator orders a study relies on.

pub mod cases;
pub mod checks;
pub mod measure;
pub mod pool;
pub mod report;

pub use cases::{Family, KnownCase, VALIDATED_METRICS, generator_samples, image_cases};
pub use measure::{CaseOutputs, CaseValues, Measured, PASS_RHO, measure, scaling_name, signed_rho};
pub use pool::RealPool;
pub use report::{csv, markdown, metric_verdict};
