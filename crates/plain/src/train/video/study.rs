//! A paired multi-seed study of the video task: for every seed a baseline (`m = 0`) and one run
//! per NDA arm, all with that seed's initial weights and clip order, each measured once at the
//! end; the primary metric is declared in the file before anything runs. The statistics, the
//! table, `study.csv` and the forest plot are the image studies' ([`crate::train::study`]); the
//! significance check is theirs too ([`StudySettings::significance_warning`]).

use serde::{Deserialize, Serialize};

use crate::augment::video::TemporalNegative;
use crate::train::TrainError;
use crate::train::study::StudySettings;
use crate::train::study::settings::is_arm_name;
use crate::train::video::config::VideoConfig;
use crate::train::video::experiment::VideoExperiment;
use crate::train::video::metrics::VideoEvaluation;

/// One NDA variant, compared with the baseline of the same seeds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VideoArm {
    /// A short name, also the arm's folder: letters, digits, `-` and `_`.
    pub name: String,
    /// Negatives in time and their weights.
    pub negatives: Vec<(TemporalNegative, f64)>,
    /// NDA clips per clip.
    pub nda_views: usize,
}

/// A video study: the experiment, its seeds and arms, and the metrics named before it runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VideoStudy {
    /// The clips, the settings every run shares and the budget (`steps`; its
    /// `compare_with_baseline` and `evaluate_every` are not used: every seed has a baseline and
    /// is measured once, at the end).
    pub experiment: VideoExperiment,
    /// Run seeds.
    pub seeds: Vec<u64>,
    /// The NDA arms.
    pub arms: Vec<VideoArm>,
    /// The metric the study is about, a column of `evaluation.csv`.
    pub primary_metric: String,
    /// Further metrics, Holm-corrected together.
    pub secondary_metrics: Vec<String>,
}

/// One run of a study: its seed, its arm (`"baseline"` for the seed's baseline) and settings.
#[derive(Debug, Clone, PartialEq)]
pub struct VideoStudyRun {
    /// The run seed.
    pub seed: u64,
    /// The arm's name.
    pub arm: String,
    /// The run's settings.
    pub config: VideoConfig,
}

impl VideoStudy {
    /// The seeds and metrics as the image studies' settings (for their checks and warnings).
    pub fn settings(&self) -> StudySettings {
        StudySettings {
            seeds: self.seeds.clone(),
            arms: Vec::new(),
            primary_metric: self.primary_metric.clone(),
            secondary_metrics: self.secondary_metrics.clone(),
            part: None,
        }
    }

    /// Checks the experiment, seeds, arm names and metric names.
    pub fn validate(&self) -> Result<(), TrainError> {
        self.experiment.validate()?;
        self.settings().validate()?;
        if self.arms.is_empty() {
            return Err(TrainError::Dataset(
                "a video study needs at least one NDA arm".to_string(),
            ));
        }
        let mut names: Vec<&str> = Vec::new();
        for arm in &self.arms {
            if !is_arm_name(&arm.name) || names.contains(&arm.name.as_str()) {
                return Err(TrainError::Dataset(format!(
                    "study arm \"{}\": a name is 1 to 40 letters, digits, - or _, not \
                     \"baseline\", and used once",
                    arm.name
                )));
            }
            names.push(&arm.name);
            self.arm_config(arm, 0).validate()?;
            if arm.nda_views == 0 {
                return Err(TrainError::out_of_range(
                    "an arm's NDA clips per clip",
                    0,
                    "at least 1 (the baseline is every seed's already)",
                ));
            }
        }
        let header = VideoEvaluation::csv_header();
        let known: Vec<&str> = header.split(',').skip(1).collect();
        let named = std::iter::once(&self.primary_metric).chain(&self.secondary_metrics);
        if let Some(unknown) = named.into_iter().find(|m| !known.contains(&m.as_str())) {
            return Err(TrainError::Dataset(format!(
                "a video study measures {}, not \"{unknown}\"",
                known.join(", ")
            )));
        }
        Ok(())
    }

    /// Every run, seed by seed: the seed's baseline first, then each arm.
    pub fn runs(&self) -> Vec<VideoStudyRun> {
        let mut runs = Vec::new();
        for &seed in &self.seeds {
            let baseline = VideoConfig {
                seed,
                ..self.experiment.config.clone().baseline()
            };
            runs.push(VideoStudyRun {
                seed,
                arm: "baseline".to_string(),
                config: baseline,
            });
            for arm in &self.arms {
                runs.push(VideoStudyRun {
                    seed,
                    arm: arm.name.clone(),
                    config: self.arm_config(arm, seed),
                });
            }
        }
        runs
    }

    fn arm_config(&self, arm: &VideoArm, seed: u64) -> VideoConfig {
        VideoConfig {
            negatives: arm.negatives.clone(),
            nda_views: arm.nda_views,
            seed,
            ..self.experiment.config.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn study() -> VideoStudy {
        VideoStudy {
            experiment: VideoExperiment::default(),
            seeds: (1..=8).collect(),
            arms: vec![
                VideoArm {
                    name: "shuffle".into(),
                    negatives: vec![(TemporalNegative::FrameShuffle, 1.0)],
                    nda_views: 1,
                },
                VideoArm {
                    name: "reverse-control".into(),
                    negatives: vec![(TemporalNegative::Reverse, 1.0)],
                    nda_views: 1,
                },
            ],
            primary_metric: "motion_knn".into(),
            secondary_metrics: vec![
                "motion_linear_probe".into(),
                "appearance_knn".into(),
                "auroc_frame_shuffle".into(),
                "auroc_frozen".into(),
                "auroc_reverse".into(),
            ],
        }
    }

    #[test]
    fn every_seed_has_its_baseline_then_its_arms_with_that_seed() {
        let study = study();
        assert!(study.validate().is_ok());
        assert_eq!(study.settings().significance_warning(), None);
        let runs = study.runs();
        assert_eq!(runs.len(), 24);
        assert_eq!(
            (runs[3].seed, runs[3].arm.as_str(), runs[3].config.nda_views),
            (2, "baseline", 0)
        );
        assert_eq!(runs[5].config.negatives[0].0, TemporalNegative::Reverse);
        assert_eq!(runs[5].config.seed, 2);
    }

    #[test]
    fn unknown_metrics_bad_arms_and_too_few_seeds_are_refused() {
        let mut unknown = study();
        unknown.primary_metric = "kid".into();
        assert!(
            unknown
                .validate()
                .expect_err("kid")
                .to_string()
                .contains("\"kid\"")
        );
        let mut twice = study();
        twice.arms[1].name = "shuffle".into();
        assert!(twice.validate().is_err());
        let mut empty = study();
        empty.arms[0].nda_views = 0;
        assert!(empty.validate().is_err());
        let mut few = study();
        few.seeds = vec![1, 2, 3, 4];
        assert!(few.settings().significance_warning().is_some());
    }
}
