//! What a study compares: NDA arms against the baseline over paired seeds, with the primary
//! metric named before anything runs (evaluation reference, "Comparing NDA with the baseline").
//! Part of the experiment config, so a study travels by link and file like any experiment.

use serde::{Deserialize, Serialize};

use crate::augment::NegativeAugmentation;
use crate::train::TrainError;

/// Seeds a study may have: above this a study is not a page-sized experiment any more.
pub const MAX_STUDY_SEEDS: usize = 64;
/// With an exact paired sign-flip test the smallest two-sided p is 2 / 2^S: 5 seeds cannot reach
/// 0.05, 6 can.
pub const SEEDS_FOR_SIGNIFICANCE: usize = 6;

/// One NDA variant, compared with the baseline (α = 1, β = 0) of the same seeds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StudyArm {
    /// A short name, also the arm's folder: letters, digits, `-` and `_`.
    pub name: String,
    /// Negative augmentations with weights (parameters from the experiment's augmentation
    /// settings where a kind is configured there).
    pub negatives: Vec<(NegativeAugmentation, f64)>,
    /// Weight of the generated-fake hinge term.
    pub alpha: f64,
    /// Weight of the NDA hinge term.
    pub beta: f64,
    /// A contrastive study's `m`, NDA views per image (α and β are then unused); `None` keeps
    /// the experiment's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nda_views: Option<usize>,
}

/// What a contrastive study measures (its runs have no generator): k-NN and linear-probe
/// accuracy of the final encoder and its k-NN anomaly AUROCs.
pub const CONTRASTIVE_STUDY_METRICS: [&str; 7] = [
    "knn_accuracy",
    "linear_accuracy",
    "auroc",
    "auroc_other_sets",
    "auroc_corruptions",
    "auroc_nda_seen",
    "auroc_nda_unseen",
];

/// A paired multi-seed study of the experiment's GAN.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StudySettings {
    /// Run seeds; each gives one NDA run and one baseline run that share weights, data order and
    /// noise. The data set itself stays the experiment's.
    pub seeds: Vec<u64>,
    /// The NDA arms; none means one arm, `nda`, with the experiment's own negatives and α, β.
    pub arms: Vec<StudyArm>,
    /// The metric the study is about, declared before it runs; reported without correction.
    pub primary_metric: String,
    /// Further metrics, Holm-corrected together (the primary one is left out if listed).
    pub secondary_metrics: Vec<String>,
}

impl Default for StudySettings {
    /// Eight seeds (the fewest to reach p = 0.0078 with an exact test), KID primary.
    fn default() -> Self {
        Self {
            seeds: (1..=8).collect(),
            arms: Vec::new(),
            primary_metric: "kid".to_string(),
            secondary_metrics: [
                "fd",
                "precision",
                "recall",
                "density",
                "coverage",
                "structure",
                "structure_unseen",
                "auroc",
                "auroc_corruptions",
                "auroc_nda_unseen",
            ]
            .map(String::from)
            .to_vec(),
        }
    }
}

impl StudySettings {
    /// Checks seeds, arm names and metrics.
    pub fn validate(&self) -> Result<(), TrainError> {
        let mut seeds = self.seeds.clone();
        seeds.sort_unstable();
        seeds.dedup();
        if seeds.len() != self.seeds.len() || !(2..=MAX_STUDY_SEEDS).contains(&seeds.len()) {
            return Err(TrainError::out_of_range(
                "study seeds",
                self.seeds.len(),
                "between 2 and 64 different seeds",
            ));
        }
        let mut names: Vec<&str> = self.arms.iter().map(|arm| arm.name.as_str()).collect();
        let valid_name = |name: &&str| {
            !name.is_empty()
                && name.len() <= 40
                && name != &"baseline"
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        };
        if let Some(bad) = names.iter().find(|name| !valid_name(name)) {
            return Err(TrainError::Dataset(format!(
                "study arm \"{bad}\": a name is 1 to 40 letters, digits, - or _, and not \"baseline\""
            )));
        }
        names.sort_unstable();
        names.dedup();
        if names.len() != self.arms.len() {
            return Err(TrainError::Dataset(
                "two study arms have the same name".to_string(),
            ));
        }
        if self.primary_metric.is_empty() {
            return Err(TrainError::Dataset(
                "a study names its primary metric before it runs (e.g. \"kid\")".to_string(),
            ));
        }
        Ok(())
    }

    /// Refuses a contrastive study that names a metric its runs do not have (the defaults name
    /// the GAN's).
    pub fn validate_contrastive(&self) -> Result<(), TrainError> {
        let named = std::iter::once(&self.primary_metric).chain(&self.secondary_metrics);
        for metric in named {
            let base = metric.split(':').next().unwrap_or(metric);
            if !CONTRASTIVE_STUDY_METRICS.contains(&base) {
                return Err(TrainError::Dataset(format!(
                    "a contrastive study has no \"{metric}\" (its encoders make no samples): \
                     name its metrics among {}",
                    CONTRASTIVE_STUDY_METRICS.join(", ")
                )));
            }
        }
        Ok(())
    }

    /// A warning when the seeds cannot reach p < 0.05 with the exact test, else `None`.
    pub fn seed_warning(&self) -> Option<String> {
        (self.seeds.len() < SEEDS_FOR_SIGNIFICANCE).then(|| {
            format!(
                "{} seeds cannot reach p < 0.05 with an exact paired test (the smallest p is \
                 2/2^{} = {:.3}); {SEEDS_FOR_SIGNIFICANCE} seeds can, 8 are the default",
                self.seeds.len(),
                self.seeds.len(),
                2.0 / 2f64.powi(self.seeds.len() as i32)
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_need_no_warning() {
        let settings = StudySettings::default();
        assert!(settings.validate().is_ok());
        assert_eq!(settings.seeds.len(), 8);
        assert!(settings.seed_warning().is_none());
    }

    #[test]
    fn five_seeds_are_warned_about_and_bad_settings_refused() {
        let five = StudySettings {
            seeds: vec![1, 2, 3, 4, 5],
            ..StudySettings::default()
        };
        let warning = five.seed_warning().expect("a warning");
        assert!(warning.contains("2/2^5 = 0.062"), "{warning}");
        let with = |change: fn(&mut StudySettings)| {
            let mut settings = StudySettings::default();
            change(&mut settings);
            settings.validate()
        };
        assert!(with(|s| s.seeds = vec![1]).is_err());
        assert!(with(|s| s.seeds = vec![1, 1, 2]).is_err());
        assert!(with(|s| s.primary_metric.clear()).is_err());
        let arm = |name: &str| StudyArm {
            name: name.to_string(),
            negatives: Vec::new(),
            alpha: 0.25,
            beta: 0.75,
            nda_views: None,
        };
        let mut two = StudySettings {
            arms: vec![arm("jigsaw"), arm("jigsaw")],
            ..StudySettings::default()
        };
        assert!(two.validate().is_err());
        two.arms = vec![arm("jigsaw"), arm("baseline")];
        assert!(two.validate().is_err());
        two.arms = vec![arm("jigsaw"), arm("flip-control")];
        assert!(two.validate().is_ok());
    }
}
