//! A study in the one experiment file with `"task": "Video"`: its `video` section is the
//! experiment, its `study` section the seeds, arms and metrics. It becomes the [`VideoStudy`]
//! that `nda-lab video-study` runs, so both files give the same runs and the same report.

use crate::experiment::{DEFAULT_ARM, ExperimentConfig, Task};
use crate::train::study::StudySettings;
use crate::train::video::{VideoArm, VideoStudy};

/// The primary metric of a video study whose file names the image studies' default.
pub const VIDEO_PRIMARY_METRIC: &str = "motion_knn";
/// Every metric a video study measures, as `evaluation.csv` names them (the page's study lists
/// its secondaries from here).
pub const VIDEO_STUDY_METRICS: [&str; 7] = [
    "motion_knn",
    "motion_linear_probe",
    "appearance_knn",
    "appearance_linear_probe",
    "auroc_frame_shuffle",
    "auroc_frozen",
    "auroc_reverse",
];
/// Its secondary metrics then: the probe, the appearance-only control and the three AUROCs.
pub const VIDEO_SECONDARY_METRICS: [&str; 5] = [
    "motion_linear_probe",
    "appearance_knn",
    "auroc_frame_shuffle",
    "auroc_frozen",
    "auroc_reverse",
];

impl ExperimentConfig {
    /// The video study of this experiment. An arm's `temporal_negatives` and `nda_views` set its
    /// NDA as [`ExperimentConfig::with_arm`] reads them (each empty or absent keeps the `video`
    /// section's); no arms means one, `nda`, with the section's own. A study section that keeps the image studies' default metrics (KID first,
    /// which a clip encoder does not have) measures [`VIDEO_PRIMARY_METRIC`] first instead.
    pub fn video_study(&self) -> VideoStudy {
        let own = &self.video.config;
        // Read as a video experiment whatever panel the file was written on.
        let as_video = ExperimentConfig {
            task: Task::Video,
            ..self.clone()
        };
        let arms = if self.study.arms.is_empty() {
            vec![VideoArm {
                name: DEFAULT_ARM.to_string(),
                negatives: own.negatives.clone(),
                nda_views: own.nda_views,
            }]
        } else {
            self.study
                .arms
                .iter()
                .map(|arm| {
                    let config = as_video.with_arm(arm).video.config;
                    VideoArm {
                        name: arm.name.clone(),
                        negatives: config.negatives,
                        nda_views: config.nda_views,
                    }
                })
                .collect()
        };
        let image_defaults = StudySettings::default();
        let (primary_metric, secondary_metrics) = if self.study.primary_metric
            == image_defaults.primary_metric
            && self.study.secondary_metrics == image_defaults.secondary_metrics
        {
            (
                VIDEO_PRIMARY_METRIC.to_string(),
                VIDEO_SECONDARY_METRICS.map(String::from).to_vec(),
            )
        } else {
            (
                self.study.primary_metric.clone(),
                self.study.secondary_metrics.clone(),
            )
        };
        VideoStudy {
            experiment: self.video.clone(),
            // A part of a split study runs its part's seeds.
            seeds: self.study.part_seeds(),
            arms,
            primary_metric,
            secondary_metrics,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::augment::video::TemporalNegative;
    use crate::experiment::{Task, parse_config};

    #[test]
    fn a_video_experiment_file_is_the_video_study_file_it_stands_for() {
        let config = parse_config(
            r#"{"version": 2, "task": "Video",
                "video": {"steps": 40, "config": {"negatives": [["Frozen", 1.0]], "nda_views": 2}},
                "study": {"seeds": [1, 2, 3, 4, 5, 6],
                          "arms": [{"name": "shuffle", "negatives": [], "alpha": 1, "beta": 0,
                                    "temporal_negatives": [["FrameShuffle", 1.0]]},
                                   {"name": "own", "negatives": [], "alpha": 1, "beta": 0,
                                    "nda_views": 1}]}}"#,
        )
        .expect("parses");
        assert_eq!(config.task, Task::Video);
        let study = config.video_study();
        assert!(study.validate().is_ok(), "{:?}", study.validate());
        assert_eq!(study.experiment.steps, 40);
        assert_eq!(study.primary_metric, VIDEO_PRIMARY_METRIC);
        assert_eq!(
            study.arms[0].negatives,
            vec![(TemporalNegative::FrameShuffle, 1.0)]
        );
        assert_eq!(study.arms[0].nda_views, 2, "m is the video section's");
        assert_eq!(
            (&study.arms[1].negatives[0].0, study.arms[1].nda_views),
            (&TemporalNegative::Frozen, 1)
        );
        assert_eq!(study.runs().len(), 18, "a baseline and two arms per seed");
    }

    #[test]
    fn the_study_metrics_are_the_evaluation_columns() {
        let header = crate::train::video::VideoEvaluation::csv_header();
        let columns: Vec<&str> = header.split(',').skip(1).collect();
        assert_eq!(columns, VIDEO_STUDY_METRICS);
    }

    #[test]
    fn no_arms_is_the_sections_own_nda_and_declared_metrics_stay() {
        let mut config = ExperimentConfig {
            task: Task::Video,
            ..ExperimentConfig::default()
        };
        config.study.primary_metric = "motion_linear_probe".into();
        config.study.secondary_metrics = vec!["appearance_knn".into()];
        let study = config.video_study();
        assert_eq!(study.arms.len(), 1);
        assert_eq!(study.arms[0].name, DEFAULT_ARM);
        assert_eq!(study.arms[0].negatives, config.video.config.negatives);
        assert_eq!(study.primary_metric, "motion_linear_probe");
        assert_eq!(study.secondary_metrics, vec!["appearance_knn".to_string()]);
        assert!(study.validate().is_ok());
    }
}
