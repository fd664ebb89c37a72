//! Which sample-quality metrics the metric validation trusts on each built-in set
//! (`nda-lab validate-metrics`, `docs/science/metric-validation/`), and the warning a study's plan
//! gives when its primary metric is one the validation measured and failed there. A verdict is
//! quoted; it should rest on a metric that orders known cases the right way.

use crate::data::BuiltinDataset;

/// The metrics the validation measures against known cases (the rest, structure and the AUROCs,
/// are detectors with their own known cases, and the accuracies are of known labels).
pub const VALIDATED_CANDIDATES: [&str; 8] = [
    "kid",
    "fd",
    "precision",
    "recall",
    "density",
    "density_gap",
    "coverage",
    "diversity",
];

/// The sample-quality metrics that passed every family of known cases on `dataset`, in all three
/// evaluator seeds at N = 500, in the space it is judged in (evaluator version 3): a study of
/// that set should declare one of them primary. FD is the one that passes on all three.
pub fn validated_metrics(dataset: BuiltinDataset) -> &'static [&'static str] {
    match dataset {
        BuiltinDataset::Faces => &["kid", "fd", "diversity"],
        BuiltinDataset::Shapes => &["fd", "coverage"],
        BuiltinDataset::Digits => &["fd", "diversity"],
    }
}

/// Said before a GAN study of `dataset` runs when its primary metric failed the validation
/// there; `None` when it passed or was not among the metrics measured.
pub fn unvalidated_primary_warning(dataset: BuiltinDataset, primary: &str) -> Option<String> {
    let validated = validated_metrics(dataset);
    if validated.contains(&primary) || !VALIDATED_CANDIDATES.contains(&primary) {
        return None;
    }
    Some(format!(
        "{primary} did not pass the metric validation on {} (it misorders known cases there, \
         docs/science/metric-validation), so its verdict is not one on sample quality; {} did",
        dataset.label(),
        validated.join(" and ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_primary_the_validation_failed_is_warned_about_with_the_ones_that_passed() {
        let warning = unvalidated_primary_warning(BuiltinDataset::Digits, "kid").expect("warned");
        assert!(warning.starts_with("kid did not pass the metric validation on Digits"));
        assert!(warning.ends_with("fd and diversity did"), "{warning}");
        assert_eq!(
            unvalidated_primary_warning(BuiltinDataset::Faces, "kid"),
            None
        );
        assert_eq!(
            unvalidated_primary_warning(BuiltinDataset::Digits, "auroc"),
            None
        );
        for dataset in [
            BuiltinDataset::Faces,
            BuiltinDataset::Shapes,
            BuiltinDataset::Digits,
        ] {
            assert!(
                validated_metrics(dataset).contains(&"fd"),
                "the default primary"
            );
        }
    }
}
