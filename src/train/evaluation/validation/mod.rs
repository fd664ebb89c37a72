//! Metric validation (issue 28; evaluation reference, "Validate a metric before trusting it"): a
//! metric is trusted only after it orders known cases the right way, in the very feature space
//! and at the very N the studies use.
//!
//! - [`cases`]: the known cases made from held-out real images (a second real sample,
//!   corruptions, NDA mixed in, dropped classes, memorised copies) and which way each family
//!   must move each metric; generators' samples join them from the driver;
//! - [`measure`]: each case's values in one evaluator's space, and Spearman's ρ per family;
//! - [`report`]: pass or fail per metric, real against real, the collapsed generator, the tables.

pub mod cases;
pub mod measure;
pub mod report;

pub use cases::{Family, KnownCase, RealPool, VALIDATED_METRICS, generator_samples, image_cases};
pub use measure::{CaseOutputs, CaseValues, PASS_RHO, measure, signed_rho};
pub use report::{Measured, csv, markdown, metric_verdict};
