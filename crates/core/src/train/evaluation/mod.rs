//! Measuring what NDA does (Sinha et al., ICLR 2021): sample quality of a generator and anomaly
//! detection by its discriminator, in feature spaces trained here on fresh procedural images,
//! since Inception's weights cannot be loaded. The numbers are therefore comparable between runs
//! of NDA Lab (same set, side and [`EVALUATOR_VERSION`]), never with published FIDs.
//!
//! - [`evaluators`]: the frozen networks (label classifier, structure detector) and their
//!   training; [`evaluator_checks`] their own accuracy; [`evaluator_weights`] their file.
//! - [`sample_quality`]: KID, FD, precision/recall/density/coverage, structure, class accuracy.
//! - [`anomaly`] with [`corruptions`]: D's AUROC against other sets, corruptions and NDA kinds;
//!   [`roc_summary`] its curves for drawing; [`image_score`] one uploaded image's score;
//!   [`encoder_anomaly`] the same benchmark scored by a contrastive encoder's k-NN similarity.
//! - [`upload_evaluators`] and [`upload_suite`]: the same for a person's images (a contrastive
//!   baseline encoder and its untrained twin); [`gan::suite`] either kind.
//! - [`validation`]: the known cases every metric must order before a study trusts it.
//! - [`suite`]: all of it prepared once per experiment; [`report`]: rows, CSV and the NDA versus
//!   baseline table; [`settings`]: when to evaluate.
//!
//! The metrics' math is in [`crate::eval`] (plain numbers); this folder runs the networks.

// Its settings, corruptions, rankings, metric rows and tables are the plain crate's (`nda-plain`),
// at the same paths.
pub use nda_plain::train::evaluation::*;

pub mod anomaly;
pub mod encoder_anomaly;
pub mod evaluator_checks;
pub mod evaluator_weights;
pub mod evaluators;
pub mod feature_net;
pub mod held_out_images;
pub mod image_score;
pub mod inference;
pub mod quality_reference;
pub mod sample_quality;
pub mod suite;
#[cfg(test)]
mod tests;
pub mod upload_evaluators;
pub mod upload_suite;
pub mod validation;

pub use anomaly::AnomalyBenchmark;
pub use encoder_anomaly::{encoder_anomaly, encoder_benchmark};
pub use evaluator_checks::{EvaluatorChecks, check_evaluators};
pub use evaluators::{
    EVALUATOR_VERSION, EvaluatorBudget, EvaluatorStage, EvaluatorTrainer, Evaluators,
};
pub use gan::suite::GanSuite;
pub use image_score::score_image;
pub use suite::{EvaluationSuite, GanEvaluation};
pub use upload_evaluators::{MIN_UPLOAD_IMAGES, UploadEvaluatorTrainer, UploadEvaluators};
pub use upload_suite::UploadSuite;

pub mod gan;
