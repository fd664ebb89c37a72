//! The Contrastive panel's pictures: the PCA embedding map of held-out images (coloured by
//! label, a thumbnail on hover, retrieval on click) and the histogram of similarities to positive
//! vs. NDA views.

use leptos::prelude::*;

use crate::eval::SimilarityHistogram;
use crate::ui::canvas::MosaicCanvas;
use crate::ui::chart::overlaid_bars;
use crate::ui::chart_geometry::{
    CHART_HEIGHT, CHART_WIDTH, LEFT, histogram_summary, label, map_summary, range,
};
use crate::ui::contrastive::state::ContrastiveState;
use crate::ui::help_mark::HelpMark;
use crate::ui::timeline::TimelineView;

/// Side of the map's square view box.
const MAP_SIDE: f64 = 300.0;
/// Margin inside the map.
const MAP_MARGIN: f64 = 8.0;

/// The held-out images of run `run` on its first two principal components.
#[component]
pub fn EmbeddingMap(contrastive: RwSignal<ContrastiveState>, run: usize) -> impl IntoView {
    let points = Memo::new(move |_| {
        contrastive.with(|state| {
            let labels = state
                .held_out
                .as_ref()
                .map(|held_out| held_out.labels.clone());
            // The timeline's map at the slider's step, or the latest evaluation's.
            state
                .shown(run)
                .map(|(step, map)| (map, step, labels.unwrap_or_default()))
        })
    });
    let circles = move || {
        points.with(|points| {
            let Some((map, _, labels)) = points else {
                return view! { <text x="10" y="150" class="chart-empty">"no evaluation yet"</text> }.into_any();
            };
            let x_range = range(map.points.iter().map(|point| f64::from(point[0])));
            let y_range = range(map.points.iter().map(|point| f64::from(point[1])));
            let (Some(x_range), Some(y_range)) = (x_range, y_range) else {
                return view! { <text x="10" y="150" class="chart-empty">"no held-out images"</text> }.into_any();
            };
            let scale = |value: f64, (low, high): (f64, f64)| {
                MAP_MARGIN + (value - low) / (high - low).max(1e-12) * (MAP_SIDE - 2.0 * MAP_MARGIN)
            };
            map.points
                .iter()
                .enumerate()
                .map(|(index, point)| {
                    let class = labels.get(index).copied().flatten().map_or("class-none".to_string(), |label| format!("class-{}", label % 10));
                    view! {
                        <circle
                            class=format!("map-point {class}")
                            data-testid="map-point"
                            data-index=index
                            cx=scale(f64::from(point[0]), x_range)
                            cy=MAP_SIDE - scale(f64::from(point[1]), y_range)
                            r="4"
                            on:mouseenter=move |_| contrastive.update(|state| state.hovered = Some(index))
                            on:click=move |_| contrastive.update(|state| state.selected = Some((run, index)))
                        />
                    }
                })
                .collect_view()
                .into_any()
        })
    };
    let caption = move || {
        points.with(|points| {
            points.as_ref().map_or(String::new(), |(map, step, _)| {
                format!(
                    "Held-out features at step {step}, first two principal components ({:.0}% and {:.0}% of the variance). Hover for the image, click for its nearest neighbours.",
                    map.explained[0] * 100.0,
                    map.explained[1] * 100.0
                )
            })
        })
    };
    // What a screen reader says instead of the picture: where each class gathers.
    let summary = move || {
        let names = contrastive.with(|state| {
            state
                .held_out
                .as_ref()
                .map_or(Vec::new(), |held_out| held_out.class_names.clone())
        });
        points.with(|points| match points {
            Some((map, step, labels)) => map_summary(*step, &map.points, labels, &names),
            None => "Embedding map of held-out images: no evaluation yet".to_string(),
        })
    };
    view! {
        <figure class="chart embedding-map" data-testid=format!("contrastive-map-{run}") data-step=move || points.with(|points| points.as_ref().map(|(_, step, _)| *step))>
            <svg viewBox=format!("0 0 {MAP_SIDE} {MAP_SIDE}") role="img" aria-label=summary>{circles}</svg>
            <MapLegend contrastive=contrastive />
            <figcaption>{caption}<HelpMark id=format!("contrastive-map-{run}") /></figcaption>
            <MapHover contrastive=contrastive run=run />
        </figure>
    }
}

/// The map's colour legend: one entry per class of the held-out images.
#[component]
fn MapLegend(contrastive: RwSignal<ContrastiveState>) -> impl IntoView {
    let legend = move || {
        contrastive.with(|state| {
            state.held_out.as_ref().map_or(Vec::new(), |held_out| held_out.class_names.clone())
        })
        .into_iter()
        .enumerate()
        .map(|(label, name)| {
            view! {
                <li class="map-legend-item">
                    <svg viewBox="0 0 10 10" width="10" height="10" aria-hidden="true"><circle cx="5" cy="5" r="4" class=format!("class-{}", label % 10) /></svg>
                    {name}
                </li>
            }
        })
        .collect_view()
    };
    view! { <ul class="legend map-legend">{legend}</ul> }
}

/// The image under the pointer, with its class.
#[component]
fn MapHover(contrastive: RwSignal<ContrastiveState>, run: usize) -> impl IntoView {
    let hovered = Signal::derive(move || {
        contrastive.with(|state| {
            let index = state.hovered?;
            state.held_out.as_ref()?.thumbnails.get(index).cloned()
        })
    });
    let hovered_label = move || {
        contrastive.with(|state| {
            let index = state.hovered?;
            let held_out = state.held_out.as_ref()?;
            let label = held_out.labels.get(index).copied().flatten();
            Some(
                label
                    .and_then(|label| held_out.class_names.get(label as usize).cloned())
                    .unwrap_or_else(|| "unlabelled".into()),
            )
        })
    };
    view! {
        <div class="map-hover" data-testid=format!("contrastive-hover-{run}")>
            <MosaicCanvas mosaic=hovered testid=format!("contrastive-hover-image-{run}") label="The image under the pointer" scale=3 />
            <span>{move || hovered_label().unwrap_or_default()}</span>
        </div>
    }
}

/// Overlaid histograms of embedding similarity to a positive view and to an NDA view.
#[component]
pub fn SimilarityHistogramChart(
    #[prop(into)] histogram: Signal<Option<SimilarityHistogram>>,
    #[prop(into)] testid: String,
) -> impl IntoView {
    let view_box = format!("0 0 {CHART_WIDTH} {CHART_HEIGHT}");
    let bars = move || {
        histogram.with(|histogram| {
            let Some(histogram) = histogram else {
                return view! { <text x=LEFT y="60" class="chart-empty">"no evaluation yet"</text> }.into_any();
            };
            let rects = overlaid_bars(&[("real", &histogram.positive), ("negative", &histogram.negative)]);
            view! {
                {rects}
                <text x=LEFT y={CHART_HEIGHT - 2.0} class="chart-axis">"-1"</text>
                <text x={CHART_WIDTH - 4.0} y={CHART_HEIGHT - 2.0} text-anchor="end" class="chart-axis">"1"</text>
            }
            .into_any()
        })
    };
    let means = move || {
        histogram.with(|histogram| {
            histogram.as_ref().map_or(String::new(), |histogram| {
                format!(
                    "mean: positive view {} · NDA view {}",
                    label(f64::from(histogram.positive_mean)),
                    label(f64::from(histogram.negative_mean))
                )
            })
        })
    };
    let summary = move || {
        histogram.with(|histogram| match histogram {
            Some(h) => histogram_summary(
                "cosine similarities",
                -1.0,
                1.0,
                &[("positive view", &h.positive), ("NDA view", &h.negative)],
            ),
            None => "Histogram of similarities: no evaluation yet".to_string(),
        })
    };
    let help = testid.clone();
    view! {
        <figure class="chart" data-testid=testid>
            <figcaption>"Cosine similarity of an image's embedding to its own views"<HelpMark id=help /></figcaption>
            <svg viewBox=view_box role="img" aria-label=summary>{bars}</svg>
            <ul class="legend">
                <li class="real">"positive view (crop, flip, jitter)"</li>
                <li class="negative">"NDA view (broken image)"</li>
            </ul>
            <p class="hint">{means}</p>
        </figure>
    }
}
