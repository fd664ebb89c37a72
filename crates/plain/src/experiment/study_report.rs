//! The text of a study's `report.md` (written by `nda-lab study` and downloaded from the page):
//! what ran, one plain sentence per metric, the table of paired statistics, the primary metric
//! per seed, and what the study is not.

use std::fmt::Write;

use super::{DEFAULT_ARM, DatasetChoice, ExperimentConfig, Task};
use crate::augment::NegativeAugmentation;
use crate::train::study::{MetricComparison, markdown_table};

/// The report of `arms` (each with its comparisons, primary first) of the study `config`.
pub fn markdown(
    config: &ExperimentConfig,
    arms: &[(String, Vec<MetricComparison>)],
    link: &str,
) -> String {
    let study = &config.study;
    let mut text = match config.task {
        Task::Gan => gan_setup(config),
        Task::Contrastive => contrastive_setup(config),
        Task::Video => video_setup(config),
    };
    // The plan's own floor, worked out before the study ran (and printed then by the CLI and
    // the page), so the reader knows which metrics could have passed at all.
    let _ = writeln!(
        text,
        "Planned before it ran: with {} seeds the smallest possible p is {:.4}; Holm's \
         correction over {} secondary metrics puts their floor at {:.4}.\n",
        study.seeds.len(),
        study.smallest_p(),
        study.num_secondary(),
        study.holm_floor()
    );
    for warning in config.study_warnings() {
        let _ = writeln!(text, "**Warned before it ran:** {warning}.\n");
    }
    let _ = writeln!(
        text,
        "Open this study in NDA Lab: append `#{link}` to the page's address.\n"
    );
    for (arm, comparisons) in arms {
        let _ = writeln!(text, "## Arm `{arm}`: {}\n", arm_description(config, arm));
        for comparison in comparisons {
            let _ = writeln!(text, "- {}", comparison.sentence());
        }
        let _ = writeln!(text, "\n{}", markdown_table(comparisons));
        let _ = writeln!(text, "![forest plot of arm {arm}](forest-{arm}.svg)\n");
        let primary = &comparisons[0];
        let _ = writeln!(
            text,
            "Per seed, {}:\n\n| seed | NDA | baseline | NDA − baseline |\n|---|---|---|---|",
            primary.metric
        );
        for &(seed, nda, baseline) in &primary.per_seed {
            let _ = writeln!(
                text,
                "| {seed} | {nda:.5} | {baseline:.5} | {:+.5} |",
                nda - baseline
            );
        }
        text.push('\n');
    }
    let model = match config.task {
        Task::Gan => format!(
            "a {} DCGAN for {} iterations",
            format!("{:?}", config.gan.config.preset).to_lowercase(),
            config.gan.iterations
        ),
        Task::Contrastive => format!(
            "a {} MoCo-v2 encoder for {} steps",
            format!("{:?}", config.contrastive.config.preset).to_lowercase(),
            config.contrastive.steps
        ),
        Task::Video => format!(
            "a {} clip encoder (dense predictive coding) for {} steps",
            format!("{:?}", config.video.config.preset).to_lowercase(),
            config.video.steps
        ),
    };
    let _ = write!(
        text,
        "## What this is not\n\nA small replication with {model} on NDA Lab's procedural images \
         (or yours), measured with networks trained here (not Inception, not ImageNet): only the \
         direction of the paper's result (Sinha et al., ICLR 2021) is comparable, not its \
         numbers. \"No detectable difference\" means these seeds and this budget could not tell \
         the arms apart, not that they are equal. A diverged or failed pair is counted in the \
         `diverged` column and left out of Δ, never dropped silently.\n",
    );
    text
}

/// The title and the paragraph on what a GAN study ran.
fn gan_setup(config: &ExperimentConfig) -> String {
    let experiment = config.gan_experiment();
    let study = &config.study;
    let (data, space, reals, images) = match &config.dataset {
        DatasetChoice::Builtin(spec) => (
            spec.dataset.label().to_string(),
            "NDA Lab's own evaluator features (a classifier of the set's labels trained on \
             fresh held-out images)"
                .to_string(),
            "held-out real images",
            format!("{} images of seed {}", spec.count, spec.seed),
        ),
        DatasetChoice::Uploaded { images, .. } => (
            format!("{images} of your images"),
            "the features of an encoder trained on your images without NDA (the `_untrained` \
             rows: its untrained twin, a control)"
                .to_string(),
            "of your images",
            format!("{images} of your images"),
        ),
    };
    let mut text = format!(
        "# NDA study: {data} at {} px, {} iterations, {} seeds\n\n",
        experiment.gan.image_size,
        experiment.iterations,
        study.seeds.len()
    );
    let _ = writeln!(
        text,
        "Each seed trains an NDA run and a baseline (α = 1, β = 0) with the same initial weights, \
         data order and noise; both are evaluated at iteration {} (the end of the budget, never a \
         best checkpoint) on {} generated and {} {reals} in {space}, and on {} \
         held-out images per anomaly set. Seeds: {}. Model: {:?}, batch {}, \
         {} D steps per G step, data: {images}. The primary metric, declared before \
         the study ran: **{}**; the {} secondary metrics are Holm-corrected together.\n",
        experiment.iterations,
        config.evaluation.num_samples,
        config.evaluation.num_samples,
        config.evaluation.anomaly_images,
        seed_list(study),
        experiment.gan.preset,
        experiment.gan.batch_size,
        experiment.gan.n_dis,
        study.primary_metric,
        study.secondary_metrics.len()
    );
    text
}

/// The title and the paragraph on what a contrastive study ran.
fn contrastive_setup(config: &ExperimentConfig) -> String {
    let experiment = config.contrastive_experiment();
    let run = &experiment.config;
    let study = &config.study;
    let data = match &config.dataset {
        DatasetChoice::Builtin(spec) => format!(
            "{} images of {} (seed {})",
            spec.count,
            spec.dataset.label(),
            spec.seed
        ),
        DatasetChoice::Uploaded { images, .. } => format!("{images} of your images"),
    };
    let mut text = format!(
        "# NDA study (contrastive): {data} at {} px, {} steps, {} seeds\n\n",
        run.image_size,
        experiment.steps,
        study.seeds.len()
    );
    let _ = writeln!(
        text,
        "Each seed trains a MoCo-v2 encoder with NDA views and its baseline (m = 0) with the same \
         initial weights, data order and views; both are measured after step {} (the end of the \
         budget): k-NN (k = 20) and linear-probe accuracy on a stratified 20 % held out, and \
         anomaly detection by k-NN similarity on {} images per set. Seeds: {}. Model: {:?}, batch \
         {}, queue {}. The primary metric, declared before the study ran: **{}**; the {} \
         secondary metrics are Holm-corrected together.\n",
        experiment.steps,
        config.evaluation.anomaly_images,
        seed_list(study),
        run.preset,
        run.batch_size,
        run.queue_size,
        study.primary_metric,
        study.secondary_metrics.len()
    );
    text
}

/// The seeds as "1, 2, 3".
fn seed_list(study: &crate::train::study::StudySettings) -> String {
    study
        .seeds
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The arm's NDA settings in words.
fn arm_description(config: &ExperimentConfig, arm: &str) -> String {
    let contrastive = &config.contrastive.config;
    let (negatives, alpha, beta, nda_views) = match config.study.arms.iter().find(|a| a.name == arm)
    {
        Some(arm) => (
            arm.negatives.clone(),
            arm.alpha,
            arm.beta,
            arm.nda_views.unwrap_or(contrastive.nda_views),
        ),
        None if arm == DEFAULT_ARM => match config.task {
            Task::Gan => (
                config.gan.config.negatives.clone(),
                config.gan.config.alpha,
                config.gan.config.beta,
                0,
            ),
            Task::Contrastive => (
                contrastive.negatives.clone(),
                f64::NAN,
                f64::NAN,
                contrastive.nda_views,
            ),
            Task::Video => (
                Vec::new(),
                f64::NAN,
                f64::NAN,
                config.video.config.nda_views,
            ),
        },
        None => (Vec::new(), f64::NAN, f64::NAN, 0),
    };
    let kinds: Vec<String> = negatives
        .iter()
        .map(|(augmentation, weight): &(NegativeAugmentation, f64)| {
            format!(
                "{} (weight {weight})",
                augmentation.kind().label().to_lowercase()
            )
        })
        .collect();
    match config.task {
        Task::Gan => format!("negatives {}, α = {alpha}, β = {beta}", kinds.join(", ")),
        Task::Contrastive => format!(
            "negatives {}, m = {nda_views} NDA views per image",
            kinds.join(", ")
        ),
        Task::Video => {
            let study = config.video_study();
            let temporal = study
                .arms
                .iter()
                .find(|a| a.name == arm)
                .map_or(Vec::new(), |arm| {
                    arm.negatives
                        .iter()
                        .map(|(kind, weight)| {
                            format!("{} (weight {weight})", kind.label().to_lowercase())
                        })
                        .collect()
                });
            format!(
                "negatives in time {}, m = {nda_views} NDA clips per clip",
                temporal.join(", ")
            )
        }
    }
}

/// The title and the paragraph on what a video study ran.
fn video_setup(config: &ExperimentConfig) -> String {
    let experiment = &config.video;
    let study = &config.study;
    let mut text = format!(
        "# NDA study (video): Moving Shapes at {} px, {} steps, {} seeds\n\n",
        experiment.clips.size,
        experiment.steps,
        study.seeds.len()
    );
    let _ = writeln!(
        text,
        "Each seed trains a clip encoder with NDA clips and its baseline (m = 0) with the same \
         initial weights and clip order; both are measured after step {} (the end of the \
         budget) on held-out clips. Seeds: {}. Model: {:?}, batch {}. The primary metric, \
         declared before the study ran: **{}**; the {} secondary metrics are Holm-corrected \
         together.\n",
        experiment.steps,
        seed_list(study),
        experiment.config.preset,
        experiment.config.batch_size,
        study.primary_metric,
        study.secondary_metrics.len()
    );
    text
}
