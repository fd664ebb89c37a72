//! Tests of a study's plan: what a contrastive study runs and measures, the task switch, and the
//! time a GAN study's training needs at a known speed.

use super::*;
use crate::data::{BuiltinDataset, BuiltinSpec};
use crate::train::cost::gan_iteration_macs;

fn page() -> ExperimentConfig {
    let mut page = ExperimentConfig {
        dataset: DatasetChoice::Builtin(BuiltinSpec {
            dataset: BuiltinDataset::Digits,
            size: 32,
            count: 200,
            seed: 1,
        }),
        iterations: 4,
        ..ExperimentConfig::default()
    };
    page.contrastive.steps = 6;
    page
}

#[test]
fn a_contrastive_study_runs_the_contrastive_settings_and_names_only_encoder_metrics() {
    let mut state = StudyState {
        control_arm: true,
        ..StudyState::default()
    };
    state.set_task(Task::Contrastive);
    assert_eq!(
        state.primary, "knn_accuracy",
        "KID is not an encoder's metric"
    );
    assert!(!state.control_arm, "the α-only control is a GAN's");
    state.set_primary("kid");
    assert_eq!(state.primary, "knn_accuracy", "refused");
    state.set_primary("linear_accuracy");
    state.edit_seeds("3");
    let plan = state.plan(&page()).expect("a plan");
    assert_eq!(plan.config.task, Task::Contrastive);
    assert_eq!(plan.config.study.primary_metric, "linear_accuracy");
    assert!(
        !plan
            .config
            .study
            .secondary_metrics
            .iter()
            .any(|metric| metric == "linear_accuracy" || metric == "kid"),
        "{:?}",
        plan.config.study.secondary_metrics
    );
    assert!(
        plan.description.starts_with(
            "3 seeds (1–3) × 1 arm (this page's contrastive NDA settings: m 2): 3 NDA/baseline \
             pairs, 6 encoders trained 6 steps on Digits (32 px), each evaluated at its end \
             (k-NN and linear-probe accuracy,"
        ),
        "{}",
        plan.description
    );
    assert!(plan_time(&plan, None).contains("measured by the first pair"));

    state.set_task(Task::Gan);
    assert_eq!(state.primary, "kid", "back to the GAN's default");
    assert_eq!(state.plan(&page()).expect("a plan").config.task, Task::Gan);
}

#[test]
fn a_gan_study_says_its_training_time_at_the_device_speed() {
    let mut state = StudyState::default();
    state.edit_seeds("2");
    let plan = state.plan(&page()).expect("a plan");
    assert!(plan_time(&plan, None).starts_with("Time on this device: not measured yet."));
    let experiment = plan.config.gan_experiment();
    let nda = experiment.nda_config();
    // One pair's iteration (NDA and baseline) per second: 2 seeds × 4 iterations take 8 s.
    let rate = gan_iteration_macs(&nda) + gan_iteration_macs(&nda.clone().baseline());
    let text = plan_time(
        &plan,
        Some(DeviceRate {
            rate,
            source: SpeedSource::Calibration,
        }),
    );
    assert!(
        text.starts_with("About 8 s of training on this device (measured by a short calibration)"),
        "{text}"
    );
}
