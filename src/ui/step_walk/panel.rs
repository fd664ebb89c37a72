//! "Explain one step" in the GAN panel: the run's next iteration taken apart stage by stage, with
//! stage tabs, Back/Next buttons and the arrow keys.

use leptos::prelude::*;

use super::state::{WalkStage, WalkState};
use super::text::{LOSS_FORMULA, change_rows, partner_pairs, plugged_loss, stage_text};
use crate::data::RgbaMosaic;
use crate::train::teaching::explained_step::order_by_score;
use crate::train::teaching::{ExplainedStep, ScoredImages};
use crate::ui::bridge::Commands;
use crate::ui::canvas::MosaicCanvas;
use crate::ui::gan::state::GanState;
use crate::ui::page::PageSignals;
use crate::ui::widgets::{ErrorLine, RunPicker};

/// The "Explain one step" section of the GAN panel.
#[component]
pub fn StepWalkSection(
    /// The section's view-model.
    walk: RwSignal<WalkState>,
    /// The GAN panel's view-model (is there a run to step?).
    gan: RwSignal<GanState>,
) -> impl IntoView {
    let commands = expect_context::<Commands>();
    let can_step = move || gan.with(GanState::can_step);
    let has_session = move || gan.with(|state| state.phase().is_some());
    let busy = move || walk.with(|state| state.explained.request.awaiting);
    let page = expect_context::<PageSignals>();
    // Without a run, start one with the panel's settings first: the worker takes commands in
    // order, so the explanation is of the new run's first iteration.
    let explain = move |_| {
        let mut sent = Vec::new();
        if !has_session() {
            let compare = gan.with_untracked(|state| state.compare);
            match page.start_gan(compare) {
                Some(start) => sent.push(start),
                None => return,
            }
        }
        sent.extend(walk.try_update(WalkState::explain));
        commands.send(sent);
    };
    let step = Memo::new(move |_| walk.with(|state| state.shown().cloned()));
    let stage = Memo::new(move |_| walk.with(|state| state.stage));
    let labels = Memo::new(move |_| walk.with(|state| state.explained.labels()));
    let on_key = move |event: leptos::ev::KeyboardEvent| {
        if walk.try_update(|state| state.key(&event.key())) == Some(true) {
            event.prevent_default();
        }
    };
    view! {
        <section class="card walk" data-testid="walk">
            <h3>"Explain one step"</h3>
            <p class="hint">
                "Takes the run's next iteration (and pauses it) and walks through it with its own numbers: the batches D sees, its scores, the loss, what the D step changed, and the G step. "
                "The loss chart and the histogram then show this very step. Use the arrow keys or the buttons to move between stages."
            </p>
            <div class="fields">
                <button data-testid="walk-start" disabled=move || (has_session() && !can_step()) || busy() on:click=explain>
                    {move || if has_session() { "Explain the next iteration" } else { "Start and explain" }}
                </button>
                <RunPicker labels=labels selected=Signal::derive(move || walk.with(|state| state.explained.run)) on_pick=move |run| walk.update(|state| state.explained.run = run) id="walk-run" />
            </div>
            <ErrorLine error=Signal::derive(move || walk.with(|state| state.explained.request.error.clone())) testid="walk-error" />
            <Show when=move || step.with(Option::is_some)>
                <div class="walk-body" tabindex="0" data-testid="walk-body" data-stage=move || stage.get().key() on:keydown=on_key>
                    <div class="walk-stages" role="tablist" aria-label="Stages of the iteration">
                        {WalkStage::ALL.into_iter().map(|each| view! {
                            <button role="tab" data-testid=format!("walk-stage-{}", each.key()) aria-selected=move || (stage.get() == each).to_string() on:click=move |_| walk.update(|state| state.stage = each)>{each.title()}</button>
                        }).collect_view()}
                    </div>
                    <h4 data-testid="walk-title">{move || stage.get().title()}</h4>
                    <div data-testid="walk-text">
                        {move || step.get().map(|step| stage_text(&step, stage.get()).into_iter().map(|sentence| view! { <p>{sentence}</p> }).collect_view())}
                    </div>
                    {move || step.get().map(|step| stage_view(&step, stage.get()))}
                    <div class="fields">
                        <button data-testid="walk-back" disabled=move || !walk.with(WalkState::has_previous) on:click=move |_| walk.update(WalkState::previous)>"← Back"</button>
                        <button data-testid="walk-next" disabled=move || !walk.with(WalkState::has_next) on:click=move |_| walk.update(WalkState::next)>"Next →"</button>
                    </div>
                </div>
            </Show>
        </section>
    }
}

/// What a stage shows besides its sentences.
fn stage_view(step: &ExplainedStep, stage: WalkStage) -> AnyView {
    match stage {
        WalkStage::Real => strip("walk-real", &step.real.images, None).into_any(),
        WalkStage::Negative => negative_view(step).into_any(),
        WalkStage::Generated => strip("walk-generated", &step.fake.images, None).into_any(),
        WalkStage::Scores => {
            let mut rows = vec![
                scored_row("real", "walk-scores-real", &step.real),
                scored_row("generated", "walk-scores-generated", &step.fake),
            ];
            rows.extend(step.negative.as_ref().map(|group| scored_row("NDA", "walk-scores-nda", group)));
            rows.collect_view().into_any()
        }
        WalkStage::Loss => {
            let [means, terms] = plugged_loss(step);
            view! {
                <div class="walk-loss" data-testid="walk-loss" data-total=step.loss.total.to_string()>
                    <p><code>{LOSS_FORMULA}</code></p>
                    <p><code data-testid="walk-loss-means">{means}</code></p>
                    <p><code data-testid="walk-loss-terms">{terms}</code></p>
                </div>
            }
            .into_any()
        }
        WalkStage::Change => view! {
            <table data-testid="walk-change">
                <thead><tr><th>"images"</th><th>"mean D before"</th><th>"mean D after"</th><th>"moved as pushed"</th></tr></thead>
                <tbody>
                    {change_rows(step).into_iter().map(|row| view! {
                        <tr>
                            <td>{row.group}</td>
                            <td>{format!("{:+.4}", row.before)}</td>
                            <td>{format!("{:+.4}", row.after)}</td>
                            <td>{format!("{} of {} {}", row.moved.0, row.moved.1, row.pushed)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
        .into_any(),
        WalkStage::Generator => {
            strip("walk-g-samples", &step.generator.images, Some(&step.generator.scores)).into_any()
        }
    }
}

/// The NDA stage: the real images above the NDA images made from them, and the partners.
fn negative_view(step: &ExplainedStep) -> impl IntoView + use<> {
    let Some(negative) = &step.negative else {
        return ().into_any();
    };
    let pairs = partner_pairs(step);
    let real = &step.real.images;
    let rows = pairs
        .into_iter()
        .map(|(image, partner)| {
            let images = [
                real[image].clone(),
                real[partner].clone(),
                negative.images[image].clone(),
            ];
            view! {
                <div class="walk-pair" data-testid="walk-pair">
                    {thumb(images[0].clone(), format!("image {}", image + 1))}
                    {thumb(images[1].clone(), format!("partner {}", partner + 1))}
                    {thumb(images[2].clone(), "NDA".to_string())}
                </div>
            }
        })
        .collect_view();
    view! {
        <p class="hint">"Real images:"</p>
        {strip("walk-nda-real", real, None)}
        <p class="hint">"The NDA image made from each, in the same order:"</p>
        {strip("walk-nda", &negative.images, None)}
        <div class="walk-pairs">{rows}</div>
    }
    .into_any()
}

/// One group's thumbnails sorted by D's score, with the score under each.
fn scored_row(
    name: &'static str,
    testid: &'static str,
    group: &ScoredImages,
) -> impl IntoView + use<> {
    let scores = serde_json::to_string(&group.scores).unwrap_or_default();
    view! {
        <p class="hint">{format!("{name}: mean D {:+.3}", group.mean())}</p>
        <div data-scores=scores>{strip(testid, &group.images, Some(&group.scores))}</div>
    }
}

/// Thumbnails in a row, highest score first when `scores` are given.
fn strip(
    testid: &'static str,
    images: &[RgbaMosaic],
    scores: Option<&[f32]>,
) -> impl IntoView + use<> {
    let order = match scores {
        Some(scores) => order_by_score(images.len(), scores),
        None => (0..images.len()).collect(),
    };
    let thumbs = order
        .into_iter()
        .map(|index| {
            let caption =
                scores.map_or_else(String::new, |scores| format!("{:+.2}", scores[index]));
            thumb(images[index].clone(), caption)
        })
        .collect_view();
    view! { <div class="walk-strip" data-testid=testid>{thumbs}</div> }
}

fn thumb(image: RgbaMosaic, caption: String) -> impl IntoView + use<> {
    view! {
        <figure class="walk-thumb">
            <MosaicCanvas mosaic=Signal::derive(move || Some(image.clone())) testid="walk-thumb" label=caption.clone() scale=2 />
            <figcaption>{caption}</figcaption>
        </figure>
    }
}
