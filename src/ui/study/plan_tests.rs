//! Tests of a study's plan: what a contrastive study runs and measures, the task switch, its
//! warnings, and the time a GAN study's training needs at a known speed.

use super::*;
use crate::train::cost::{contrastive_step_macs, gan_iteration_macs};
use crate::ui::device_speed::SpeedSource;
use crate::ui::study::state::StoredStudy;

use super::super::test_page as page;

/// What the plan says of its time at a known `rate`.
fn at_rate(plan: &StudyPlan, rate: f64, source: SpeedSource) -> String {
    plan_time(plan, Some(DeviceRate { rate, source }))
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
    assert!(plan_time(&plan, None).contains("else the first pair measures it"));
    let experiment = plan.config.contrastive_experiment();
    let nda = experiment.config.clone();
    // One pair's step per second: 3 seeds × 6 steps take 18 s.
    let rate = contrastive_step_macs(&nda) + contrastive_step_macs(&nda.clone().baseline());
    let text = at_rate(&plan, rate, SpeedSource::Run);
    assert!(
        text.starts_with(
            "About 18 s of training on this device (from the pace of the run in this page)"
        ),
        "{text}"
    );

    state.set_task(Task::Gan);
    assert_eq!(state.primary, "fd", "back to the GAN's default");
    assert_eq!(state.plan(&page()).expect("a plan").config.task, Task::Gan);
}

#[test]
fn a_video_study_runs_the_video_panel_s_settings_and_names_only_clip_metrics() {
    let mut state = StudyState {
        control_arm: true,
        ..StudyState::default()
    };
    state.set_task(Task::Video);
    assert_eq!(state.primary, "motion_knn");
    assert!(!state.control_arm, "the α-only control is a GAN's");
    let mut page = page();
    page.video.steps = 7;
    let plan = state.plan(&page).expect("a plan");
    assert_eq!(plan.config.task, Task::Video);
    let study = plan.config.video_study();
    assert_eq!(study.primary_metric, "motion_knn");
    assert_eq!(study.secondary_metrics.len(), 6, "every other column");
    assert!(study.validate().is_ok());
    assert!(
        plan.description
            .contains("clip encoders trained 7 steps on Moving Shapes"),
        "{}",
        plan.description
    );
    assert!(plan.warning.is_none(), "the defaults can reach p < 0.05");
    page.video.own_clips = Some(crate::train::video::OwnClips {
        fingerprint: "ab".into(),
        clips: 20,
    });
    assert!(
        state
            .plan(&page)
            .is_err_and(|error| error.contains("Moving Shapes"))
    );
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
    let text = at_rate(&plan, rate, SpeedSource::Calibration);
    assert!(
        text.starts_with("About 8 s of training on this device (measured by a short calibration)"),
        "{text}"
    );

    // With the α-only control, each seed's baseline trains once, beside its first arm.
    state.set_control_arm(true);
    let plan = state.plan(&page()).expect("a plan");
    let units = plan.config.study_units();
    let control = units[2].config.gan_experiment().nda_config();
    assert_eq!(units[2].arm, "alpha-only");
    let seconds = 2.0 * 4.0 * (rate + gan_iteration_macs(&control)) / rate;
    let text = at_rate(&plan, rate, SpeedSource::Calibration);
    assert!(
        text.starts_with(&format!("About {} of training", duration(seconds))),
        "{text}"
    );
}

#[test]
fn a_study_set_up_in_the_form_travels_with_the_link_and_comes_back() {
    let untouched = StudyState::default();
    assert_eq!(untouched.link_settings(&page()), None, "links stay short");
    let mut form = StudyState::default();
    form.set_task(Task::Contrastive);
    form.edit_seeds("3");
    form.set_primary("auroc");
    let (task, study) = form.link_settings(&page()).expect("a study to share");
    let mut linked = page();
    (linked.task, linked.study) = (task, study);
    let mut opened = StudyState::default();
    opened.adopt(&linked);
    assert_eq!(
        (opened.task, opened.seeds, opened.primary.as_str()),
        (Task::Contrastive, 3, "auroc")
    );
    assert_eq!(opened.opened, None, "the form expresses it");
    assert_eq!(opened.plan(&page()), form.plan(&page()));

    let mut control = StudyState::default();
    control.set_control_arm(true);
    let (task, study) = control.link_settings(&page()).expect("a study");
    (linked.task, linked.study) = (task, study);
    opened.adopt(&linked);
    assert!(opened.control_arm && opened.opened.is_none());

    // A link without a study resets the form, and keeps the stored results.
    opened.study = Some(StoredStudy {
        config: page(),
        pairs: Vec::new(),
        description: String::new(),
    });
    opened.adopt(&page());
    assert_eq!((opened.task, opened.seeds), (Task::Gan, 10));
    assert!(opened.study.is_some());
}

#[test]
fn a_study_with_its_own_arms_and_seeds_runs_as_opened_until_the_form_is_edited() {
    let mut linked = page();
    let arm = |name: &str, beta: f64| StudyArm {
        name: name.into(),
        negatives: linked.gan.config.negatives.clone(),
        alpha: 0.5,
        beta,
        nda_views: None,
        temporal_negatives: Vec::new(),
    };
    linked.study.seeds = vec![11, 12];
    linked.study.arms = vec![arm("half", 0.5), arm("strong", 1.0)];
    assert_eq!(opened_study_note(&page()), "", "no study, nothing to say");
    assert_eq!(
        opened_study_note(&linked),
        " It holds a study of 2 seeds, primary metric fd: see Experiments."
    );
    let mut state = StudyState::default();
    state.adopt(&linked);
    assert!(state.opened.is_some());
    let plan = state.plan(&page()).expect("a plan");
    assert_eq!(plan.config.study, linked.study);
    assert!(
        plan.description.starts_with(
            "2 seeds (11, 12) × 2 arms (\"half\": α 0.5, β 0.5; \"strong\": α 0.5, β 1): 4 \
             NDA/baseline pairs, 6 runs of 4 iterations (each seed's baseline shared by its arms)"
        ),
        "{}",
        plan.description
    );
    state.edit_seeds("4");
    assert_eq!(state.opened, None, "the form takes over");
    assert!(
        state
            .plan(&page())
            .expect("a plan")
            .description
            .starts_with("4 seeds (1–4) × 1 arm")
    );
}

#[test]
fn a_primary_metric_the_validation_failed_on_the_set_is_warned_about_before_the_study_runs() {
    let mut state = StudyState::default();
    assert_eq!(
        state.primary, "fd",
        "the metric validated on every built-in set"
    );
    assert_eq!(state.plan(&page()).expect("a plan").warning, None);
    state.set_primary("kid");
    let warning = state
        .plan(&page())
        .expect("a plan")
        .warning
        .expect("warned");
    assert!(
        warning.starts_with("kid did not pass the metric validation on Digits"),
        "{warning}"
    );
    state.edit_seeds("2");
    let both = state
        .plan(&page())
        .expect("a plan")
        .warning
        .expect("warned");
    assert!(
        both.starts_with("2 seeds cannot reach p < 0.05") && both.contains("; kid did not pass"),
        "{both}"
    );
}
