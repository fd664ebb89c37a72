//! The plan of a study before it runs: the experiment it will run (the page's GAN, contrastive or video
//! settings, seeds 1 to S, the declared primary metric, evaluation at the end of every run), one
//! sentence on what runs, the warnings (too few seeds, a primary metric the validation failed),
//! and the time the training needs on this device where the device's speed is known.

pub use super::plan_text::CONTROL_ARM;
use super::plan_text::describe;
use super::state::StudyState;
use crate::experiment::video::study::VIDEO_STUDY_METRICS;
use crate::experiment::{DEFAULT_ARM, DatasetChoice, ExperimentConfig, Task};
use crate::train::cost::{contrastive_seconds, gan_seconds};
use crate::train::study::settings::CONTRASTIVE_STUDY_METRICS;
use crate::train::study::{StudyArm, StudySettings};
use crate::train::video::video_seconds;
use crate::ui::device_speed::{DeviceRate, duration};

/// What a study will run, for the plan shown before it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct StudyPlan {
    /// The experiment to run.
    pub config: ExperimentConfig,
    /// One sentence on what runs.
    pub description: String,
    /// Said when the seeds cannot reach p < 0.05, or the primary metric failed the validation on
    /// the set.
    pub warning: Option<String>,
}

impl StudyState {
    /// The study the page runs next: the opened link's or file's, else the form's (seeds 1 to
    /// [`Self::seeds`], the page's NDA settings of [`Self::task`] as the one arm, the GAN's
    /// control arm when asked for, the task's metrics).
    pub fn settings(&self, page: &ExperimentConfig) -> StudySettings {
        if let Some(opened) = &self.opened {
            return opened.clone();
        }
        let mut study = StudySettings {
            seeds: (1..=self.seeds as u64).collect(),
            primary_metric: self.primary.clone(),
            ..StudySettings::default()
        };
        if self.control_arm && self.task == Task::Gan {
            // Separates NDA's effect from the smaller weight α on generated images: the control
            // keeps α and drops the NDA term.
            let arm = |name: &str, beta: f64| StudyArm {
                name: name.into(),
                negatives: page.gan.config.negatives.clone(),
                alpha: page.gan.config.alpha,
                beta,
                nda_views: None,
                temporal_negatives: Vec::new(),
            };
            study.arms = vec![
                arm(DEFAULT_ARM, page.gan.config.beta),
                arm(CONTROL_ARM, 0.0),
            ];
        }
        if self.task == Task::Gan && matches!(page.dataset, DatasetChoice::Uploaded { .. }) {
            study = study.for_uploads();
        }
        let own_metrics: &[&str] = match self.task {
            Task::Gan => &[],
            Task::Contrastive => &CONTRASTIVE_STUDY_METRICS,
            Task::Video => &VIDEO_STUDY_METRICS,
        };
        if !own_metrics.is_empty() {
            study.secondary_metrics = own_metrics
                .iter()
                .filter(|metric| **metric != self.primary)
                .map(|metric| metric.to_string())
                .collect();
        }
        study
    }

    /// The study section of a link or file made now: `None` while the form is untouched (a
    /// link without a study keeps its old length), else the task and the study.
    pub fn link_settings(&self, page: &ExperimentConfig) -> Option<(Task, StudySettings)> {
        let study = self.settings(page);
        (study != StudySettings::default() || self.task != Task::Gan).then_some((self.task, study))
    }

    /// Takes the study of an opened link or file `config` (the form's defaults when it has
    /// none); one the form cannot express is kept whole in [`Self::opened`].
    pub fn adopt(&mut self, config: &ExperimentConfig) {
        let study = &config.study;
        *self = Self {
            study: self.study.take(),
            running: self.running,
            progress: self.progress.take(),
            error: self.error.take(),
            ..Self::default()
        };
        if *study == StudySettings::default() {
            return;
        }
        self.task = config.task;
        self.seeds = study.seeds.len();
        self.primary.clone_from(&study.primary_metric);
        self.control_arm = study.arms.len() == 2 && study.arms[1].name == CONTROL_ARM;
        let expressible = StudyState {
            opened: None,
            ..self.clone()
        };
        if expressible.settings(config) != *study {
            self.opened = Some(study.clone());
        }
    }

    /// The study of the page's experiment `page` ([`Self::settings`]), evaluated at the end of
    /// every run.
    pub fn plan(&self, page: &ExperimentConfig) -> Result<StudyPlan, String> {
        if !matches!(page.dataset, DatasetChoice::Builtin(_)) && self.task == Task::Contrastive {
            return Err(
                "a contrastive study needs a built-in dataset for now (its anomaly sets are the \
                 other built-in sets); a GAN study runs on your images"
                    .into(),
            );
        }
        let mut config = page.clone();
        config.task = self.task;
        config.study = self.settings(page);
        config.evaluation.enabled = true;
        config.evaluation.at_fractions = vec![1.0];
        config.validate().map_err(|error| error.to_string())?;
        if self.task == Task::Contrastive {
            config
                .study
                .validate_contrastive()
                .map_err(|error| error.to_string())?;
        }
        if self.task == Task::Video {
            if config.video.own_clips.is_some() {
                return Err(
                    "a video study in the page runs on Moving Shapes for now: choose \
                            them in the Video panel's clips"
                        .into(),
                );
            }
            let study = config.video_study();
            study.validate().map_err(|error| error.to_string())?;
        }
        Ok(StudyPlan {
            warning: Some(config.study_warnings().join("; ")).filter(|text| !text.is_empty()),
            description: describe(&config),
            config,
        })
    }
}

/// What the banner of an opened link or file says of its study, if it has one.
pub fn opened_study_note(config: &ExperimentConfig) -> String {
    let study = &config.study;
    if *study == StudySettings::default() {
        return String::new();
    }
    format!(
        " It holds a study of {} seeds, primary metric {}: see Experiments.",
        study.seeds.len(),
        study.primary_metric
    )
}

/// The time `plan` needs on this device before it runs: the training of every pair at `rate`,
/// or how the time will be found out.
pub fn plan_time(plan: &StudyPlan, rate: Option<DeviceRate>) -> String {
    let Some(DeviceRate { rate, source }) = rate else {
        return "Time on this device: not measured yet. \"Measure this device\" in the GAN or \
                Contrastive panel says it before the study runs; else the first pair measures it."
            .to_string();
    };
    let mut seeds_trained = Vec::new();
    let seconds: f64 = plan
        .config
        .study_units()
        .iter()
        .map(|unit| match unit.config.task {
            Task::Gan => {
                // A seed's baseline trains with its first arm only (the worker shares it).
                let experiment = unit.config.gan_experiment();
                let nda = experiment.nda_config();
                let mut runs = vec![nda.clone()];
                if !seeds_trained.contains(&unit.seed) {
                    seeds_trained.push(unit.seed);
                    runs.push(nda.baseline());
                }
                gan_seconds(&runs, experiment.iterations, rate)
            }
            Task::Contrastive => {
                let experiment = unit.config.contrastive_experiment();
                let nda = experiment.config;
                let pair = [nda.clone(), nda.baseline()];
                contrastive_seconds(&pair, experiment.steps, rate)
            }
            Task::Video => {
                let nda = unit.config.video.config.clone();
                let pair = [nda.clone(), nda.baseline()];
                video_seconds(&pair, unit.config.video.steps, rate)
            }
        })
        .sum();
    let from = source.words();
    format!(
        "About {} of training on this device ({from}), plus each pair's evaluation; once a pair \
         is done, the pace of the finished pairs replaces this estimate.",
        duration(seconds)
    )
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
