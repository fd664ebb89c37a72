//! The views an evaluation of NDA against its baseline is read through, shared by the GAN's
//! evaluation and the contrastive encoders' anomaly detection: the metric table with a
//! difference column, and one pooled ROC chart per group of out-of-distribution sets.

use leptos::prelude::*;

use super::format::{describe_metric, format_difference, format_with_sd};
use super::state::{ComparisonRow, compare_runs, run_labels, set_metrics_of};
use crate::train::evaluation::RocGroup;
use crate::ui::chart::{LineChart, ScoreHistogramChart, Series};
use nda_protocol::evaluation_messages::RunEvaluationView;

/// CSS classes of the runs' lines, in run order (NDA, baseline).
pub const RUN_CLASSES: [&str; 2] = ["nda-run", "baseline-run"];
/// Legend names of the runs' lines, in run order.
pub const RUN_NAMES: [&str; 2] = ["NDA", "Baseline"];

/// One row per metric: each run's value, and with two runs NDA − baseline and which it favours.
#[component]
pub fn MetricTable(
    /// The rows, in order.
    rows: Memo<Vec<ComparisonRow>>,
    /// The runs' labels, in column order.
    labels: Memo<Vec<String>>,
    /// The table's `data-testid`.
    #[prop(into)]
    testid: String,
) -> impl IntoView {
    let paired = move || labels.with(|labels| labels.len() == 2);
    view! {
        // Scrolls by itself on a narrow screen instead of widening the page; focusable, so the
        // keyboard can scroll it too.
        <div class="table-scroll" tabindex="0" role="region" aria-label="Metric table">
        <table class="metric-table" data-testid=testid>
            <thead>
                <tr>
                    <th>"Metric"</th>
                    {move || labels.get().into_iter().map(|label| view! { <th>{label}</th> }).collect_view()}
                    <Show when=paired><th>"NDA − baseline"</th><th>"Better"</th></Show>
                </tr>
            </thead>
            <tbody>
                {move || rows.get().into_iter().map(|row| {
                    let (name, meaning) = describe_metric(&row.metric);
                    let metric = row.metric.clone();
                    let values = row.values.iter().map(|value| {
                        let text = value.map_or_else(|| "–".to_string(), |(value, sd)| format_with_sd(&metric, value, sd));
                        view! { <td class="number">{text}</td> }
                    }).collect_view();
                    let difference = row.difference.map(|difference| format_difference(&row.metric, difference));
                    view! {
                        <tr data-metric=row.metric.clone()>
                            <td title=meaning>{name}</td>
                            {values}
                            {difference.map(|text| view! { <td class="number" data-role="difference">{text}</td> })}
                            {row.favours.map(|favours| view! { <td data-role="favours">{favours}</td> })}
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}

/// The NDA-versus-baseline comparison of `runs`: the table of `metrics` (`<prefix>-table`), the
/// AUROC per set (`<prefix>-set-table`), the pooled ROC curves and the anomaly score histograms.
#[component]
pub fn RunComparison(
    /// The runs, NDA first.
    runs: Signal<Vec<RunEvaluationView>>,
    /// The main table's metrics, in order (those no run has are left out).
    metrics: &'static [&'static str],
    /// The start of every test id.
    prefix: &'static str,
) -> impl IntoView {
    let main_rows = Memo::new(move |_| runs.with(|runs| compare_runs(runs, metrics)));
    let set_rows = Memo::new(move |_| runs.with(|runs| compare_runs(runs, &set_metrics_of(runs))));
    let labels = Memo::new(move |_| runs.with(|runs| run_labels(runs)));
    view! {
        <MetricTable rows=main_rows labels=labels testid=format!("{prefix}-table") />
        <details>
            <summary>"AUROC per out-of-distribution set"</summary>
            <MetricTable rows=set_rows labels=labels testid=format!("{prefix}-set-table") />
        </details>
        <div class="chart-row">
            <RocCharts runs=runs prefix=prefix />
        </div>
        <div class="chart-row">
            <AnomalyHistograms runs=runs prefix=prefix />
        </div>
    }
}

/// The three pooled ROC charts of `runs`, test ids `<prefix>-roc-nda`, `-other-sets` and
/// `-corruptions`.
#[component]
pub fn RocCharts(
    /// The runs whose curves are drawn, NDA first.
    runs: Signal<Vec<RunEvaluationView>>,
    /// The start of the charts' test ids.
    prefix: &'static str,
) -> impl IntoView {
    RocGroup::ALL
        .into_iter()
        .map(|group| {
            let suffix = match group {
                RocGroup::NdaKinds => "nda",
                RocGroup::OtherSets => "other-sets",
                RocGroup::Corruptions => "corruptions",
            };
            let testid = format!("{prefix}-roc-{suffix}");
            let series = Signal::derive(move || runs.with(|runs| roc_series(runs, group)));
            view! { <LineChart series=series title=group.label() testid=testid /> }
        })
        .collect_view()
}

/// One histogram of anomaly scores per run, test ids `<prefix>-histogram-<run>`: where the
/// in-distribution images, the other sets and corruptions, and the NDA images fall.
#[component]
pub fn AnomalyHistograms(
    /// The runs, NDA first.
    runs: Signal<Vec<RunEvaluationView>>,
    /// The start of the charts' test ids.
    prefix: &'static str,
) -> impl IntoView {
    move || {
        runs.with(|runs| {
            runs.iter()
                .filter(|run| run.histogram.is_some())
                .map(|run| {
                    let histogram = run.histogram.clone();
                    view! {
                        <ScoreHistogramChart
                            histogram=Signal::derive(move || histogram.clone())
                            testid=format!("{prefix}-histogram-{}", run.run)
                            caption=format!("{}: anomaly scores (higher: more in-distribution)", run.label)
                            legend=["in-distribution", "other sets, corruptions", "NDA kinds"]
                        />
                    }
                })
                .collect_view()
        })
    }
}

/// Each run's pooled curve of `group`, then the chance diagonal.
fn roc_series(runs: &[RunEvaluationView], group: RocGroup) -> Vec<Series> {
    let mut series: Vec<Series> = runs
        .iter()
        .zip(RUN_NAMES.into_iter().zip(RUN_CLASSES))
        .filter_map(|(run, (name, class))| {
            let curve = run.roc.iter().find(|curve| curve.group == group)?;
            Some(Series {
                name,
                class,
                points: curve.points.clone(),
            })
        })
        .collect();
    series.push(Series {
        name: "chance",
        class: "chance",
        points: vec![(0.0, 0.0), (1.0, 1.0)],
    });
    series
}

/// One line per run, named and coloured by its place.
pub fn run_series(lines: Vec<Vec<(f64, f64)>>) -> Vec<Series> {
    lines
        .into_iter()
        .zip(RUN_NAMES.into_iter().zip(RUN_CLASSES))
        .map(|(points, (name, class))| Series {
            name,
            class,
            points,
        })
        .collect()
}
