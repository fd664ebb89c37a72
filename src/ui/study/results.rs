//! One arm's results in the study section: the plain sentence, the table of paired statistics
//! (Δ with its 95 % interval, wins, p, Holm's p, d_z, failed pairs), the forest plot (to save as
//! PNG or SVG) and the primary metric per seed.

use leptos::prelude::*;

use crate::train::study::{MetricComparison, forest_svg};
use crate::ui::download::download_bytes;
use crate::ui::help_mark::HelpMark;
use crate::ui::page::PageSignals;
use crate::ui::svg_png::svg_to_png;

/// Offers the forest plot `svg` as it is.
fn download_plot(page: PageSignals, svg: &str, file_name: &str) {
    if let Err(message) = download_bytes(svg.as_bytes(), "image/svg+xml", file_name) {
        page.study.update(|state| state.error = Some(message));
    }
}

/// Offers the forest plot `svg` drawn as a PNG (for slides and documents without SVG).
fn download_plot_png(page: PageSignals, svg: String, file_name: String) {
    leptos::task::spawn_local(async move {
        let saved = svg_to_png(&svg)
            .await
            .and_then(|png| download_bytes(&png, "image/png", &file_name));
        if let Err(message) = saved {
            page.study.update(|state| {
                state.error = Some(format!("cannot save the plot as PNG: {message}"));
            });
        }
    });
}

/// One arm against the baseline.
#[component]
pub fn ArmResults(arm: String, comparisons: Vec<MetricComparison>) -> impl IntoView {
    let page = expect_context::<PageSignals>();
    let sentence = comparisons.first().map(|primary| {
        format!(
            "{} A small in-page replication, not the paper's setting.",
            primary.sentence()
        )
    });
    let svg = forest_svg(
        &format!("Arm {arm}: NDA − baseline, 95 % intervals"),
        &comparisons,
    );
    let per_seed = comparisons
        .first()
        .map(|primary| primary.per_seed.clone())
        .unwrap_or_default();
    let primary_metric = comparisons
        .first()
        .map(|primary| primary.metric.clone())
        .unwrap_or_default();
    view! {
        <div class="study-arm" data-testid=format!("study-arm-{arm}")>
            <h4>{format!("Arm “{arm}” against the baseline")}</h4>
            <p data-testid="study-sentence"><strong>{sentence}</strong></p>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Paired statistics per metric">
            <table class="metric-table" data-testid="study-table">
                <thead>
                    <tr><th>"Metric"</th><th>"Δ = NDA − baseline [95 % CI]"</th><th>"Wins"</th><th>"p"</th><th>"p (Holm)"</th><th>"d_z"</th><th>"Failed"</th></tr>
                </thead>
                <tbody>
                    {comparisons.iter().map(|comparison| view! { <ComparisonRow comparison=comparison.clone() /> }).collect_view()}
                </tbody>
            </table>
            </div>
            <p class="hint">"Forest plot"<HelpMark id="study-forest" /></p>
            <div class="forest" data-testid="study-forest" inner_html=svg.clone()></div>
            <div class="fields">
                <button data-testid="study-forest-png" on:click={
                    let (svg, arm) = (svg.clone(), arm.clone());
                    move |_| download_plot_png(page, svg.clone(), format!("forest-{arm}.png"))
                }>"Download forest plot (PNG)"</button>
                <button data-testid="study-forest-svg" on:click={
                    let (svg, arm) = (svg.clone(), arm.clone());
                    move |_| download_plot(page, &svg, &format!("forest-{arm}.svg"))
                }>"Download forest plot (SVG)"</button>
            </div>
            <div class="table-scroll" tabindex="0" role="region" aria-label="The primary metric per seed">
            <table class="metric-table" data-testid="study-seeds-table">
                <thead><tr><th>"Seed"</th><th>{format!("NDA {primary_metric}")}</th><th>{format!("Baseline {primary_metric}")}</th></tr></thead>
                <tbody>
                    {per_seed.into_iter().map(|(seed, nda, baseline)| view! {
                        <tr><td>{seed}</td><td class="number">{format!("{nda:.5}")}</td><td class="number">{format!("{baseline:.5}")}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        </div>
    }
}

#[component]
fn ComparisonRow(comparison: MetricComparison) -> impl IntoView {
    let name = if comparison.primary {
        format!("{} (primary)", comparison.metric)
    } else {
        comparison.metric.clone()
    };
    let cells = match &comparison.comparison {
        Ok(statistics) => vec![
            format!(
                "{:+.4} [{:+.4}, {:+.4}]",
                statistics.mean_difference, statistics.interval.low, statistics.interval.high
            ),
            format!("{}/{}", statistics.num_wins, statistics.num_pairs),
            format!("{:.4}", statistics.p_value),
            comparison.holm_p.map_or("—".into(), |p| format!("{p:.4}")),
            statistics
                .effect_size
                .map_or("—".into(), |d| format!("{d:+.2}")),
            statistics.num_diverged.to_string(),
        ],
        Err(reason) => vec![
            format!("— ({reason})"),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ],
    };
    view! {
        <tr data-metric=comparison.metric.clone()>
            <td>{name}</td>
            {cells.into_iter().map(|cell| view! { <td class="number">{cell}</td> }).collect_view()}
        </tr>
    }
}
