//! The Video panel's results: the loss and motion-accuracy curves of the NDA run and its
//! baseline, and a table of each run's latest measures (motion, the appearance-only control,
//! anomaly AUROCs).

use leptos::prelude::*;

use crate::augment::video::TemporalNegative;
use crate::ui::chart::{LineChart, Series};
use crate::ui::help_mark::HelpMark;
use crate::ui::video::training_state::VideoTrainingState;

/// The loss and the motion accuracy of both runs.
#[component]
pub fn VideoCharts(video: RwSignal<VideoTrainingState>) -> impl IntoView {
    let loss = Memo::new(move |_| {
        video.with(|state| {
            state
                .runs
                .iter()
                .enumerate()
                .map(|(index, run)| Series {
                    name: if index == 0 { "NDA" } else { "baseline" },
                    class: if index == 0 { "negative" } else { "real" },
                    points: run
                        .points
                        .iter()
                        .map(|point| (point.step as f64, f64::from(point.loss)))
                        .collect(),
                })
                .collect::<Vec<_>>()
        })
    });
    let accuracy = Memo::new(move |_| {
        video.with(|state| {
            let mut series = Vec::new();
            for (index, run) in state.runs.iter().enumerate() {
                let nda = index == 0;
                let pick = |value: fn(&crate::train::video::VideoEvaluation) -> f64| {
                    run.evaluations
                        .iter()
                        .map(|evaluation| (evaluation.step as f64, value(evaluation)))
                        .collect()
                };
                series.push(Series {
                    name: if nda {
                        "motion k-NN · NDA"
                    } else {
                        "motion k-NN · baseline"
                    },
                    class: if nda { "negative" } else { "real" },
                    points: pick(|evaluation| evaluation.motion_knn),
                });
                series.push(Series {
                    name: if nda {
                        "one frame k-NN · NDA"
                    } else {
                        "one frame k-NN · baseline"
                    },
                    class: if nda { "fake" } else { "generator" },
                    points: pick(|evaluation| evaluation.appearance_knn),
                });
            }
            series
        })
    });
    view! {
        <div class="charts">
            <LineChart series=loss title="Predictive loss (InfoNCE)" testid="video-loss-chart" />
            <LineChart series=accuracy title="Held-out motion accuracy (chance 0.125)" testid="video-accuracy-chart" />
        </div>
    }
}

/// Each run's latest measures, one row per run.
#[component]
pub fn VideoMeasures(video: RwSignal<VideoTrainingState>) -> impl IntoView {
    let rows = move || {
        video.with(|state| {
            state
                .runs
                .iter()
                .map(|run| {
                    let latest = run.evaluations.last();
                    let cell = |value: Option<f64>| value.map_or("—".to_string(), |value| format!("{value:.3}"));
                    let auroc = |kind: TemporalNegative| cell(latest.and_then(|evaluation| evaluation.auroc(kind)));
                    view! {
                        // The latest point and every evaluation, for the test that compares the
                        // page's CPU numbers with the native trainer's.
                        <tr
                            data-testid="video-measure-row"
                            data-point=serde_json::to_string(&run.points.last()).unwrap_or_default()
                            data-evaluations=serde_json::to_string(&run.evaluations).unwrap_or_default()
                        >
                            <th scope="row">{run.info.label.clone()}</th>
                            <td class="number">{latest.map_or("—".to_string(), |evaluation| evaluation.step.to_string())}</td>
                            <td class="number" data-testid="video-motion-knn">{cell(latest.map(|evaluation| evaluation.motion_knn))}</td>
                            <td class="number">{cell(latest.map(|evaluation| evaluation.motion_linear))}</td>
                            <td class="number">{cell(latest.map(|evaluation| evaluation.appearance_knn))}</td>
                            <td class="number">{auroc(TemporalNegative::FrameShuffle)}</td>
                            <td class="number">{auroc(TemporalNegative::Frozen)}</td>
                            <td class="number">{auroc(TemporalNegative::Reverse)}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="Latest video measures">
        <table class="metric-table" data-testid="video-measures">
            <caption>
                "Latest measures on 256 held-out clips. Motion: k-NN and linear probe on the frozen encoder's clip features. \
                 One frame: the same k-NN on a clip held still, the appearance-only control (a gain only there is not about motion). \
                 AUROC: how well the predictive score tells real clips from shuffled, frozen and reversed ones (reversed is a control: \
                 near 0.5 is expected)."
                <HelpMark id="video-measures" />
            </caption>
            <thead>
                <tr>
                    <th scope="col">"run"</th>
                    <th scope="col">"step"</th>
                    <th scope="col">"motion k-NN"</th>
                    <th scope="col">"motion probe"</th>
                    <th scope="col">"one frame k-NN"</th>
                    <th scope="col">"AUROC shuffled"</th>
                    <th scope="col">"AUROC frozen"</th>
                    <th scope="col">"AUROC reversed"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        </div>
    }
}
