//! The Contrastive panel's results: the accuracy curves of the NDA run and its baseline on one
//! chart with the loss and the NDA similarity, the retrieval row of a clicked map point, and per
//! run its settings, latest values, embedding map and similarity histogram.

use leptos::prelude::*;

use crate::ui::canvas::MosaicCanvas;
use crate::ui::chart::{LineChart, Series};
use crate::ui::contrastive::charts::{EmbeddingMap, SimilarityHistogramChart};
use crate::ui::contrastive::state::ContrastiveState;

/// Accuracy (both runs on one chart), loss and mean similarities.
#[component]
pub fn SessionCharts(contrastive: RwSignal<ContrastiveState>) -> impl IntoView {
    let accuracy = Memo::new(move |_| {
        contrastive.with(|state| {
            let mut series = Vec::new();
            for (index, run) in state.runs.iter().enumerate() {
                let (knn_class, linear_class, knn_name, linear_name) = match index {
                    0 => ("negative", "fake", "k-NN · NDA", "linear probe · NDA"),
                    _ => (
                        "real",
                        "generator",
                        "k-NN · baseline",
                        "linear probe · baseline",
                    ),
                };
                let pick = |value: fn(&crate::train::AccuracyPoint) -> Option<f64>| {
                    run.accuracy
                        .iter()
                        .filter_map(|point| value(point).map(|y| (point.step as f64, y)))
                        .collect()
                };
                series.push(Series {
                    name: knn_name,
                    class: knn_class,
                    points: pick(|point| point.knn),
                });
                series.push(Series {
                    name: linear_name,
                    class: linear_class,
                    points: pick(|point| point.linear),
                });
            }
            series
        })
    });
    let per_run =
        move |name_nda: &'static str,
              name_baseline: &'static str,
              value: fn(&crate::train::ContrastivePoint) -> Option<f32>| {
            Memo::new(move |_| {
                contrastive.with(|state| {
                    state
                        .runs
                        .iter()
                        .enumerate()
                        .map(|(index, run)| Series {
                            name: if index == 0 { name_nda } else { name_baseline },
                            class: if index == 0 { "negative" } else { "real" },
                            points: run
                                .points
                                .iter()
                                .filter_map(|point| {
                                    value(point).map(|y| (point.step as f64, f64::from(y)))
                                })
                                .collect(),
                        })
                        .collect::<Vec<_>>()
                })
            })
        };
    let loss = per_run("NDA", "baseline", |point| Some(point.loss));
    let nda_similarity = per_run("NDA run", "baseline (NDA views not trained on)", |point| {
        point.nda_similarity
    });
    // The timeline slider's step, on the charts.
    let cursor = Memo::new(move |_| contrastive.with(ContrastiveState::chart_cursor));
    let latest = move || {
        contrastive.with(|state| {
            state
                .runs
                .iter()
                .map(|run| {
                    let last = run.accuracy.last();
                    let percent = |value: Option<f64>| {
                        value.map_or("–".to_string(), |value| format!("{:.1}%", value * 100.0))
                    };
                    format!(
                        "{} at step {}: k-NN {} · linear probe {}",
                        run.info.label,
                        last.map_or(0, |point| point.step),
                        percent(last.and_then(|point| point.knn)),
                        percent(last.and_then(|point| point.linear))
                    )
                })
                .collect::<Vec<_>>()
                .join("  |  ")
        })
    };
    view! {
        <div class="card">
            <p data-testid="contrastive-latest-accuracy">{latest}</p>
            <div class="chart-row">
                <LineChart series=accuracy title="Held-out accuracy (k-NN k=20, linear probe) over steps" testid="contrastive-accuracy-chart" cursor=cursor />
                <LineChart series=loss title="InfoNCE loss" testid="contrastive-loss-chart" cursor=cursor />
                <LineChart series=Signal::derive(move || nda_similarity.get().into_iter().filter(|series| !series.points.is_empty()).collect()) title="Mean similarity of a query to its own NDA keys" testid="contrastive-nda-similarity-chart" />
            </div>
        </div>
    }
}

/// The selected held-out image and its 8 nearest neighbours.
#[component]
pub fn Retrieval(contrastive: RwSignal<ContrastiveState>) -> impl IntoView {
    let retrieval = Memo::new(move |_| contrastive.with(ContrastiveState::retrieval));
    let tile = move |index: usize, caption: String, testid: &'static str, position: usize| {
        let image = Signal::derive(move || {
            contrastive.with(|state| {
                state
                    .held_out
                    .as_ref()
                    .and_then(|held| held.thumbnails.get(index).cloned())
            })
        });
        view! {
            <figure class="retrieval-tile" data-testid=testid>
                <MosaicCanvas mosaic=image testid=format!("{testid}-image-{position}") label=caption.clone() scale=3 />
                <figcaption>{caption}</figcaption>
            </figure>
        }
    };
    let class_name = move |index: usize| {
        contrastive
            .with_untracked(|state| {
                state.held_out.as_ref().and_then(|held| {
                    let label = held.labels.get(index).copied().flatten()?;
                    held.class_names.get(label as usize).cloned()
                })
            })
            .unwrap_or_else(|| "unlabelled".into())
    };
    view! {
        <Show when=move || retrieval.with(Option::is_some)>
            <section class="card retrieval" data-testid="contrastive-retrieval">
                <h3>{move || contrastive.with(|state| state.selected.and_then(|(run, _)| state.runs.get(run).map(|run| format!("Nearest neighbours in the {} encoder's features", run.info.label))).unwrap_or_default())}</h3>
                <div class="retrieval-row">
                    {move || retrieval.get().map(|(query, neighbours)| {
                        let mut tiles = vec![tile(query, format!("query · {}", class_name(query)), "retrieval-query", 0).into_any()];
                        tiles.extend(neighbours.into_iter().enumerate().map(|(position, (index, similarity))| {
                            tile(index, format!("{} · cos {similarity:.2}", class_name(index)), "retrieval-neighbour", position).into_any()
                        }));
                        tiles.collect_view()
                    })}
                </div>
            </section>
        </Show>
    }
}

/// One run's column.
#[component]
pub fn RunColumn(contrastive: RwSignal<ContrastiveState>, index: usize) -> impl IntoView {
    let label = move || {
        contrastive.with(|state| {
            state
                .runs
                .get(index)
                .map(|run| run.info.label.clone())
                .unwrap_or_default()
        })
    };
    let settings = move || {
        contrastive.with(|state| {
            state.runs.get(index).map_or(String::new(), |run| {
                let config = &run.info.config;
                let negatives = if config.nda_views == 0 {
                    "none".to_string()
                } else {
                    config.negatives.iter().map(|(augmentation, weight)| format!("{} ×{weight}", augmentation.kind().label())).collect::<Vec<_>>().join(", ")
                };
                format!(
                    "m {} · NDA views: {negatives} · t {} · momentum {} · queue {} · {:?} encoder · batch {} · lr {} · seed {}",
                    config.nda_views, config.temperature, config.momentum, config.queue_size, config.preset, config.batch_size, config.learning_rate, config.seed
                )
            })
        })
    };
    let histogram = Signal::derive(move || {
        contrastive.with(|state| {
            state
                .runs
                .get(index)
                .and_then(|run| run.evaluation.as_ref())
                .and_then(|evaluation| evaluation.similarity.clone())
        })
    });
    let latest = move || {
        contrastive.with(|state| {
            state.runs.get(index).and_then(|run| run.points.last()).map(|point| {
                format!(
                    "Step {}: loss {:.4} · q·k+ {:.3} · q·queue {:.3} · q·k_NDA {} · instance accuracy {:.1}%",
                    point.step,
                    point.loss,
                    point.positive_similarity,
                    point.queue_similarity,
                    point.nda_similarity.map_or("–".to_string(), |value| format!("{value:.3}")),
                    point.instance_accuracy * 100.0
                )
            })
        })
    };
    let evaluations =
        move || contrastive.with(|state| state.runs.get(index).map_or(0, |run| run.accuracy.len()));
    view! {
        <section class="gan-run card" data-testid=format!("contrastive-run-{index}") data-evaluations=evaluations>
            <h3>{label}</h3>
            <p class="hint" data-testid=format!("contrastive-run-settings-{index}")>{settings}</p>
            <p class="hint" data-testid=format!("contrastive-latest-{index}")>{move || latest().unwrap_or_default()}</p>
            <EmbeddingMap contrastive=contrastive run=index />
            <SimilarityHistogramChart histogram=histogram testid=format!("contrastive-similarity-{index}") />
        </section>
    }
}
