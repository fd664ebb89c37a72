//! The clip gallery's view, a section of the Augmentations panel: every row is a strip of eight
//! clips on one canvas, and all rows show the same frame, so a real clip and each negative of it
//! play side by side. It plays only while the panel is open, and starts paused for a visitor who
//! asked their system for less motion.

use std::time::Duration;

use leptos::prelude::*;

use super::gallery_state::ClipGalleryState;
use crate::ui::canvas::MosaicCanvas;
use crate::ui::page::PageSignals;
use crate::ui::panels::Panel;

/// How long a frame shows, in milliseconds.
const FRAME_MILLIS: u64 = 150;

/// The animated gallery of clips and their temporal negatives.
#[component]
pub fn ClipGallery() -> impl IntoView {
    let page = expect_context::<PageSignals>();
    let gallery = RwSignal::new(ClipGalleryState {
        playing: !prefers_reduced_motion(),
        ..ClipGalleryState::default()
    });
    gallery.update(ClipGalleryState::render);
    let tick = move || {
        // Nothing to redraw while paused or out of sight.
        let playing = gallery.with_untracked(|state| state.playing);
        if playing && page.active.get_untracked() == Panel::Augmentations {
            gallery.update(ClipGalleryState::tick);
        }
    };
    if let Ok(handle) = set_interval_with_handle(tick, Duration::from_millis(FRAME_MILLIS)) {
        on_cleanup(move || handle.clear());
    }
    let rows = gallery.with_untracked(|state| state.rows.len());
    view! {
        <section
            class="card clip-gallery"
            data-testid="clip-gallery"
            aria-labelledby="clip-gallery-title"
            data-frame=move || gallery.with(|state| state.frame)
            data-seeds=move || gallery.with(|state| format!("{}-{}", state.seed, state.augment_seed))
        >
            <h3 id="clip-gallery-title">"Video: negatives in time"</h3>
            <p class="hint">
                "Moving Shapes clips, where the label is the motion, and each negative of them playing beside them. \
                 Frame shuffle, temporal jigsaw, frozen and temporal stitching break the motion while every frame \
                 stays real: they are this project's extension of the paper, whose video negatives were spatial."
            </p>
            <div class="fields">
                <button data-testid="clip-play" on:click=move |_| gallery.update(ClipGalleryState::toggle_playing)>
                    {move || if gallery.with(|state| state.playing) { "Pause" } else { "Play" }}
                </button>
                <button data-testid="clip-step" on:click=move |_| gallery.update(ClipGalleryState::step)>"One frame"</button>
                <button data-testid="clip-reroll" on:click=move |_| gallery.update(ClipGalleryState::reroll)>"Re-roll negatives"</button>
                <button data-testid="clip-other" on:click=move |_| gallery.update(ClipGalleryState::other_clips)>"Other clips"</button>
                <span class="hint" data-testid="clip-frame" aria-live="off">
                    {move || gallery.with(|state| format!("frame {} of {}", state.frame + 1, state.frames))}
                </span>
            </div>
            <Show when=move || gallery.with(|state| state.error.is_some())>
                <p class="error" role="alert" data-testid="clip-error">
                    {move || gallery.with(|state| state.error.clone().unwrap_or_default())}
                </p>
            </Show>
            {(0..rows).map(|index| view! { <ClipRowView gallery=gallery index=index /> }).collect_view()}
        </section>
    }
}

/// Row `index`: its title, whether it is a negative or a control, where the idea comes from,
/// its reason, and its strip at the gallery's frame.
#[component]
fn ClipRowView(gallery: RwSignal<ClipGalleryState>, index: usize) -> impl IntoView {
    let (slug, title, reason, control, source) = gallery.with_untracked(|state| {
        let row = &state.rows[index];
        (row.slug, row.title, row.reason, row.control, row.source)
    });
    let kind = if slug == "real" {
        "real"
    } else if control {
        "control"
    } else {
        "negative"
    };
    let mosaic = Signal::derive(move || {
        gallery.with(|state| {
            state
                .rows
                .get(index)
                .and_then(|row| row.frames.get(state.frame))
                .cloned()
        })
    });
    view! {
        <div class="gallery-row" data-testid=format!("clip-row-{slug}")>
            <h4>{title} " " <span class="hint">{format!("({kind}; {source})")}</span></h4>
            <MosaicCanvas mosaic=mosaic testid=format!("clip-canvas-{slug}") label=format!("{title}: eight clips, playing") scale=3 />
            <p class="hint">{reason}</p>
        </div>
    }
}

/// Whether the visitor's system asks for less motion (`prefers-reduced-motion: reduce`).
fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|window| {
            window
                .match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|query| query.matches())
}
