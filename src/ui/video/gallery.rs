//! The clip gallery's view, a section of the Augmentations panel: every row is a strip of eight
//! clips on one canvas, and all rows show the same frame, so a real clip and each negative of it
//! play side by side. It plays only while the panel is open, and starts paused for a visitor who
//! asked their system for less motion.

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;

use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

use super::gallery_state::{ClipGalleryState, ClipUploadNote};
use super::video_frames::{is_video, video_frames};
use crate::data::UploadLimits;
use crate::ui::canvas::MosaicCanvas;
use crate::ui::page::PageSignals;
use crate::ui::panels::Panel;
use crate::ui::upload_reader::{display_name, read_files, take_picked};

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
    // A person's clips are read and decoded on this page: they never leave it.
    let on_pick = move |event: leptos::ev::Event| {
        let Some(input) = event
            .target()
            .and_then(|target| target.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        let files = take_picked(&input);
        leptos::task::spawn_local(async move {
            let frames = gallery.with_untracked(|state| state.frames);
            let (videos, others): (Vec<_>, Vec<_>) = files
                .into_iter()
                .partition(|file| is_video(&file.name(), &file.type_()));
            let (mut read, refused) = read_files(others, &UploadLimits::default()).await;
            let mut refused: Vec<String> = refused
                .into_iter()
                .map(|file| format!("{}: {}", file.name, file.reason))
                .collect();
            // Videos become folders of frames here, on the page: the browser decodes them.
            for file in videos {
                let name = display_name(&file);
                match video_frames(&file, &name, frames).await {
                    Ok(pictures) => read.extend(pictures),
                    Err(reason) => refused.push(format!("{name}: {reason}")),
                }
            }
            gallery.update(|state| state.use_uploads(read, refused));
            offer_to_video(gallery, page);
        });
    };
    let moving_shapes = move |_| {
        gallery.update(ClipGalleryState::use_moving_shapes);
        offer_to_video(gallery, page);
    };
    let folder_input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(input) = folder_input.get() {
            let _ = input.set_attribute("webkitdirectory", "");
        }
    });
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
                "Moving Shapes clips, where the label is the motion (or your own clips: short videos, animated GIF, APNG or WebP files, or a folder of frames per clip, zips too; sub-folders are labels), and each negative of them playing beside them. \
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
                <label class="button-like">
                    "Your clips…"
                    <input type="file" multiple accept="image/gif,image/png,image/webp,video/*,.gif,.png,.apng,.webp,.zip" data-testid="clip-upload" on:change=on_pick />
                </label>
                <label class="button-like">
                    "A folder of clips…"
                    <input node_ref=folder_input type="file" multiple data-testid="clip-upload-folder" on:change=on_pick />
                </label>
                <Show when=move || gallery.with(|state| state.own.is_some())>
                    <button data-testid="clip-builtin" on:click=moving_shapes>"Moving Shapes again"</button>
                </Show>
                <span class="hint" data-testid="clip-frame" aria-live="off">
                    {move || gallery.with(|state| format!("frame {} of {}", state.frame + 1, state.frames))}
                </span>
            </div>
            <p class="hint" data-testid="clip-upload-note" aria-live="polite">{move || gallery.with(|state| state.upload.as_ref().map(upload_text))}</p>
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
    // The slug stays (a row is always the same kind); the real row's words change with the
    // clips shown (Moving Shapes, or a person's).
    let slug = gallery.with_untracked(|state| state.rows[index].slug);
    let read = move |pick: fn(&super::gallery_state::ClipRow) -> String| {
        move || gallery.with(|state| state.rows.get(index).map(pick).unwrap_or_default())
    };
    let title = read(|row| row.title.to_string());
    let note = read(|row| {
        let kind = if row.slug == "real" {
            "real"
        } else if row.control {
            "control"
        } else {
            "negative"
        };
        format!("({kind}; {})", row.source)
    });
    let reason = read(|row| row.reason.to_string());
    let label = gallery.with_untracked(|state| {
        let row = &state.rows[index];
        if row.slug == "real" {
            "The clips on show, playing".to_string()
        } else {
            format!("{} of the clips on show, playing", row.title)
        }
    });
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
            <h4>{title} " " <span class="hint">{note}</span></h4>
            <MosaicCanvas mosaic=mosaic testid=format!("clip-canvas-{slug}") label=label scale=3 />
            <p class="hint">{reason}</p>
        </div>
    }
}

/// What the upload note says: how many clips, their labels, and each file left out with why.
fn upload_text(note: &ClipUploadNote) -> String {
    let mut labels = note.labels.clone();
    labels.dedup();
    let mut text = format!("{} of your clips", note.kept);
    if !labels.is_empty() {
        text.push_str(&format!(" (labels: {})", labels.join(", ")));
    }
    text.push_str(", up to 8 at a time (\"Other clips\" shows the next).");
    if !note.rejected.is_empty() {
        text.push_str(&format!(" Left out: {}.", note.rejected.join("; ")));
    }
    text
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

/// The Video panel can train on the clips the gallery shows (only when asked to: its clips
/// choice).
fn offer_to_video(gallery: RwSignal<ClipGalleryState>, page: PageSignals) {
    let own = gallery.with_untracked(|state| state.own.clone().map(Arc::new));
    page.video.update(|state| state.offer_clips(own));
}
