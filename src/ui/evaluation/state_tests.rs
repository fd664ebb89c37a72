use super::*;
use nda_protocol::evaluation_messages::{RocCurveView, RunEvaluationView};
use nda_protocol::{GanCommand, GanEvent};

fn row(iteration: usize, metric: &str, value: f64) -> MetricRow {
    MetricRow {
        iteration,
        metric: metric.into(),
        value,
        sd: None,
    }
}

fn evaluated(iteration: usize, nda_kid: f64, baseline_kid: f64) -> GanEvaluated {
    let run = |run: usize, label: &str, kid: f64, auroc: f64| RunEvaluationView {
        run,
        label: label.into(),
        rows: vec![
            row(iteration, "kid", kid),
            row(iteration, "auroc", auroc),
            row(iteration, "auroc:jigsaw", auroc),
        ],
        roc: vec![RocCurveView {
            group: crate::train::evaluation::RocGroup::NdaKinds,
            points: vec![(0.0, 0.0), (1.0, 1.0)],
        }],
        histogram: None,
    };
    GanEvaluated {
        iteration,
        runs: vec![
            run(0, "NDA", nda_kid, 0.9),
            run(1, "Baseline", baseline_kid, 0.7),
        ],
        evaluators: "evaluators".into(),
        num_samples: 100,
        real_images: "held-out real images".to_string(),
        anomaly_images: 100,
        millis: 10.0,
    }
}

#[test]
fn the_table_pairs_runs_and_says_which_each_metric_favours() {
    let mut state = EvaluationState::default();
    state.apply(&Event::Gan(GanEvent::Evaluated(evaluated(
        10, 0.002, 0.003,
    ))));
    let runs = &state.latest().expect("an evaluation").runs;
    let rows = compare_runs(runs, &TABLE_METRICS);
    assert_eq!(rows.len(), 2, "only the metrics the runs have: {rows:?}");
    assert_eq!(rows[0].metric, "kid");
    assert!((rows[0].difference.expect("two runs") + 0.001).abs() < 1e-12);
    assert_eq!(rows[0].favours, Some("NDA"));
    assert_eq!(rows[1].favours, Some("NDA"), "higher AUROC is better");
    assert_eq!(set_metrics_of(runs), vec!["auroc:jigsaw".to_string()]);
    assert_eq!(
        run_labels(runs),
        vec!["NDA".to_string(), "Baseline".to_string()]
    );
}

#[test]
fn evaluations_accumulate_in_order_and_a_repeat_replaces_its_iteration() {
    let mut state = EvaluationState::default();
    state.apply(&Event::Gan(GanEvent::Evaluated(evaluated(
        20, 0.002, 0.003,
    ))));
    state.apply(&Event::Gan(GanEvent::Evaluated(evaluated(
        10, 0.004, 0.005,
    ))));
    state.apply(&Event::Gan(GanEvent::Evaluated(evaluated(
        20, 0.001, 0.003,
    ))));
    let kid = state.over_training("kid");
    assert_eq!(
        kid,
        vec![
            vec![(10.0, 0.004), (20.0, 0.001)],
            vec![(10.0, 0.005), (20.0, 0.003)]
        ]
    );
    state.apply(&Event::Gan(GanEvent::Status(None)));
    assert!(state.results.is_empty());
}

#[test]
fn settings_edits_are_checked_and_failures_are_shown_where_they_belong() {
    let mut state = EvaluationState::default();
    state.edit(EvaluationField::Samples, "200");
    state.edit(EvaluationField::EvaluatorSteps, "3");
    assert_eq!(state.settings.num_samples, 200);
    assert_eq!(state.settings.evaluator_steps, 400);
    assert!(
        state
            .form_error
            .as_deref()
            .is_some_and(|e| e.contains("evaluator steps"))
    );
    state.edit(EvaluationField::AnomalyImages, "lots");
    assert!(state.form_error.is_some());
    let failure = Event::Failed {
        message: "there is no dataset".into(),
    };
    state.apply(&failure);
    assert_eq!(state.error, None, "not ours: nothing was asked");
    let Command::Gan(GanCommand::Evaluate { settings }) = state.evaluate_now() else {
        panic!("evaluate now sends GanCommand::Evaluate");
    };
    assert_eq!(settings.num_samples, 200);
    state.apply(&failure);
    assert_eq!(state.error.as_deref(), Some("there is no dataset"));
}
