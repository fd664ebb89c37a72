//! The plan of a study before it runs: the experiment it will run (the page's GAN or contrastive
//! settings, seeds 1 to S, the declared primary metric, evaluation at the end of every run), one
//! sentence on what runs, the warning for too few seeds, and the time the training needs on this
//! device where the device's speed is known.

use super::state::StudyState;
use crate::experiment::{DEFAULT_ARM, DatasetChoice, ExperimentConfig, Task};
use crate::train::cost::gan_seconds;
use crate::train::study::StudyArm;
use crate::train::study::settings::CONTRASTIVE_STUDY_METRICS;
use crate::ui::device_speed::{DeviceRate, SpeedSource, duration};

/// The name of the control arm.
pub const CONTROL_ARM: &str = "alpha-only";

/// Primary metrics a GAN study in the page can declare.
const GAN_PRIMARY_METRICS: [&str; 5] = ["kid", "fd", "coverage", "structure", "auroc"];

/// Primary metrics a contrastive study in the page can declare (its encoders make no samples).
const CONTRASTIVE_PRIMARY_METRICS: [&str; 3] = ["knn_accuracy", "linear_accuracy", "auroc"];

/// The primary metrics a study of `task` can declare, the default first.
pub fn primary_metrics(task: Task) -> &'static [&'static str] {
    match task {
        Task::Gan => &GAN_PRIMARY_METRICS,
        Task::Contrastive => &CONTRASTIVE_PRIMARY_METRICS,
    }
}

/// What a study will run, for the plan shown before it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct StudyPlan {
    /// The experiment to run.
    pub config: ExperimentConfig,
    /// One sentence on what runs.
    pub description: String,
    /// Said when the seeds cannot reach p < 0.05.
    pub warning: Option<String>,
}

impl StudyState {
    /// The study of the page's experiment `page`: seeds 1 to [`Self::seeds`], the page's NDA
    /// settings of [`Self::task`] as the one arm (and the GAN's control arm when asked for),
    /// evaluation at the end of every run.
    pub fn plan(&self, page: &ExperimentConfig) -> Result<StudyPlan, String> {
        if !matches!(page.dataset, DatasetChoice::Builtin(_)) {
            return Err(
                "a study needs a built-in dataset for now: uploaded images have no \
                        evaluators yet"
                    .into(),
            );
        }
        let mut config = page.clone();
        config.task = self.task;
        config.study.seeds = (1..=self.seeds as u64).collect();
        config.study.arms.clear();
        let control = self.control_arm && self.task == Task::Gan;
        if control {
            // Separates NDA's effect from the smaller weight α on generated images: the control
            // keeps α and drops the NDA term.
            let arm = |name: &str, beta: f64| StudyArm {
                name: name.into(),
                negatives: page.gan.negatives.clone(),
                alpha: page.gan.alpha,
                beta,
                nda_views: None,
            };
            config.study.arms = vec![arm(DEFAULT_ARM, page.gan.beta), arm(CONTROL_ARM, 0.0)];
        }
        config.study.primary_metric.clone_from(&self.primary);
        if self.task == Task::Contrastive {
            config.study.secondary_metrics = CONTRASTIVE_STUDY_METRICS
                .iter()
                .filter(|metric| **metric != self.primary)
                .map(|metric| metric.to_string())
                .collect();
        }
        config.evaluation.enabled = true;
        config.evaluation.at_fractions = vec![1.0];
        config.validate().map_err(|error| error.to_string())?;
        if self.task == Task::Contrastive {
            config
                .study
                .validate_contrastive()
                .map_err(|error| error.to_string())?;
        }
        let description = self.describe(&config, control);
        Ok(StudyPlan {
            warning: config.study.seed_warning(),
            config,
            description,
        })
    }

    fn describe(&self, config: &ExperimentConfig, control: bool) -> String {
        let dataset = match &config.dataset {
            DatasetChoice::Builtin(spec) => format!("{} ({} px)", spec.dataset.label(), spec.size),
            DatasetChoice::Uploaded { .. } => "uploads".into(),
        };
        let pairs = config.study_units().len();
        let (arms, runs, measured) = match self.task {
            Task::Gan if control => (
                format!(
                    "2 arms (this page's NDA settings: α {}, β {}; and the control \
                     \"{CONTROL_ARM}\": α {}, β 0)",
                    config.gan.alpha, config.gan.beta, config.gan.alpha
                ),
                format!("{} runs of {} iterations", 2 * pairs, config.iterations),
                format!("{} samples", config.evaluation.num_samples),
            ),
            Task::Gan => (
                format!(
                    "1 arm (this page's NDA settings: α {}, β {})",
                    config.gan.alpha, config.gan.beta
                ),
                format!("{} runs of {} iterations", 2 * pairs, config.iterations),
                format!("{} samples", config.evaluation.num_samples),
            ),
            Task::Contrastive => (
                format!(
                    "1 arm (this page's contrastive NDA settings: m {})",
                    config.contrastive.config.nda_views
                ),
                format!(
                    "{} encoders trained {} steps",
                    2 * pairs,
                    config.contrastive.steps
                ),
                "k-NN and linear-probe accuracy".to_string(),
            ),
        };
        format!(
            "{seeds} seeds (1–{seeds}) × {arms}: {pairs} NDA/baseline pairs, {runs} on {dataset}, \
             each evaluated at its end ({measured}, {} images per anomaly set). Primary metric: \
             {}, declared before it runs; the others are secondary and Holm-corrected.",
            config.evaluation.anomaly_images,
            self.primary,
            seeds = self.seeds,
        )
    }
}

/// The time `plan` needs on this device before it runs: the training of every GAN pair at
/// `rate`, or how the time will be found out.
pub fn plan_time(plan: &StudyPlan, rate: Option<DeviceRate>) -> String {
    if plan.config.task == Task::Contrastive {
        return "Time on this device: measured by the first pair; the estimate for the rest \
                follows."
            .to_string();
    }
    let Some(DeviceRate { rate, source }) = rate else {
        return "Time on this device: not measured yet. \"Measure this device\" in the GAN panel \
                says it before the study runs; else the first pair measures it."
            .to_string();
    };
    let seconds: f64 = plan
        .config
        .study_units()
        .iter()
        .map(|unit| {
            let experiment = unit.config.gan_experiment();
            let nda = experiment.nda_config();
            let pair = [nda.clone(), nda.baseline()];
            gan_seconds(&pair, experiment.iterations, rate)
        })
        .sum();
    let from = match source {
        SpeedSource::Calibration => "measured by a short calibration",
        SpeedSource::Run => "from the pace of the GAN run in this page",
    };
    format!(
        "About {} of training on this device ({from}), plus each pair's evaluation; once a pair \
         is done, the pace of the finished pairs replaces this estimate.",
        duration(seconds)
    )
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
