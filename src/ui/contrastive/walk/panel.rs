//! "Explain one step" in the Contrastive panel: one query of the run's next step, its views, its
//! similarities and its InfoNCE term with the numbers plugged in.

use leptos::prelude::*;

use super::state::ContrastiveWalkState;
use super::text::{INFO_NCE_FORMULA, batch_line, plugged_info_nce, query_text};
use crate::data::RgbaMosaic;
use crate::ui::bridge::Commands;
use crate::ui::canvas::MosaicCanvas;
use crate::ui::contrastive::state::ContrastiveState;
use crate::ui::help_mark::HelpMark;
use crate::ui::widgets::{ErrorLine, RunPicker};

/// The contrastive walk-through section.
#[component]
pub fn ContrastiveWalkSection(
    /// The section's view-model.
    walk: RwSignal<ContrastiveWalkState>,
    /// The panel's view-model (is there a run to step?).
    contrastive: RwSignal<ContrastiveState>,
) -> impl IntoView {
    let commands = expect_context::<Commands>();
    let can_step = move || contrastive.with(ContrastiveState::can_step);
    let busy = move || walk.with(|state| state.explained.request.awaiting);
    let explain = move |_| {
        commands.send(
            walk.try_update(ContrastiveWalkState::explain)
                .into_iter()
                .collect(),
        )
    };
    let shown = Memo::new(move |_| {
        walk.with(|state| {
            state
                .shown_query()
                .map(|(step, query)| (step.clone(), state.query, query.clone()))
        })
    });
    let labels = Memo::new(move |_| walk.with(|state| state.explained.labels()));
    let queries =
        Memo::new(move |_| walk.with(|state| state.shown().map_or(0, |step| step.queries.len())));
    view! {
        <section class="card walk" data-testid="cwalk">
            <h3>"Explain one step"</h3>
            <p class="hint">
                "Takes the run's next step (and pauses it) and shows, for one query, how close it is to its positive view, to its NDA views and to the nearest keys of the queue, and its InfoNCE term with those numbers plugged in."
            </p>
            <div class="fields">
                <button data-testid="cwalk-start" disabled=move || !can_step() || busy() on:click=explain>"Explain the next step"</button>
                <Show when=move || { queries.get() > 0 }>
                    <label>
                        "Query "
                        <select data-testid="cwalk-query" on:change=move |event| {
                            if let Ok(query) = event_target_value(&event).parse::<usize>() {
                                walk.update(|state| state.query = query);
                            }
                        }>
                            {move || (0..queries.get()).map(|index| view! {
                                <option value=index.to_string() selected=move || walk.with(|state| state.query == index)>{(index + 1).to_string()}</option>
                            }).collect_view()}
                        </select>
                        <HelpMark id="cwalk-query" />
                    </label>
                </Show>
                <RunPicker labels=labels selected=Signal::derive(move || walk.with(|state| state.explained.run)) on_pick=move |run| walk.update(|state| state.explained.run = run) id="cwalk-run" />
            </div>
            <ErrorLine error=Signal::derive(move || walk.with(|state| state.explained.request.error.clone())) testid="cwalk-error" />
            {move || shown.get().map(|(step, index, query)| {
                let [plugged, value] = plugged_info_nce(&step, &query);
                let mut views = vec![
                    thumb(query.query.clone(), "query".to_string()),
                    thumb(query.positive.clone(), format!("positive {:+.3}", query.positive_similarity)),
                ];
                views.extend(query.nda.iter().zip(&query.nda_similarities).enumerate().map(|(view, (image, similarity))| {
                    thumb(image.clone(), format!("NDA {} {:+.3}", view + 1, similarity))
                }));
                view! {
                    <div data-testid="cwalk-body" data-loss=step.loss.to_string() data-query-loss=query.loss.to_string()>
                        <div data-testid="cwalk-text">
                            {query_text(&step, index, &query).into_iter().map(|sentence| view! { <p>{sentence}</p> }).collect_view()}
                        </div>
                        <div class="walk-strip" data-testid="cwalk-views">{views}</div>
                        <p><code>{INFO_NCE_FORMULA}</code></p>
                        <p><code data-testid="cwalk-plugged">{plugged}</code></p>
                        <p><code data-testid="cwalk-value">{value}</code></p>
                        <p data-testid="cwalk-batch">{batch_line(&step)}</p>
                    </div>
                }
            })}
        </section>
    }
}

fn thumb(image: RgbaMosaic, caption: String) -> impl IntoView + use<> {
    view! {
        <figure class="walk-thumb">
            <MosaicCanvas mosaic=Signal::derive(move || Some(image.clone())) testid="cwalk-thumb" label=caption.clone() scale=3 />
            <figcaption>{caption}</figcaption>
        </figure>
    }
}
