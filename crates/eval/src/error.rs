//! Why an evaluation cannot run on the given input: of the contrastive features (k-NN, linear probe,
//! PCA; Sinha et al., ICLR 2021, Sec. 5), of the GAN samples and discriminator scores (KID,
//! Fréchet distance, precision/recall/density/coverage, AUROC), or of a paired comparison of runs.

use thiserror::Error;

/// Why an evaluation cannot run on the given features, labels or settings.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum EvalError {
    /// The feature dimension is zero.
    #[error("features need at least one value per row (dim is 0)")]
    ZeroDimension,
    /// The values do not split into whole rows.
    #[error("{len} feature values do not split into rows of {dim}: pass whole rows")]
    RaggedValues {
        /// Number of values.
        len: usize,
        /// Values per row.
        dim: usize,
    },
    /// A value is NaN or infinite.
    #[error("feature row {row}, column {column} is NaN or infinite: check the encoder output")]
    NonFinite {
        /// Row of the first bad value.
        row: usize,
        /// Column of the first bad value.
        column: usize,
    },
    /// Two feature sets that must share a dimension do not.
    #[error("the {what} features have {found} values per row but {expected} were expected")]
    DimensionMismatch {
        /// Which set has the wrong dimension.
        what: &'static str,
        /// The dimension required.
        expected: usize,
        /// The dimension given.
        found: usize,
    },
    /// A set of rows that must not be empty is empty.
    #[error("the {what} is empty: evaluate on at least one image")]
    Empty {
        /// Which set is empty.
        what: &'static str,
    },
    /// The number of labels differs from the number of rows.
    #[error("{labels} {what} labels for {rows} feature rows: pass one label per row")]
    LabelCountMismatch {
        /// Which set the labels belong to.
        what: &'static str,
        /// Number of feature rows.
        rows: usize,
        /// Number of labels.
        labels: usize,
    },
    /// A label is not a class id below `num_classes`.
    #[error("{what} label {label} is not below the class count {num_classes}")]
    LabelOutOfRange {
        /// Which set the label belongs to.
        what: &'static str,
        /// The offending label.
        label: u32,
        /// The class count.
        num_classes: usize,
    },
    /// Fewer than two classes.
    #[error("classification needs at least 2 classes, got {num_classes}")]
    TooFewClasses {
        /// The class count given.
        num_classes: usize,
    },
    /// k-NN with `k = 0`.
    #[error("k-NN needs k of at least 1 neighbour")]
    ZeroK,
    /// A numeric setting is out of its range.
    #[error("setting {name} = {value} is invalid: it must be {requirement}")]
    InvalidSetting {
        /// The setting's name.
        name: &'static str,
        /// The value given.
        value: f32,
        /// What the value must be.
        requirement: &'static str,
    },
    /// An argument of a statistics function (probability, degrees of freedom) is out of its range.
    #[error("{name} = {value} is invalid: it must be {requirement}")]
    InvalidArgument {
        /// The argument's name.
        name: &'static str,
        /// The value given.
        value: f64,
        /// What the value must be.
        requirement: &'static str,
    },
    /// A paired comparison of NDA with its baseline has fewer than two seeds where both runs ended
    /// with finite values.
    #[error(
        "comparing NDA with its baseline needs at least 2 seeds where both runs ended with finite \
         values, but only {num_finite} did ({num_diverged} diverged): run more seeds, or lower the \
         learning rate if runs keep diverging"
    )]
    TooFewFinitePairs {
        /// Seeds where both runs ended finite.
        num_finite: usize,
        /// Seeds where at least one run ended NaN or infinite.
        num_diverged: usize,
    },
    /// A quantity computed from finite metric values overflowed `f64`.
    #[error("the {what} overflows a 64-bit float: report the metric in smaller units")]
    Overflow {
        /// Which quantity overflowed.
        what: &'static str,
    },
    /// A set has fewer rows than the statistic needs.
    #[error(
        "the {what} has {found} rows but at least {required} are needed: evaluate on more images"
    )]
    TooFewSamples {
        /// Which set is too small.
        what: &'static str,
        /// Rows given.
        found: usize,
        /// Rows needed.
        required: usize,
    },
    /// A score is NaN or infinite.
    #[error("{what} score {index} is NaN or infinite: check the discriminator output")]
    NonFiniteScore {
        /// Which score list holds the bad value.
        what: &'static str,
        /// Index of the first bad score.
        index: usize,
    },
}
