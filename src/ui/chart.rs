//! Small SVG charts: a line chart with a legend, and an overlaid histogram of D scores.

use leptos::prelude::*;

use super::chart_geometry::{
    BOTTOM, CHART_HEIGHT, CHART_WIDTH, LEFT, histogram_summary, label, line_summary, polyline,
    range, to_view,
};
use super::help_mark::HelpMark;
use crate::train::ScoreHistogram;

/// One line of a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Legend text.
    pub name: &'static str,
    /// CSS class that colours it.
    pub class: &'static str,
    /// `(x, y)` points.
    pub points: Vec<(f64, f64)>,
}

/// A line chart of `series` over iterations, with a vertical cursor at `cursor` (an x value;
/// the timeline slider's step) when one is given.
#[component]
pub fn LineChart(
    #[prop(into)] series: Signal<Vec<Series>>,
    title: &'static str,
    #[prop(into)] testid: String,
    #[prop(optional, into)] cursor: MaybeProp<f64>,
) -> impl IntoView {
    let view_box = format!("0 0 {CHART_WIDTH} {CHART_HEIGHT}");
    let drawn = move || {
        series.with(|series| {
            let all = || series.iter().flat_map(|line| line.points.iter());
            let (Some(x_range), Some(y_range)) = (
                range(all().map(|(x, _)| *x)),
                range(all().map(|(_, y)| *y)),
            ) else {
                return view! { <text x=LEFT y="60" class="chart-empty">"no data yet"</text> }.into_any();
            };
            let zero = (y_range.0 < 0.0 && y_range.1 > 0.0).then(|| to_view(x_range.0, 0.0, x_range, y_range).1);
            let cursor_x = cursor
                .get()
                .filter(|x| (x_range.0..=x_range.1).contains(x))
                .map(|x| to_view(x, y_range.0, x_range, y_range).0);
            view! {
                <text x="2" y="12" class="chart-axis">{label(y_range.1)}</text>
                <text x="2" y={CHART_HEIGHT - BOTTOM} class="chart-axis">{label(y_range.0)}</text>
                <text x=LEFT y={CHART_HEIGHT - 2.0} class="chart-axis">{label(x_range.0)}</text>
                <text x={CHART_WIDTH - 4.0} y={CHART_HEIGHT - 2.0} text-anchor="end" class="chart-axis">{label(x_range.1)}</text>
                {zero.map(|y| view! { <line x1=LEFT x2={CHART_WIDTH - 4.0} y1=y y2=y class="chart-zero" /> })}
                {cursor_x.map(|x| view! { <line x1=x x2=x y1="2" y2={CHART_HEIGHT - BOTTOM} class="chart-cursor" /> })}
                {series
                    .iter()
                    .map(|line| view! { <polyline class=format!("line {}", line.class) points=polyline(&line.points, x_range, y_range) /> })
                    .collect_view()}
            }
            .into_any()
        })
    };
    let count =
        move || series.with(|series| series.iter().map(|line| line.points.len()).sum::<usize>());
    let summary = move || {
        series.with(|series| {
            line_summary(
                title,
                series
                    .iter()
                    .map(|line| (line.name, line.points.as_slice())),
            )
        })
    };
    let help = testid.clone();
    view! {
        <figure class="chart" data-testid=testid data-points=count data-cursor=move || cursor.get()>
            <figcaption>{title}<HelpMark id=help /></figcaption>
            <svg viewBox=view_box role="img" aria-label=summary>{drawn}</svg>
            <ul class="legend">
                {move || series.with(|series| series.iter().map(|line| view! { <li class=line.class>{line.name}</li> }).collect_view())}
            </ul>
        </figure>
    }
}

/// Overlaid histograms of D's scores on real, generated and NDA images.
#[component]
pub fn ScoreHistogramChart(
    #[prop(into)] histogram: Signal<Option<ScoreHistogram>>,
    #[prop(into)] testid: String,
    /// The caption (default: D's scores at the last D step).
    #[prop(optional)]
    caption: Option<String>,
    /// Legend names of the three groups (default: real, generated, NDA).
    #[prop(optional)]
    legend: Option<[&'static str; 3]>,
) -> impl IntoView {
    let caption = caption.unwrap_or_else(|| "Histogram of D scores (last D step)".to_string());
    let [real, fake, negative] = legend.unwrap_or(["real", "generated", "NDA"]);
    let view_box = format!("0 0 {CHART_WIDTH} {CHART_HEIGHT}");
    let bars = move || {
        histogram.with(|histogram| {
            let Some(histogram) = histogram else {
                return view! { <text x=LEFT y="60" class="chart-empty">"no scores yet"</text> }.into_any();
            };
            let rects = overlaid_bars(&[
                ("real", &histogram.real),
                ("fake", &histogram.fake),
                ("negative", &histogram.negative),
            ]);
            view! {
                {rects}
                <text x=LEFT y={CHART_HEIGHT - 2.0} class="chart-axis">{label(f64::from(histogram.min))}</text>
                <text x={CHART_WIDTH - 4.0} y={CHART_HEIGHT - 2.0} text-anchor="end" class="chart-axis">{label(f64::from(histogram.max))}</text>
            }
            .into_any()
        })
    };
    // The bins as data, so a test can hold them against the scores shown elsewhere.
    let data = move || histogram.with(|histogram| serde_json::to_string(histogram).ok());
    let summary = move || {
        histogram.with(|histogram| match histogram {
            Some(h) => histogram_summary(
                "scores",
                f64::from(h.min),
                f64::from(h.max),
                &[(real, &h.real), (fake, &h.fake), (negative, &h.negative)],
            ),
            None => "Histogram of scores: no scores yet".to_string(),
        })
    };
    let help = testid.clone();
    view! {
        <figure class="chart" data-testid=testid data-histogram=data>
            <figcaption>{caption}<HelpMark id=help /></figcaption>
            <svg viewBox=view_box role="img" aria-label=summary>{bars}</svg>
            <ul class="legend">
                <li class="real">{real}</li>
                <li class="fake">{fake}</li>
                <li class="negative">{negative}</li>
            </ul>
        </figure>
    }
}

/// Overlaid bar histograms in the plot area, one `(css class, counts per bin)` group each, all
/// scaled to the highest count.
pub fn overlaid_bars(groups: &[(&'static str, &Vec<u32>)]) -> impl IntoView + use<> {
    let highest = groups
        .iter()
        .flat_map(|(_, counts)| counts.iter())
        .copied()
        .max()
        .unwrap_or(1)
        .max(1);
    let bins = groups.first().map_or(1, |(_, counts)| counts.len().max(1));
    let bin_width = (CHART_WIDTH - LEFT - 4.0) / bins as f64;
    let plot_height = CHART_HEIGHT - BOTTOM - 6.0;
    groups
        .iter()
        .flat_map(|(class, counts)| {
            counts.iter().enumerate().map(move |(bin, &count)| {
                let height = plot_height * f64::from(count) / f64::from(highest);
                view! {
                    <rect
                        class=format!("bar {class}")
                        x=LEFT + bin as f64 * bin_width
                        y=6.0 + plot_height - height
                        width=bin_width
                        height=height
                    />
                }
            })
        })
        .collect_view()
}
