//! The plan's sentence on what a study runs: its seeds, arms, pairs, budget, data, what each pair
//! is measured by, and the declared primary metric.

use crate::experiment::{DEFAULT_ARM, DatasetChoice, ExperimentConfig, Task};

/// The name of the control arm.
pub const CONTROL_ARM: &str = "alpha-only";

/// One sentence on what the study of `config` runs.
pub(super) fn describe(config: &ExperimentConfig) -> String {
    let study = &config.study;
    let dataset = match &config.dataset {
        _ if config.task == Task::Video => format!(
            "Moving Shapes ({} clips of {} frames)",
            config.video.clips.count, config.video.clips.frames
        ),
        DatasetChoice::Builtin(spec) => format!("{} ({} px)", spec.dataset.label(), spec.size),
        DatasetChoice::Uploaded { .. } => "uploads".into(),
    };
    let count = study.seeds.len();
    let seeds = if study.seeds == (1..=count as u64).collect::<Vec<_>>() {
        format!("{count} seeds (1–{count})")
    } else {
        let list: Vec<String> = study.seeds.iter().map(u64::to_string).collect();
        format!("{count} seeds ({})", list.join(", "))
    };
    let pairs = config.study_units().len();
    let (runs, measured) = match config.task {
        Task::Gan => (
            gan_runs(config),
            format!("{} samples", config.evaluation.num_samples),
        ),
        Task::Contrastive => (
            format!(
                "{} encoders trained {} steps",
                2 * pairs,
                config.contrastive.steps
            ),
            "k-NN and linear-probe accuracy".to_string(),
        ),
        Task::Video => (
            format!(
                "{} clip encoders trained {} steps",
                2 * pairs,
                config.video.steps
            ),
            "motion k-NN and linear-probe accuracy, the one-frame control and the AUROCs of \
             broken clips"
                .to_string(),
        ),
    };
    let anomaly = if config.task == Task::Video {
        String::new()
    } else {
        format!(
            ", {} images per anomaly set",
            config.evaluation.anomaly_images
        )
    };
    let part = study.part.map_or(String::new(), |part| {
        let list: Vec<String> = study.part_seeds().iter().map(u64::to_string).collect();
        format!(
            "Part {} of {} of a study split across browsers: this page runs seeds {}; merge \
             every part's results file into one report. ",
            part.index,
            part.count,
            list.join(", ")
        )
    });
    format!(
        "{part}{seeds} × {}: {pairs} NDA/baseline pairs, {runs} on {dataset}, each evaluated at \
         its end ({measured}{anomaly}). Primary metric: {}, declared before it runs; the others \
         are secondary and Holm-corrected.",
        describe_arms(config),
        study.primary_metric,
    )
}

/// The GAN runs a study trains: one NDA run per pair and one baseline per seed, which the
/// worker shares among the seed's arms.
fn gan_runs(config: &ExperimentConfig) -> String {
    let (pairs, seeds) = (config.study_units().len(), config.study.part_seeds().len());
    let shared = if seeds < pairs {
        " (each seed's baseline shared by its arms)"
    } else {
        ""
    };
    format!(
        "{} runs of {} iterations{shared}",
        pairs + seeds,
        config.gan.iterations
    )
}

/// The arms: the page's NDA settings, or each named arm with its weights.
fn describe_arms(config: &ExperimentConfig) -> String {
    let arms = &config.study.arms;
    if arms.is_empty() {
        return match config.task {
            Task::Gan => format!(
                "1 arm (this page's NDA settings: α {}, β {})",
                config.gan.config.alpha, config.gan.config.beta
            ),
            Task::Contrastive => format!(
                "1 arm (this page's contrastive NDA settings: m {})",
                config.contrastive.config.nda_views
            ),
            Task::Video => format!(
                "1 arm (the Video panel's NDA settings: m {})",
                config.video.config.nda_views
            ),
        };
    }
    let named: Vec<String> = arms
        .iter()
        .map(|arm| match config.task {
            Task::Gan if arm.name == CONTROL_ARM => {
                format!(
                    "the control \"{}\": α {}, β {}",
                    arm.name, arm.alpha, arm.beta
                )
            }
            Task::Gan if arm.name == DEFAULT_ARM => {
                format!("this page's NDA settings: α {}, β {}", arm.alpha, arm.beta)
            }
            Task::Gan => format!("\"{}\": α {}, β {}", arm.name, arm.alpha, arm.beta),
            Task::Contrastive => format!(
                "\"{}\": m {}",
                arm.name,
                arm.nda_views.unwrap_or(config.contrastive.config.nda_views)
            ),
            Task::Video => format!(
                "\"{}\": m {}",
                arm.name,
                arm.nda_views.unwrap_or(config.video.config.nda_views)
            ),
        })
        .collect();
    format!("{} arms ({})", arms.len(), named.join("; "))
}
