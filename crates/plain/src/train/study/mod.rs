//! Does NDA help? Paired multi-seed studies (evaluation reference, "Comparing NDA with the
//! baseline"): the study's settings ([`settings`]) and its statistics and report ([`report`]).
//! The runner is a driver's (`nda-lab study`); the math on plain numbers is in [`crate::eval`].

pub mod forest_plot;
pub mod part;
pub mod report;
pub mod settings;

pub use forest_plot::forest_svg;
pub use part::StudyPart;
pub use report::{MetricComparison, SeedResult, compare_arm, markdown_table, study_csv};
pub use settings::{DEFAULT_SEEDS, MAX_STUDY_SEEDS, StudyArm, StudySettings};
