//! The GAN panel: settings, run controls (with step D / step G for teaching and slow motion),
//! progress, and per run its fixed-noise grid, loss and score charts, score histogram and
//! sampling. With "Baseline vs NDA" the two runs stand in two columns side by side.

use super::help_mark::HelpMark;
use leptos::prelude::*;

use super::bridge::Commands;
use super::canvas::MosaicCanvas;
use super::chart::{LineChart, ScoreHistogramChart, Series};
use super::data_state::DataState;
use super::device_speed::duration;
use super::download::download_png;
use super::evaluation::panel::EvaluationSection;
use super::gallery_state::GalleryState;
use super::gan_form::GanField;
use super::gan_requests::SampleKind;
use super::gan_state::GanState;
use super::hideable::Hideable;
use super::looking::panel::LookingSection;
use super::number_field::{NegativeWeightFields, NumberField};
use super::page::PageSignals;
use super::share::read_picked_run_file;
use super::shell_state::ShellState;
use super::step_walk::panel::StepWalkSection;
use super::time_estimate::GanTimeEstimate;
use crate::augment::NegativeKind;
use crate::experiment::HiddenControl;
use crate::train::memory::{gan_memory, megabytes};
use crate::train::{EmaConfig, GanPoint};
use crate::worker::gan_messages::{GanControl, TrainingPhase};
use crate::worker::protocol::Command;

/// The GAN panel's body.
#[component]
pub fn GanPanel(
    gan: RwSignal<GanState>,
    gallery: RwSignal<GalleryState>,
    data: RwSignal<DataState>,
    shell: RwSignal<ShellState>,
) -> impl IntoView {
    let run_count = Memo::new(move |_| gan.with(|state| state.runs.len()));
    let evaluation = expect_context::<PageSignals>().evaluation;
    let looking = expect_context::<PageSignals>().looking;
    let walk = expect_context::<PageSignals>().walk;
    view! {
        <Hideable control=HiddenControl::GanSettings>
            <GanSettings gan=gan gallery=gallery data=data />
        </Hideable>
        <GanTimeEstimate gan=gan gallery=gallery data=data shell=shell />
        <GanControls gan=gan />
        <GanProgressLine gan=gan shell=shell />
        <div class="gan-runs" data-testid="gan-runs">
            {move || (0..run_count.get()).map(|index| view! { <RunColumn gan=gan index=index /> }).collect_view()}
        </div>
        <StepWalkSection walk=walk gan=gan />
        <EvaluationSection evaluation=evaluation gan=gan />
        <LookingSection looking=looking gan=gan />
    }
}

#[component]
fn GanSettings(
    gan: RwSignal<GanState>,
    gallery: RwSignal<GalleryState>,
    data: RwSignal<DataState>,
) -> impl IntoView {
    let edit = move |field: GanField, text: String| {
        let settings = gallery.with_untracked(|gallery| gallery.settings.clone());
        gan.update(|state| state.edit(field, &text, &settings));
    };
    let number = move |field: GanField,
                       label: &'static str,
                       testid: &'static str,
                       step: &'static str,
                       value: fn(&GanState) -> String| {
        view! {
            <NumberField
                label=label
                testid=testid
                step=step
                value=Memo::new(move |_| gan.with(value))
                on_change=move |text: String| edit(field, text)
            />
        }
    };
    // What one step needs on this data set's side: settings that cannot fit are refused at Start.
    let memory_note = move || {
        data.with(|data| {
            gan.with(|state| {
                let settings = gallery.with(|gallery| gallery.settings.clone());
                let experiment = state.experiment_for(&settings, data.summary.as_ref());
                let estimate = gan_memory(&experiment.gan);
                format!(
                    "One training step needs about {} of memory (its largest tensor {}).",
                    megabytes(estimate.step_bytes),
                    megabytes(estimate.tensor_bytes)
                )
            })
        })
    };
    let ema_note = move || {
        gan.with(|state| {
            let ema = EmaConfig::scaled_for_run(state.experiment.iterations);
            format!(
                "Samples come from an exponential moving average of the generator: decay {:.4} from iteration {} \
                 (the reference's 0.9999 from iteration 1000, scaled to a run of {} iterations).",
                ema.decay, ema.start_iteration, state.experiment.iterations
            )
        })
    };
    view! {
        <fieldset class="card controls">
            <legend>"Settings"</legend>
            <div class="fields">
                <label>
                    "Model "
                    <select
                        data-testid="gan-preset"
                        prop:value=move || gan.with(|state| format!("{:?}", state.experiment.gan.preset).to_lowercase())
                        on:change=move |event| edit(GanField::Preset, event_target_value(&event))
                    >
                        <option value="tiny" selected>"tiny (width 16)"</option>
                        <option value="small">"small (width 32)"</option>
                        <option value="medium">"medium (width 64)"</option>
                    </select>
                    <HelpMark id="gan-preset" />
                </label>
                {number(GanField::BatchSize, "Batch", "gan-batch", "1", |state| state.experiment.gan.batch_size.to_string())}
                {number(GanField::Iterations, "Iterations", "gan-iterations", "1", |state| state.experiment.iterations.to_string())}
                {number(GanField::NDis, "D steps per G step", "gan-ndis", "1", |state| state.experiment.gan.n_dis.to_string())}
                {number(GanField::Alpha, "α (fake)", "gan-alpha", "0.05", |state| state.experiment.gan.alpha.to_string())}
                {number(GanField::Beta, "β (NDA)", "gan-beta", "0.05", |state| state.experiment.gan.beta.to_string())}
                {number(GanField::LearningRate, "Learning rate", "gan-lr", "0.0001", |state| state.experiment.gan.learning_rate.to_string())}
                {number(GanField::Seed, "Seed", "gan-seed", "1", |state| state.experiment.gan.seed.to_string())}
                {number(GanField::SampleEvery, "Grid every", "gan-sample-every", "1", |state| state.experiment.sample_every.to_string())}
                <label class="choice">
                    <input
                        type="checkbox"
                        data-testid="gan-conditional"
                        prop:checked=move || gan.with(|state| state.conditional)
                        on:change=move |event| gan.update(|state| state.set_conditional(event_target_checked(&event)))
                    />
                    "Class-conditional (needs labels)"
                    <HelpMark id="gan-conditional" />
                </label>
            </div>
            <div class="fields" role="group" aria-label="Negative augmentations and their weights">
                <span>"Negatives (weight, 0 = off; their settings come from the Augmentations panel):"</span>
                <NegativeWeightFields
                    prefix="gan"
                    weights=Memo::new(move |_| gan.with(|state| state.weights))
                    on_change=move |(kind, text): (NegativeKind, String)| edit(GanField::NegativeWeight(kind), text)
                />
            </div>
            <p class="hint">
                "L_D = real + α·fake + β·NDA (hinge; the paper's α 0.25, β 0.75). The baseline is the same run with α 1, β 0. "
                {ema_note}
            </p>
            <p class="hint" data-testid="gan-memory">{memory_note}</p>
            <Show when=move || gan.with(|state| state.form_error.is_some())>
                <p class="error" role="alert" data-testid="gan-form-error">
                    {move || gan.with(|state| state.form_error.clone().unwrap_or_default())}
                </p>
            </Show>
        </fieldset>
    }
}

#[component]
fn GanControls(gan: RwSignal<GanState>) -> impl IntoView {
    let commands = expect_context::<Commands>();
    let send = move |command: Option<Command>| commands.send(command.into_iter().collect());
    let page = expect_context::<PageSignals>();
    let start = move |compare: bool| send(page.start_gan(compare));
    let control = move |control: GanControl| send(gan.try_update(|state| state.control(control)));
    let export = move || {
        let config = Box::new(page.snapshot().config);
        gan.update(|state| state.awaiting = true);
        send(Some(Command::GanExport {
            config,
            save: false,
        }));
    };
    let import = move |event: leptos::ev::Event| {
        read_picked_run_file(
            &event,
            move |bytes| {
                gan.update(|state| {
                    state.awaiting = true;
                    state.saving.save_as(None);
                });
                send(Some(Command::GanImport { bytes }));
            },
            move |message| gan.update(|state| state.error = Some(message)),
        );
    };
    let phase = Memo::new(move |_| gan.with(GanState::phase));
    let is = move |wanted: TrainingPhase| phase.get() == Some(wanted);
    let can_step = move || gan.with(GanState::can_step);
    view! {
        <div class="fields gan-controls">
            <button data-testid="gan-start" on:click=move |_| start(false)>"Start NDA-GAN"</button>
            <button data-testid="gan-compare" on:click=move |_| start(true)>"Baseline vs NDA"</button>
            <button data-testid="gan-pause" disabled=move || !is(TrainingPhase::Running) on:click=move |_| control(GanControl::Pause)>"Pause"</button>
            <button data-testid="gan-resume" disabled=move || !is(TrainingPhase::Paused) on:click=move |_| control(GanControl::Resume)>"Resume"</button>
            <button data-testid="gan-stop" disabled=move || phase.get().is_none() on:click=move |_| control(GanControl::Stop)>"Stop"</button>
            <button data-testid="gan-reset" disabled=move || phase.get().is_none() on:click=move |_| control(GanControl::Reset)>"Reset"</button>
        </div>
        <div class="fields gan-controls" role="group" aria-label="Run files">
            <button data-testid="gan-export" disabled=move || phase.get().is_none() on:click=move |_| export()>"Export run (.zip)"</button>
            <label class="button-like">
                "Import run"
                <input type="file" accept=".zip,application/zip" data-testid="gan-import" on:change=import />
            </label>
        </div>
        <div class="fields gan-controls" role="group" aria-label="Teaching steps">
            <button data-testid="gan-step-d" disabled=move || !can_step() on:click=move |_| control(GanControl::StepDiscriminator)>"Step D once"</button>
            <button data-testid="gan-step-g" disabled=move || !can_step() on:click=move |_| control(GanControl::StepGenerator)>"Step G once"</button>
            <button data-testid="gan-step-iteration" disabled=move || !can_step() on:click=move |_| control(GanControl::StepIteration)>"One iteration"</button>
            <label>
                "Slow motion "
                <input
                    type="range"
                    min="0"
                    max="1000"
                    step="50"
                    value="0"
                    data-testid="gan-delay"
                    on:change=move |event| send(gan.try_update(|state| state.set_delay(&event_target_value(&event))).flatten())
                />
                <span class="hint">{move || gan.with(|state| format!(" {} ms between iterations", state.delay_millis))}</span>
                <HelpMark id="gan-delay" />
            </label>
        </div>
    }
}

#[component]
fn GanProgressLine(gan: RwSignal<GanState>, shell: RwSignal<ShellState>) -> impl IntoView {
    let commands = expect_context::<Commands>();
    // Switch the page to the CPU (so the header says so), then move the run there.
    let continue_on_cpu = move || {
        let mut sent = shell
            .try_update(|shell| shell.set_force_cpu(true))
            .unwrap_or_default();
        sent.push(Command::GanContinueOnCurrentBackend);
        gan.update(|state| state.awaiting = true);
        commands.send(sent);
    };
    let evaluation = expect_context::<PageSignals>().evaluation;
    let evaluating = move || evaluation.with(|evaluation| evaluation.progress.is_some());
    let phase_text = move || {
        gan.with(|state| match state.phase() {
            None => "Not started. Start trains on the dataset of the Data panel.".to_string(),
            Some(TrainingPhase::Running) if evaluating() => {
                "Evaluating; training waits until the numbers are in.".into()
            }
            Some(TrainingPhase::Running) => "Training…".into(),
            Some(TrainingPhase::Paused) => "Paused.".into(),
            Some(TrainingPhase::Finished) => "Finished.".into(),
            Some(TrainingPhase::Stopped) => "Stopped.".into(),
        })
    };
    let progress = Memo::new(move |_| gan.with(GanState::progress));
    let d_steps = move || {
        gan.with(|state| {
            state
                .runs
                .first()
                .and_then(|run| run.points.last())
                .map_or(0, |point| point.discriminator_steps)
        })
    };
    let text = move || {
        progress.get().map(|progress| {
            let left = if progress.seconds_left.is_finite() {
                format!(" · about {} left", duration(progress.seconds_left))
            } else {
                String::new()
            };
            format!(
                "Iteration {} / {} · {} D steps · {:.2} it/s · {:.0} real images/s{left}",
                progress.iteration,
                progress.total,
                d_steps(),
                progress.iterations_per_second,
                progress.images_per_second
            )
        })
    };
    view! {
        <div class="gan-progress" data-testid="gan-progress">
            <p data-testid="gan-phase">{phase_text}</p>
            <Show when=move || gan.with(|state| state.status.as_ref().and_then(|status| status.problem.clone()).is_some())>
                <p class="error" role="alert" data-testid="gan-problem">
                    {move || gan.with(|state| state.status.as_ref().and_then(|status| status.problem.clone()).unwrap_or_default())}
                </p>
            </Show>
            <Show when=move || gan.with(|state| state.status.as_ref().and_then(|status| status.can_continue_on_cpu_from).is_some())>
                <button data-testid="gan-continue-cpu" on:click=move |_| continue_on_cpu()>
                    {move || gan.with(|state| format!("Continue on the CPU from iteration {}", state.status.as_ref().and_then(|status| status.can_continue_on_cpu_from).unwrap_or_default()))}
                </button>
            </Show>
            <Show when=move || gan.with(|state| state.error.is_some())>
                <p class="error" role="alert" data-testid="gan-error">{move || gan.with(|state| state.error.clone().unwrap_or_default())}</p>
            </Show>
            <Show when=move || progress.get().is_some()>
                <progress
                    max=move || progress.get().map_or(1, |progress| progress.total)
                    value=move || progress.get().map_or(0, |progress| progress.iteration)
                />
                <p
                    data-testid="gan-progress-text"
                    data-iteration=move || progress.get().map_or(0, |progress| progress.iteration)
                    data-d-steps=d_steps
                >
                    {text}
                </p>
            </Show>
        </div>
    }
}

#[component]
fn RunColumn(gan: RwSignal<GanState>, index: usize) -> impl IntoView {
    let commands = expect_context::<Commands>();
    let run = move |read: fn(&super::gan_state::RunView) -> String| {
        gan.with(|state| state.runs.get(index).map(read).unwrap_or_default())
    };
    let grid = Memo::new(move |_| {
        gan.with(|state| state.runs.get(index).and_then(|run| run.grid.clone()))
    });
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
        let picked = gan.with_untracked(|state| {
            state.runs.get(index).and_then(|run| {
                let name = run.info.label.to_lowercase();
                if samples_grid {
                    run.samples.as_ref().map(|(_, iteration, grid)| {
                        (
                            format!("nda-lab-{name}-samples-iteration-{iteration}.png"),
                            grid.clone(),
                        )
                    })
                } else {
                    run.grid.as_ref().map(|(iteration, grid)| {
                        (
                            format!("nda-lab-{name}-fixed-noise-iteration-{iteration}.png"),
                            grid.clone(),
                        )
                    })
                }
            })
        });
        if let Some((file, grid)) = picked
            && let Err(message) = download_png(&grid, &file)
        {
            gan.update(|state| state.error = Some(message));
        }
    };
    view! {
        <section class="gan-run card" data-testid=format!("gan-run-{index}")>
            <h3>{label}</h3>
            <p class="hint" data-testid=format!("gan-run-settings-{index}")>{move || run(|run| settings_summary(&run.info.config))}</p>
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
                {move || points.with(|points| points.last().map(latest_values).unwrap_or_default())}
            </p>
            <LineChart series=losses title="Losses: L_D terms and L_G" testid=format!("gan-loss-chart-{index}") />
            <LineChart series=scores title="Mean D score" testid=format!("gan-score-chart-{index}") />
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

/// "α 0.25 · β 0.75 · negatives: Jigsaw ×1 · …" for a run's heading.
fn settings_summary(config: &crate::train::GanConfig) -> String {
    let negatives = if config.uses_negatives() {
        config
            .negatives
            .iter()
            .map(|(augmentation, weight)| format!("{} ×{weight}", augmentation.kind().label()))
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        "none".into()
    };
    format!(
        "α {} · β {} · negatives: {negatives} · {:?} model · batch {} · {} D steps per G step · lr {} · seed {}",
        config.alpha,
        config.beta,
        config.preset,
        config.batch_size,
        config.n_dis,
        config.learning_rate,
        config.seed
    )
}

/// The latest values in words, with four decimals.
fn latest_values(point: &GanPoint) -> String {
    let optional =
        |value: Option<f32>| value.map_or("–".to_string(), |value| format!("{value:.4}"));
    format!(
        "Iteration {}: L_D {:.4} (real {:.4} + fake {:.4} + NDA {:.4}) · L_G {} · D(real) {:.4} · D(fake) {:.4} · D(NDA) {}",
        point.iteration,
        point.d_loss,
        point.d_loss_real,
        point.d_loss_fake,
        point.d_loss_negative,
        optional(point.g_loss),
        point.d_real,
        point.d_fake,
        optional(point.d_negative)
    )
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
