//! The GAN panel's run controls (start, pause, step D / step G / one iteration for teaching,
//! slow motion, continue on the CPU after a GPU fault) and its progress line.

use crate::ui::bridge::Commands;
use crate::ui::device_speed::time_left;
use crate::ui::gan::state::GanState;
use crate::ui::help_mark::HelpMark;
use crate::ui::page::PageSignals;
use crate::ui::run_files::{continue_on_cpu, export_run, import_run};
use crate::ui::shell_state::ShellState;
use crate::ui::task_panel::TaskPanel;
use leptos::prelude::*;

use crate::ui::session_progress::phase_words;
use nda_protocol::gan::messages::GanControl;
use nda_protocol::session_messages::TrainingPhase;
use nda_protocol::{Command, SessionCommand, SessionControl};

#[component]
pub fn GanControls(gan: RwSignal<GanState>) -> impl IntoView {
    let commands = expect_context::<Commands>();
    let send = move |command: Option<Command>| commands.send(command.into_iter().collect());
    let page = expect_context::<PageSignals>();
    let start = move |compare: bool| send(page.start_gan(compare));
    let control = move |control: GanControl| send(gan.try_update(|state| state.control(control)));
    let session = move |control: SessionControl| {
        send(gan.try_update(|state| state.session_command(SessionCommand::Control(control))))
    };
    let export = move || export_run(gan, commands, page.snapshot().config);
    let import = move |event: leptos::ev::Event| import_run(&event, gan, commands);
    let phase = Memo::new(move |_| gan.with(GanState::phase));
    let is = move |wanted: TrainingPhase| phase.get() == Some(wanted);
    let can_step = move || gan.with(GanState::can_step);
    view! {
        <div class="fields gan-controls">
            <button data-testid="gan-start" on:click=move |_| start(false)>"Start NDA-GAN"</button>
            <button data-testid="gan-compare" on:click=move |_| start(true)>"Baseline vs NDA"</button>
            <button data-testid="gan-pause" disabled=move || !is(TrainingPhase::Running) on:click=move |_| session(SessionControl::Pause)>"Pause"</button>
            <button data-testid="gan-resume" disabled=move || !is(TrainingPhase::Paused) on:click=move |_| session(SessionControl::Resume)>"Resume"</button>
            <button data-testid="gan-stop" disabled=move || phase.get().is_none() on:click=move |_| session(SessionControl::Stop)>"Stop"</button>
            <button data-testid="gan-reset" disabled=move || phase.get().is_none() on:click=move |_| session(SessionControl::Reset)>"Reset"</button>
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
pub fn GanProgressLine(gan: RwSignal<GanState>, shell: RwSignal<ShellState>) -> impl IntoView {
    let commands = expect_context::<Commands>();
    let continue_on_cpu = move || continue_on_cpu(gan, shell, commands);
    let evaluation = expect_context::<PageSignals>().evaluation;
    let evaluating = move || evaluation.with(|evaluation| evaluation.progress.is_some());
    let phase_text = move || {
        gan.with(|state| match state.phase() {
            None => "Not started. Start trains on the dataset of the Data panel.".to_string(),
            Some(TrainingPhase::Running) if evaluating() => {
                "Evaluating; training waits until the numbers are in.".into()
            }
            Some(phase) => phase_words(phase).into(),
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
            let left = time_left(progress.seconds_left);
            format!(
                "Iteration {} / {} · {} D steps · {:.2} it/s · {:.0} real images/s{left}",
                progress.step,
                progress.total,
                d_steps(),
                progress.steps_per_second,
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
                    value=move || progress.get().map_or(0, |progress| progress.step)
                />
                <p
                    data-testid="gan-progress-text"
                    data-iteration=move || progress.get().map_or(0, |progress| progress.step)
                    data-d-steps=d_steps
                >
                    {text}
                </p>
            </Show>
        </div>
    }
}
