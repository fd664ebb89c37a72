//! The runs of a study: for each arm and seed, the experiment with that seed, that arm's
//! negatives and α, β (a GAN) or `m` (a contrastive or clip encoder), its baseline alongside, and
//! evaluation on. Every run is an ordinary
//! experiment, so each can be opened, continued or re-run on its own.

use super::config::{DatasetChoice, ExperimentConfig, Task};
use crate::train::evaluation::validated::unvalidated_primary_warning;
use crate::train::study::StudyArm;

/// The name of the one arm of a study that lists none: the experiment's own NDA settings.
pub const DEFAULT_ARM: &str = "nda";

/// One paired NDA/baseline run of a study.
#[derive(Debug, Clone, PartialEq)]
pub struct StudyUnit {
    /// The arm's name (its folder).
    pub arm: String,
    /// The run seed.
    pub seed: u64,
    /// The experiment of this pair.
    pub config: ExperimentConfig,
}

impl ExperimentConfig {
    /// This experiment with `arm`'s NDA: its negatives and α, β (a GAN), `m` (a contrastive or
    /// clip encoder) and negatives in time (video; none listed keeps the experiment's). The one
    /// place a study arm becomes settings, for the page's pairs and both CLIs' studies.
    pub fn with_arm(&self, arm: &StudyArm) -> Self {
        let mut config = self.clone();
        match self.task {
            Task::Gan => {
                config.gan.config.negatives = arm.negatives.clone();
                config.gan.config.alpha = arm.alpha;
                config.gan.config.beta = arm.beta;
            }
            Task::Contrastive => {
                let contrastive = &mut config.contrastive.config;
                contrastive.negatives = arm.negatives.clone();
                contrastive.nda_views = arm.nda_views.unwrap_or(contrastive.nda_views);
            }
            Task::Video => {
                let video = &mut config.video.config;
                if !arm.temporal_negatives.is_empty() {
                    video.negatives = arm.temporal_negatives.clone();
                }
                video.nda_views = arm.nda_views.unwrap_or(video.nda_views);
            }
        }
        config
    }

    /// What the plan says before the study runs, and its report repeats: seeds or secondaries
    /// that cannot reach p < 0.05, and a GAN study's primary metric that failed the metric
    /// validation on its built-in set.
    pub fn study_warnings(&self) -> Vec<String> {
        let validation = match (&self.task, &self.dataset) {
            (Task::Gan, DatasetChoice::Builtin(spec)) => {
                unvalidated_primary_warning(spec.dataset, &self.study.primary_metric)
            }
            _ => None,
        };
        self.study
            .significance_warning()
            .into_iter()
            .chain(validation)
            .collect()
    }

    /// The study's pairs, arm by arm and seed by seed: of its part's seeds only, where the study
    /// is one part of a split (`study.part`).
    pub fn study_units(&self) -> Vec<StudyUnit> {
        let arms: Vec<(String, ExperimentConfig)> = if self.study.arms.is_empty() {
            vec![(DEFAULT_ARM.to_string(), self.clone())]
        } else {
            self.study
                .arms
                .iter()
                .map(|arm| {
                    let config = self.with_arm(arm);
                    (arm.name.clone(), config)
                })
                .collect()
        };
        let mut units = Vec::new();
        for (arm, config) in arms {
            for &seed in &self.study.part_seeds() {
                let mut config = config.clone();
                config.gan.config.seed = seed;
                config.contrastive.config.seed = seed;
                config.video.config.seed = seed;
                config.gan.compare_with_baseline = true;
                config.contrastive.compare_with_baseline = true;
                config.video.compare_with_baseline = true;
                config.evaluation.enabled = true;
                // The end of the budget answers the study's question; earlier fractions the
                // config asks for are evaluated too and reported as descriptive.
                if !config.evaluation.at_fractions.contains(&1.0) {
                    config.evaluation.at_fractions.push(1.0);
                }
                units.push(StudyUnit {
                    arm: arm.clone(),
                    seed,
                    config,
                });
            }
        }
        units
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::augment::NegativeAugmentation;
    use crate::train::study::StudyArm;

    #[test]
    fn every_arm_runs_every_seed_with_its_baseline_and_evaluation() {
        let mut config = ExperimentConfig::default();
        config.study.seeds = vec![3, 5];
        assert_eq!(config.study_units().len(), 2);
        config.study.arms = vec![
            StudyArm {
                name: "jigsaw".into(),
                negatives: vec![(NegativeAugmentation::default(), 1.0)],
                alpha: 0.25,
                beta: 0.75,
                nda_views: None,
                temporal_negatives: Vec::new(),
            },
            StudyArm {
                name: "control".into(),
                negatives: vec![(NegativeAugmentation::default(), 1.0)],
                alpha: 0.5,
                beta: 0.5,
                nda_views: None,
                temporal_negatives: Vec::new(),
            },
        ];
        let units = config.study_units();
        let keys: Vec<(&str, u64)> = units.iter().map(|u| (u.arm.as_str(), u.seed)).collect();
        assert_eq!(
            keys,
            vec![("jigsaw", 3), ("jigsaw", 5), ("control", 3), ("control", 5)]
        );
        assert!(
            units
                .iter()
                .all(|u| u.config.gan.compare_with_baseline && u.config.evaluation.enabled)
        );
        assert_eq!(
            (
                units[3].config.gan.config.seed,
                units[3].config.gan.config.alpha
            ),
            (5, 0.5)
        );
        assert!(units[0].config.validate().is_ok());
    }

    #[test]
    fn a_contrastive_study_sets_the_encoder_s_seed_negatives_and_m() {
        let mut config = ExperimentConfig {
            task: Task::Contrastive,
            ..ExperimentConfig::default()
        };
        config.study.seeds = vec![4, 9];
        config.study.arms = vec![StudyArm {
            name: "m4".into(),
            negatives: vec![(NegativeAugmentation::default(), 1.0)],
            alpha: 0.25,
            beta: 0.75,
            nda_views: Some(4),
            temporal_negatives: Vec::new(),
        }];
        let units = config.study_units();
        let contrastive = &units[1].config.contrastive;
        assert_eq!(
            (contrastive.config.seed, contrastive.config.nda_views),
            (9, 4)
        );
        assert!(contrastive.compare_with_baseline && units[1].config.evaluation.enabled);
        assert_eq!(
            units[1].config.evaluation.at_fractions,
            [0.25, 0.5, 1.0],
            "the config's fractions, the end of the budget among them"
        );
    }

    #[test]
    fn the_end_of_the_budget_is_always_evaluated() {
        let mut config = ExperimentConfig::default();
        config.study.seeds = vec![1];
        config.evaluation.at_fractions = vec![0.5];
        assert_eq!(
            config.study_units()[0].config.evaluation.at_fractions,
            [0.5, 1.0]
        );
    }
}
