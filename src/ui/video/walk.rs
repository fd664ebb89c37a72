//! "Explain one step" in the Video panel: one clip of the run's next step beside its NDA clips,
//! what the predictive loss made of its predictions, and the batch's loss recomputed on the page.

use leptos::prelude::*;

use super::walk_text::{PREDICTIVE_FORMULA, batch_line, clip_text};
use crate::data::RgbaMosaic;
use crate::ui::bridge::Commands;
use crate::ui::canvas::MosaicCanvas;
use crate::ui::help_mark::HelpMark;
use crate::ui::video::training_state::VideoTrainingState;
use crate::ui::widgets::{ErrorLine, RunPicker};

/// The video walk-through section.
#[component]
pub fn VideoWalkSection(video: RwSignal<VideoTrainingState>) -> impl IntoView {
    let commands = expect_context::<Commands>();
    let can_step = move || video.with(VideoTrainingState::can_step);
    let busy = move || video.with(|state| state.walk.explained.request.awaiting);
    let explain = move |_| {
        commands.send(
            video
                .try_update(|state| state.walk.explain())
                .into_iter()
                .collect(),
        )
    };
    let shown = Memo::new(move |_| {
        video.with(|state| {
            state
                .walk
                .shown_clip()
                .map(|(step, index, clip)| (step.clone(), index, clip.clone()))
        })
    });
    let labels = Memo::new(move |_| video.with(|state| state.walk.explained.labels()));
    let clips = Memo::new(move |_| {
        video.with(|state| state.walk.shown().map_or(0, |step| step.clips.len()))
    });
    view! {
        <section class="card walk" data-testid="vwalk">
            <h3>"Explain one step"</h3>
            <p class="hint">
                "Takes the run's next step (and pauses it) and shows one clip of the batch beside its NDA clips: how close its predictions come to its true future blocks, to the closest other block and to its NDA clips' blocks, and its InfoNCE term."
            </p>
            <div class="fields">
                <button data-testid="video-explain" disabled=move || !can_step() || busy() on:click=explain>"Explain the next step"</button>
                <Show when=move || { clips.get() > 0 }>
                    <label>
                        "Clip "
                        <select data-testid="vwalk-clip" on:change=move |event| {
                            if let Ok(clip) = event_target_value(&event).parse::<usize>() {
                                video.update(|state| state.walk.clip = clip);
                            }
                        }>
                            {move || (0..clips.get()).map(|index| view! {
                                <option value=index.to_string() selected=move || video.with(|state| state.walk.clip == index)>{(index + 1).to_string()}</option>
                            }).collect_view()}
                        </select>
                        <HelpMark id="vwalk-clip" />
                    </label>
                </Show>
                <RunPicker labels=labels selected=Signal::derive(move || video.with(|state| state.walk.explained.run)) on_pick=move |run| video.update(|state| state.walk.explained.run = run) id="vwalk-run" />
            </div>
            <ErrorLine error=Signal::derive(move || video.with(|state| state.walk.explained.request.error.clone())) testid="vwalk-error" />
            {move || shown.get().map(|(step, index, clip)| {
                let kinds: Vec<String> = step.negatives.iter().map(|(what, _)| what.clone()).collect();
                let mut strips = vec![strip(clip.frames.clone(), format!("the clip: true blocks {:+.3}", clip.numbers.positive))];
                strips.extend(clip.nda.iter().zip(&clip.numbers.nda).enumerate().map(|(view, (frames, similarity))| {
                    let kind = kinds.first().cloned().unwrap_or_default();
                    strip(frames.clone(), format!("NDA clip {} ({kind}): {similarity:+.3}", view + 1))
                }));
                view! {
                    <div data-testid="vwalk-body" data-loss=step.loss.to_string() data-mean-loss=step.mean_loss.to_string() data-clip-loss=clip.numbers.loss.to_string()>
                        <div data-testid="vwalk-text">
                            {clip_text(&step, index, &clip).into_iter().map(|sentence| view! { <p>{sentence}</p> }).collect_view()}
                        </div>
                        <div class="walk-clips" data-testid="vwalk-clips">{strips}</div>
                        <p><code>{PREDICTIVE_FORMULA}</code></p>
                        <p data-testid="vwalk-batch">{batch_line(&step)}</p>
                    </div>
                }
            })}
        </section>
    }
}

/// A clip's frames, left to right, with a caption.
fn strip(frames: RgbaMosaic, caption: String) -> impl IntoView + use<> {
    view! {
        <figure class="walk-thumb">
            <MosaicCanvas mosaic=Signal::derive(move || Some(frames.clone())) testid="vwalk-strip" label=caption.clone() scale=2 />
            <figcaption>{caption}</figcaption>
        </figure>
    }
}
