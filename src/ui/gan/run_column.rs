//! One run of the GAN panel: its fixed-noise grid (the timeline's at the slider's iteration),
//! loss and score charts (with the slider's cursor), latest values, score
//! histogram and sampling; with "Baseline vs NDA" two of them stand side by side.

use super::text;
use crate::train::GanPoint;
use crate::ui::bridge::Commands;
use crate::ui::canvas::MosaicCanvas;
use crate::ui::chart::{LineChart, ScoreHistogramChart, Series};
use crate::ui::download::download_png;
use crate::ui::gan::requests::SampleKind;
use crate::ui::gan::state::GanState;
use crate::ui::timeline::TimelineView;
use leptos::prelude::*;

#[component]
pub fn RunColumn(gan: RwSignal<GanState>, index: usize) -> impl IntoView {
    let commands = expect_context::<Commands>();
    let run = move |read: fn(&crate::ui::gan::state::RunView) -> String| {
        gan.with(|state| state.runs.get(index).map(read).unwrap_or_default())
    };
    // The timeline's grid at the slider's iteration, or the latest one.
    let grid = Memo::new(move |_| gan.with(|state| state.shown(index)));
    let cursor = Memo::new(move |_| gan.with(|state| state.chart_cursor(index)));
    let samples = Memo::new(move |_| {
        gan.with(|state| state.runs.get(index).and_then(|run| run.samples.clone()))
    });
    let histogram = Memo::new(move |_| {
        gan.with(|state| state.runs.get(index).and_then(|run| run.histogram.clone()))
    });
    let points = Memo::new(move |_| {
        gan.with(|state| {
            state
                .runs
                .get(index)
                .map(|run| run.points.clone())
                .unwrap_or_default()
        })
    });
    let losses = Memo::new(move |_| points.with(|points| loss_series(points)));
    let scores = Memo::new(move |_| points.with(|points| score_series(points)));
    let conditional = move || {
        gan.with(|state| {
            state
                .runs
                .get(index)
                .is_some_and(|run| run.info.config.num_classes.is_some())
        })
    };
    let sample = move |kind: SampleKind| {
        commands.send(
            vec![gan.try_update(|state| state.sample(index, kind))]
                .into_iter()
                .flatten()
                .collect(),
        )
    };
    let label = move || run(|run| run.info.label.clone());
    let download = move |samples_grid: bool| {
        let picked = gan.with_untracked(|state| state.grid_file(index, samples_grid));
        if let Some((file, grid)) = picked
            && let Err(message) = download_png(&grid, &file)
        {
            gan.update(|state| state.error = Some(message));
        }
    };
    view! {
        <section class="gan-run card" data-testid=format!("gan-run-{index}")>
            <h3>{label}</h3>
            <p class="hint" data-testid=format!("gan-run-settings-{index}")>{move || run(|run| text::settings_summary(&run.info.config))}</p>
            <figure class="gan-grid">
                <MosaicCanvas
                    mosaic=Signal::derive(move || grid.get().map(|(_, mosaic)| mosaic))
                    testid=format!("gan-grid-{index}")
                    label="Samples of the fixed noise"
                    scale=2
                />
                <figcaption data-testid=format!("gan-grid-caption-{index}")>
                    {move || grid.with(|grid| grid.as_ref().map_or("No samples yet.".to_string(), |(iteration, _)| format!("Fixed noise, EMA generator, iteration {iteration}")))}
                </figcaption>
            </figure>
            <div class="fields">
                <button data-testid=format!("gan-download-grid-{index}") disabled=move || grid.with(Option::is_none) on:click=move |_| download(false)>"Download PNG"</button>
            </div>
            <p class="hint" data-testid=format!("gan-latest-{index}") data-point=move || points.with(|points| points.last().and_then(|point| serde_json::to_string(point).ok()))>
                {move || points.with(|points| points.last().map(text::latest_values).unwrap_or_default())}
            </p>
            <LineChart series=losses title="Losses: L_D terms and L_G" testid=format!("gan-loss-chart-{index}") cursor=cursor />
            <LineChart series=scores title="Mean D score" testid=format!("gan-score-chart-{index}") cursor=cursor />
            <ScoreHistogramChart histogram=histogram testid=format!("gan-histogram-{index}") />
            <div class="fields" role="group" aria-label="Sampling">
                <button data-testid=format!("gan-sample-noise-{index}") disabled=move || grid.with(Option::is_none) on:click=move |_| sample(SampleKind::NewNoise)>"New noise"</button>
                <button data-testid=format!("gan-sample-interpolate-{index}") disabled=move || grid.with(Option::is_none) on:click=move |_| sample(SampleKind::Interpolation)>"Interpolate"</button>
                <button data-testid=format!("gan-sample-class-{index}") disabled=move || !conditional() || grid.with(Option::is_none) on:click=move |_| sample(SampleKind::PerClass)>"One row per class"</button>
            </div>
            <Show when=move || samples.with(Option::is_some)>
                <figure class="gan-grid">
                    <MosaicCanvas
                        mosaic=Signal::derive(move || samples.get().map(|(_, _, mosaic)| mosaic))
                        testid=format!("gan-samples-{index}")
                        label="Requested samples"
                        scale=2
                    />
                    <figcaption>{move || samples.with(|samples| samples.as_ref().map(|(request, iteration, _)| format!("{request:?} at iteration {iteration}")).unwrap_or_default())}</figcaption>
                </figure>
                <button data-testid=format!("gan-download-samples-{index}") on:click=move |_| download(true)>"Download PNG"</button>
            </Show>
        </section>
    }
}

fn series(
    points: &[GanPoint],
    name: &'static str,
    class: &'static str,
    value: impl Fn(&GanPoint) -> Option<f32>,
) -> Series {
    Series {
        name,
        class,
        points: points
            .iter()
            .filter_map(|point| {
                value(point).map(|y| (point.discriminator_steps as f64 / 1.0, f64::from(y)))
            })
            .collect(),
    }
}

fn loss_series(points: &[GanPoint]) -> Vec<Series> {
    vec![
        series(points, "L_D real", "real", |point| Some(point.d_loss_real)),
        series(points, "α · L_D fake", "fake", |point| {
            Some(point.d_loss_fake)
        }),
        series(points, "β · L_D NDA", "negative", |point| {
            Some(point.d_loss_negative)
        }),
        series(points, "L_G", "generator", |point| point.g_loss),
    ]
}

fn score_series(points: &[GanPoint]) -> Vec<Series> {
    vec![
        series(points, "D(real)", "real", |point| Some(point.d_real)),
        series(points, "D(fake)", "fake", |point| Some(point.d_fake)),
        series(points, "D(NDA)", "negative", |point| point.d_negative),
    ]
}
