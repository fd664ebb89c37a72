//! What a study compares: NDA arms against the baseline over paired seeds, with the primary
//! metric named before anything runs (evaluation reference, "Comparing NDA with the baseline").
//! Part of the experiment config, so a study travels by link and file like any experiment.

use serde::{Deserialize, Serialize};

use crate::augment::NegativeAugmentation;
use crate::augment::video::TemporalNegative;
use crate::eval::paired_sentence::SIGNIFICANCE_LEVEL;
use crate::eval::sign_flip::{MAX_EXACT_PAIRS, MONTE_CARLO_DRAWS, SignFlipMethod};
use crate::train::TrainError;

use super::part::StudyPart;

/// Seeds a study may have: above this a study is not a page-sized experiment any more.
pub const MAX_STUDY_SEEDS: usize = 64;

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
    /// A video study's negatives in time with weights (`negatives`, α and β are then unused);
    /// empty keeps the experiment's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub temporal_negatives: Vec<(TemporalNegative, f64)>,
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

/// The secondary metrics of a GAN study on a person's images, where there is no structure
/// detector: the sample-quality rows in the trained encoder's features (KID and FD both, the
/// primary left out), KID in its untrained twin's (a control), and the anomaly AUROCs.
pub const UPLOAD_STUDY_SECONDARIES: [&str; 11] = [
    "kid",
    "fd",
    "precision",
    "recall",
    "density_gap",
    "coverage",
    "diversity",
    "kid_untrained",
    "auroc",
    "auroc_corruptions",
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
    /// The share of the seeds this copy of the study runs (a study split across browsers or
    /// machines); `None` runs them all. The seeds, arms and metrics stay the whole study's, so
    /// every part's results merge into its one report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<StudyPart>,
}

impl Default for StudySettings {
    /// [`DEFAULT_SEEDS`] seeds, FD primary (the one metric validated on every built-in set; KID
    /// before evaluator version 3, whose secondaries stay, FD left out as the primary, so a file
    /// naming only its primary keeps what it ran with) and ten secondaries (class diversity among
    /// them, so a collapse shows): each can reach p < 0.05 after Holm's correction.
    fn default() -> Self {
        Self {
            seeds: (1..=DEFAULT_SEEDS as u64).collect(),
            arms: Vec::new(),
            primary_metric: "fd".to_string(),
            secondary_metrics: [
                "fd",
                "precision",
                "recall",
                "density_gap",
                "coverage",
                "diversity",
                "structure",
                "structure_unseen",
                "auroc",
                "auroc_corruptions",
                "auroc_nda_unseen",
            ]
            .map(String::from)
            .to_vec(),
            part: None,
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
        if let Some(bad) = names.iter().find(|name| !is_arm_name(name)) {
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
        if let Some(part) = self.part {
            part.validate().map_err(TrainError::Dataset)?;
            if part.count > self.seeds.len() {
                return Err(TrainError::Dataset(format!(
                    "a study of {} seeds splits into at most {} parts, not {}",
                    self.seeds.len(),
                    self.seeds.len(),
                    part.count
                )));
            }
        }
        Ok(())
    }

    /// The seeds this copy of the study runs: its part's, or all of them.
    pub fn part_seeds(&self) -> Vec<u64> {
        self.part.unwrap_or(StudyPart::WHOLE).seeds(&self.seeds)
    }

    /// The whole study this part belongs to (the same settings without the part): what every
    /// part's results must share to be merged.
    pub fn whole(&self) -> Self {
        Self {
            part: None,
            ..self.clone()
        }
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

    /// The study made for a person's images: the built-in sets' default secondary metrics
    /// (which name the structure detector, absent there) become [`UPLOAD_STUDY_SECONDARIES`];
    /// a list someone declared stays as declared.
    pub fn for_uploads(mut self) -> Self {
        if self.secondary_metrics == Self::default().secondary_metrics {
            self.secondary_metrics = UPLOAD_STUDY_SECONDARIES.map(String::from).to_vec();
        }
        self
    }

    /// The secondary metrics the report corrects together: the declared ones, less the primary.
    pub fn num_secondary(&self) -> usize {
        self.secondary_metrics
            .iter()
            .filter(|metric| **metric != self.primary_metric)
            .count()
    }

    /// The smallest p the sign-flip test can give with these seeds (2/2^S when exact).
    pub fn smallest_p(&self) -> f64 {
        smallest_p(self.seeds.len())
    }

    /// The smallest Holm-adjusted p a secondary metric can reach: Holm multiplies the smallest
    /// raw p by the number of secondaries, so the floor is m · 2/2^S (at most 1; 0 secondaries
    /// give the primary's floor).
    pub fn holm_floor(&self) -> f64 {
        (self.smallest_p() * self.num_secondary().max(1) as f64).min(1.0)
    }

    /// Worked out before a study runs: a warning when the primary metric cannot reach
    /// p < 0.05 with these seeds, or when no secondary metric can after Holm's correction, with
    /// the seed count (or the number of secondaries) that can. `None` when both can.
    pub fn significance_warning(&self) -> Option<String> {
        let seeds = self.seeds.len();
        if self.smallest_p() >= SIGNIFICANCE_LEVEL {
            return Some(format!(
                "{seeds} seeds cannot reach p < 0.05 with an exact paired test (the smallest p is \
                 2/2^{seeds} = {:.3}); {} seeds can, {} are the default",
                self.smallest_p(),
                seeds_for_floor(1),
                DEFAULT_SEEDS
            ));
        }
        let secondary = self.num_secondary();
        if self.holm_floor() < SIGNIFICANCE_LEVEL {
            return None;
        }
        let allowed = max_secondaries(seeds);
        Some(format!(
            "no secondary metric can reach p < 0.05: with {seeds} seeds the smallest p is {:.4}, \
             and Holm's correction over {secondary} secondary metrics multiplies it by \
             {secondary} (a floor of {:.3}). Use {} seeds, or at most {allowed} secondary \
             metrics",
            self.smallest_p(),
            self.holm_floor(),
            seeds_for_floor(secondary),
        ))
    }
}

/// Whether `name` can name a study arm (and its folder): 1 to 40 letters, digits, `-` or `_`,
/// and not `baseline`, the folder of every seed's baseline.
pub fn is_arm_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 40
        && name != "baseline"
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The seeds of a default study: enough for the default ten secondary metrics to pass Holm's
/// correction (10 · 2/2^10 = 0.020 < 0.05; 8 seeds give 0.078, which can never pass).
pub const DEFAULT_SEEDS: usize = 10;

/// The smallest p of the sign-flip test with `seeds` pairs: 2/2^S exact (up to
/// [`MAX_EXACT_PAIRS`] seeds), 1/(draws + 1) by Monte Carlo above.
pub fn smallest_p(seeds: usize) -> f64 {
    let method = if seeds <= MAX_EXACT_PAIRS {
        SignFlipMethod::Exact
    } else {
        SignFlipMethod::MonteCarlo {
            draws: MONTE_CARLO_DRAWS,
        }
    };
    method.min_p_value(seeds)
}

/// The fewest seeds with which `num_metrics` Holm-corrected metrics can reach p < 0.05.
pub fn seeds_for_floor(num_metrics: usize) -> usize {
    (2..=MAX_STUDY_SEEDS)
        .find(|&seeds| smallest_p(seeds) * (num_metrics.max(1) as f64) < SIGNIFICANCE_LEVEL)
        .unwrap_or(MAX_STUDY_SEEDS)
}

/// The most Holm-corrected metrics with which `seeds` seeds can reach p < 0.05 (0 if none).
pub fn max_secondaries(seeds: usize) -> usize {
    let floor = smallest_p(seeds);
    // The largest m with m · floor < 0.05.
    let count = (SIGNIFICANCE_LEVEL / floor).ceil() as usize;
    count.saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_every_secondary_can_pass() {
        let settings = StudySettings::default();
        assert!(settings.validate().is_ok());
        assert_eq!(settings.seeds.len(), 10);
        assert_eq!(
            settings.num_secondary(),
            10,
            "FD, the primary, is not also a secondary"
        );
        assert!((settings.holm_floor() - 10.0 * 2.0 / 1024.0).abs() < 1e-12);
        assert!(settings.significance_warning().is_none());
    }

    #[test]
    fn eight_seeds_and_ten_secondaries_are_warned_about_with_what_would_pass() {
        let eight = StudySettings {
            seeds: (1..=8).collect(),
            ..StudySettings::default()
        };
        // 10 · 2/2^8 = 0.078: above 0.05, so no secondary can ever pass.
        assert!((eight.holm_floor() - 0.078125).abs() < 1e-12);
        let warning = eight.significance_warning().expect("a warning");
        assert!(warning.contains("a floor of 0.078"), "{warning}");
        assert!(
            warning.contains("Use 9 seeds, or at most 6 secondary"),
            "{warning}"
        );
        let six = StudySettings {
            secondary_metrics: eight.secondary_metrics[..6].to_vec(),
            ..eight.clone()
        };
        // The first six name FD, the primary: five secondaries, 5 · 2/256 = 0.039.
        assert!(six.significance_warning().is_none());
        assert_eq!((seeds_for_floor(1), seeds_for_floor(10)), (6, 9));
        assert_eq!((max_secondaries(5), max_secondaries(6)), (0, 1));
        assert!(smallest_p(30) < 1e-4, "Monte Carlo above 20 seeds");
    }

    #[test]
    fn five_seeds_are_warned_about_and_bad_settings_refused() {
        let five = StudySettings {
            seeds: vec![1, 2, 3, 4, 5],
            ..StudySettings::default()
        };
        let warning = five.significance_warning().expect("a warning");
        assert!(warning.contains("2/2^5 = 0.062"), "{warning}");
        assert!(
            warning.contains("6 seeds can, 10 are the default"),
            "{warning}"
        );
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
            temporal_negatives: Vec::new(),
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
