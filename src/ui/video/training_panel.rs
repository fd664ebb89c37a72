//! The Video panel: the clip encoder's settings with its temporal NDA clips, the memory and time
//! estimate shown before Start, run controls and progress; its results are `training_results.rs`,
//! its "Explain one step" `walk.rs`.

use leptos::prelude::*;

use crate::ui::session_progress::phase_words;

use crate::augment::video::TemporalNegative;
use crate::experiment::HiddenControl;
use crate::experiment::Task;
use crate::ui::bridge::Commands;
use crate::ui::device_speed::time_left;
use crate::ui::gallery_state::GalleryState;
use crate::ui::help_mark::HelpMark;
use crate::ui::hideable::Hideable;
use crate::ui::number_field::{form_edit, form_number};
use crate::ui::run_buttons::RunButtons;
use crate::ui::share::read_picked_run_file;
use crate::ui::shell_state::ShellState;
use crate::ui::time_estimate::TimeEstimateLine;
use crate::ui::video::training_form::VideoField;
use crate::ui::video::training_results::{VideoCharts, VideoMeasures};
use crate::ui::video::training_state::VideoTrainingState;
use crate::ui::video::walk::VideoWalkSection;
use crate::ui::widgets::{ErrorLine, PresetSelect};
use nda_protocol::SessionControl;
use nda_protocol::session_messages::TrainingPhase;
use nda_protocol::video::messages::VideoControl;

/// The Video panel's body.
#[component]
pub fn VideoPanel(
    video: RwSignal<VideoTrainingState>,
    gallery: RwSignal<GalleryState>,
    shell: RwSignal<ShellState>,
) -> impl IntoView {
    view! {
        <Hideable control=HiddenControl::VideoSettings>
            <VideoSettings video=video gallery=gallery />
        </Hideable>
        <VideoEstimate video=video shell=shell />
        <VideoControls video=video shell=shell />
        <VideoProgressLine video=video />
        <Show when=move || video.with(|state| !state.runs.is_empty())>
            <VideoCharts video=video />
            <VideoMeasures video=video />
        </Show>
        <VideoWalkSection video=video />
    }
}

#[component]
fn VideoSettings(
    video: RwSignal<VideoTrainingState>,
    gallery: RwSignal<GalleryState>,
) -> impl IntoView {
    let edit = form_edit(video, gallery);
    let number = move |field: VideoField,
                       label: &'static str,
                       testid: &'static str,
                       step: &'static str,
                       value: fn(&VideoTrainingState) -> String| {
        form_number(video, edit, field, (label, testid, step), value)
    };
    let negative = move || {
        video.with(|state| {
            state
                .experiment
                .config
                .negatives
                .first()
                .map_or(String::new(), |(kind, _)| kind.label().to_string())
        })
    };
    view! {
        <fieldset class="card controls">
            <legend>"Settings"</legend>
            <div class="fields">
                <PresetSelect
                    label="Encoder "
                    id="video-preset"
                    value=Signal::derive(move || video.with(|state| format!("{:?}", state.experiment.config.preset).to_lowercase()))
                    on_pick=move |text: String| edit(VideoField::Preset, text)
                />
                {number(VideoField::BatchSize, "Clips per batch", "video-batch", "1", |state| state.experiment.config.batch_size.to_string())}
                <label>
                    "Clips "
                    <select
                        data-testid="video-clips"
                        prop:value=move || video.with(|state| if state.experiment.own_clips.is_some() { "own" } else { "shapes" })
                        on:change=move |event| {
                            let own = event_target_value(&event) == "own";
                            video.update(|state| state.form_error = state.use_own_clips(own).err());
                        }
                    >
                        <option value="shapes">"Moving Shapes"</option>
                        <option value="own" disabled=move || video.with(|state| state.own.is_none())>
                            {move || video.with(|state| state.own.as_ref().map_or("Your clips (load them in the gallery)".to_string(), |clips| format!("Your clips ({})", clips.len())))}
                        </option>
                    </select>
                    <HelpMark id="video-clips" />
                </label>
                {number(VideoField::Steps, "Steps", "video-steps", "1", |state| state.experiment.steps.to_string())}
                {number(VideoField::EvaluateEvery, "Evaluate every", "video-evaluate-every", "1", |state| state.experiment.evaluate_every.to_string())}
                {number(VideoField::NdaViews, "NDA clips per clip (m)", "video-nda-views", "1", |state| state.experiment.config.nda_views.to_string())}
                <label>
                    "NDA clips are "
                    <select
                        data-testid="video-negative"
                        prop:value=negative
                        on:change=move |event| edit(VideoField::Negative, event_target_value(&event))
                    >
                        {TemporalNegative::ALL.into_iter().map(|kind| {
                            let text = if kind == TemporalNegative::Reverse {
                                format!("{} (a control)", kind.label())
                            } else {
                                kind.label().to_string()
                            };
                            view! { <option value=kind.label()>{text}</option> }
                        }).collect_view()}
                    </select>
                    <HelpMark id="video-negative" />
                </label>
                {number(VideoField::Temperature, "Temperature", "video-temperature", "0.01", |state| state.experiment.config.temperature.to_string())}
                {number(VideoField::LearningRate, "Learning rate", "video-lr", "0.0001", |state| state.experiment.config.learning_rate.to_string())}
                {number(VideoField::Seed, "Seed", "video-seed", "1", |state| state.experiment.config.seed.to_string())}
            </div>
            <p class="hint">
                "Dense predictive coding (Han et al., 2019; the paper's base for video is CPC): each 8-frame Moving Shapes clip is four \
                 blocks of two frames; the first two blocks predict every location of the last two, against the other clips' blocks \
                 (InfoNCE). Each clip's m NDA clips add their future blocks to that clip's denominator only. The baseline is the same \
                 run with m = 0: same seed, weights and clip order. Temporal negatives (shuffled, frozen, stitched clips) are this \
                 project's extension of the paper, whose video negatives were spatial. Reverse was planned as a control, since on Moving \
                 Shapes a reversed clip is another valid motion, but it is not neutral for this loss: the video study found it raises \
                 motion accuracy more than shuffle does (docs/science/video-shuffle). Trained clips: the 1,600 clips of seed 1; measured on 256 held-out clips."
            </p>
            <p class="hint" data-testid="video-clips-text">{move || video.with(|state| format!("Trains on {}.", state.clips_text()))}</p>
            <ErrorLine error=Signal::derive(move || video.with(|state| state.form_error.clone())) testid="video-form-error" />
        </fieldset>
    }
}

/// The memory one step needs and the time the steps take here, before Start.
#[component]
fn VideoEstimate(
    video: RwSignal<VideoTrainingState>,
    shell: RwSignal<ShellState>,
) -> impl IntoView {
    let memory =
        move || video.with(|state| shell.with(|shell| state.memory_text(shell.backend_kind())));
    let text = Signal::derive(move || {
        let run = video.with(VideoTrainingState::run_rate);
        let rate = shell.with(|shell| shell.speed.rate(Task::Video, shell.backend_kind(), run));
        video.with(|state| state.time_text(rate))
    });
    let training =
        Signal::derive(move || video.with(|state| state.phase() == Some(TrainingPhase::Running)));
    let ids = [
        "video-time-estimate",
        "video-calibrate",
        "video-calibrate-error",
    ];
    view! {
        <p class="hint" data-testid="video-memory-estimate">{memory}</p>
        <TimeEstimateLine text=text training=training shell=shell ids=ids />
    }
}

#[component]
fn VideoControls(
    video: RwSignal<VideoTrainingState>,
    shell: RwSignal<ShellState>,
) -> impl IntoView {
    let commands = expect_context::<Commands>();
    let send =
        move |command: Option<nda_protocol::Command>| commands.send(command.into_iter().collect());
    let start = move |compare: bool| {
        let backend = shell.with_untracked(ShellState::backend_kind);
        send(
            video
                .try_update(|state| state.start(compare, backend))
                .flatten(),
        );
    };
    let control =
        move |control: VideoControl| send(video.try_update(|state| state.control(control)));
    let session =
        move |control: SessionControl| send(video.try_update(|state| state.session(control)));
    let export = move || send(video.try_update(VideoTrainingState::export));
    let continue_on_cpu = move || {
        let mut sent = shell
            .try_update(|shell| shell.set_force_cpu(true))
            .unwrap_or_default();
        sent.extend(video.try_update(VideoTrainingState::continue_on_current_backend));
        commands.send(sent);
    };
    let can_continue = move || video.with(VideoTrainingState::can_continue_from);
    let import = move |event: leptos::ev::Event| {
        read_picked_run_file(
            &event,
            move |bytes| send(video.try_update(|state| state.import(bytes, None))),
            move |message| video.update(|state| state.error = Some(message)),
        );
    };
    let phase = Memo::new(move |_| video.with(VideoTrainingState::phase));
    let can_step = Signal::derive(move || video.with(VideoTrainingState::can_step));
    view! {
        <div class="fields gan-controls">
            <RunButtons prefix="video" phase=phase can_step=can_step start=start session=session control=control />
            <button data-testid="video-export" disabled=move || phase.get().is_none() on:click=move |_| export()>"Download run file"</button>
            <Show when=move || can_continue().is_some()>
                <button data-testid="video-continue-cpu" on:click=move |_| continue_on_cpu()>
                    {move || format!("Continue on the CPU from step {}", can_continue().unwrap_or_default())}
                </button>
            </Show>
            <label class="button-like">
                "Open run file"
                <input type="file" accept=".zip,application/zip" data-testid="video-import" on:change=import />
            </label>
        </div>
    }
}

#[component]
fn VideoProgressLine(video: RwSignal<VideoTrainingState>) -> impl IntoView {
    let phase_text = move || {
        video.with(|state| match state.phase() {
            None if state.awaiting => "Drawing the clips and building the encoders…".to_string(),
            None => "Not started.".to_string(),
            Some(phase) => phase_words(phase).into(),
        })
    };
    let problem = move || {
        video.with(|state| {
            state
                .status
                .as_ref()
                .and_then(|status| status.problem.clone())
        })
    };
    let progress = Memo::new(move |_| video.with(VideoTrainingState::progress));
    let text = move || {
        progress.get().map(|progress| {
            format!(
                "Step {} / {} · {:.2} steps/s · {:.0} clips/s{}",
                progress.step,
                progress.total,
                progress.steps_per_second,
                progress.images_per_second,
                time_left(progress.seconds_left)
            )
        })
    };
    view! {
        <div class="gan-progress" data-testid="video-progress">
            <p data-testid="video-phase">{phase_text}</p>
            <ErrorLine error=Signal::derive(problem) testid="video-problem" />
            <ErrorLine error=Signal::derive(move || video.with(|state| state.error.clone())) testid="video-error" />
            <Show when=move || progress.get().is_some()>
                <progress max=move || progress.get().map_or(1, |progress| progress.total) value=move || progress.get().map_or(0, |progress| progress.step) />
                <p data-testid="video-progress-text" data-step=move || progress.get().map_or(0, |progress| progress.step)>{text}</p>
            </Show>
        </div>
    }
}
