//! The Augmentations panel: real images, the same images through every negative augmentation,
//! and positive views, each with its controls and the sentence that says why.

use super::help_mark::HelpMark;
use leptos::prelude::*;

use crate::ui::video::gallery::ClipGallery;

use super::bridge::Commands;
use super::canvas::MosaicCanvas;
use super::gallery_state::{GalleryField, GalleryState, STITCH_CHOICES, orientation_value};
use super::hideable::Hideable;
use super::number_field::NumberField;
use crate::experiment::HiddenControl;
use nda_protocol::{Command, GalleryRowView};

/// The Augmentations panel's body.
#[component]
pub fn GalleryPanel(gallery: RwSignal<GalleryState>) -> impl IntoView {
    let commands = expect_context::<Commands>();
    let send = move |command: Option<Command>| commands.send(command.into_iter().collect());
    view! {
        <Hideable control=HiddenControl::AugmentationSettings>
            <GalleryControls gallery=gallery />
        </Hideable>
        <div class="fields">
            <button data-testid="gallery-reroll" on:click=move |_| send(gallery.try_update(GalleryState::reroll))>
                "Re-roll augmentations"
            </button>
            <button data-testid="gallery-other-images" on:click=move |_| send(gallery.try_update(GalleryState::other_images))>
                "Other images"
            </button>
            <span class="hint" data-testid="gallery-seed">
                {move || gallery.with(|state| format!("augmentation seed {}, image seed {}", state.augment_seed, state.image_seed))}
            </span>
        </div>
        <div
            class="gallery"
            data-testid="gallery"
            aria-busy=move || gallery.with(|state| state.busy.to_string())
            data-rendered-seeds=move || gallery.with(|state| state.rendered_seeds.map(|(image, augment)| format!("{image}-{augment}")))
        >
            {move || gallery.with(|state| state.rows.clone()).into_iter().map(|row| view! { <GalleryRow row=row /> }).collect_view()}
        </div>
        <ClipGallery />
    }
}

#[component]
fn GalleryRow(row: GalleryRowView) -> impl IntoView {
    let slug = row.kind.slug();
    let mosaic = row.mosaic.clone();
    let label = format!("{}: {}", row.kind.title(), row.kind.explanation());
    view! {
        <figure class="gallery-row" data-testid=format!("gallery-row-{slug}")>
            <figcaption>
                <strong>{row.kind.title()}</strong>
                " "
                <span class="why">{row.kind.explanation()}</span>
                <span class="millis">{format!(" ({:.0} ms)", row.millis)}</span>
            </figcaption>
            {match row.error {
                Some(error) => view! { <p class="error" role="alert">{error}</p> }.into_any(),
                None => view! {
                    <MosaicCanvas mosaic=Signal::derive(move || mosaic.clone()) testid=format!("gallery-canvas-{slug}") label=label scale=3 />
                }
                .into_any(),
            }}
        </figure>
    }
}

#[component]
fn GalleryControls(gallery: RwSignal<GalleryState>) -> impl IntoView {
    let commands = expect_context::<Commands>();
    let edit = move |field: GalleryField, text: String| {
        let command = gallery
            .try_update(|state| state.edit(field, &text))
            .flatten();
        commands.send(command.into_iter().collect());
    };
    let number = move |field: GalleryField,
                       label: &'static str,
                       step: &'static str,
                       value: fn(&GalleryState) -> String| {
        view! {
            <NumberField
                label=label
                testid=format!("gallery-{field:?}").to_lowercase()
                step=step
                value=Memo::new(move |_| gallery.with(value))
                on_change=move |text: String| edit(field, text)
            />
        }
    };
    view! {
        <fieldset class="card controls">
            <legend>"Settings"</legend>
            <div class="fields">
                {number(GalleryField::NumImages, "Images", "1", |state| state.num_images.to_string())}
                <label>
                    "Jigsaw grid "
                    <select
                        data-testid="gallery-jigsawgrid"
                        prop:value=move || gallery.with(|state| state.settings.jigsaw.grid.to_string())
                        on:change=move |event| edit(GalleryField::JigsawGrid, event_target_value(&event))
                    >
                        <option value="2" selected>"2 × 2"</option>
                        <option value="3">"3 × 3"</option>
                        <option value="4">"4 × 4"</option>
                    </select>
                    <HelpMark id="gallery-jigsawgrid" />
                </label>
                <label>
                    "Stitching "
                    <select
                        data-testid="gallery-stitchorientation"
                        prop:value=move || gallery.with(|state| orientation_value(state.settings.stitch.orientation))
                        on:change=move |event| edit(GalleryField::StitchOrientation, event_target_value(&event))
                    >
                        {STITCH_CHOICES.iter().map(|(value, text, _)| view! { <option value=*value>{*text}</option> }).collect_view()}
                    </select>
                    <HelpMark id="gallery-stitchorientation" />
                </label>
                {number(GalleryField::MixupAlpha, "Mixup Beta α", "0.5", |state| state.settings.mixup.alpha.to_string())}
                {number(GalleryField::MixupBeta, "β", "0.5", |state| state.settings.mixup.beta.to_string())}
                {number(GalleryField::CutoutMinSide, "Cutout side at 32 px, min", "1", |state| state.settings.cutout.min_side.to_string())}
                {number(GalleryField::CutoutMaxSide, "max", "1", |state| state.settings.cutout.max_side.to_string())}
                {number(GalleryField::CutmixAlpha, "CutMix Beta α", "0.5", |state| state.settings.cutmix.alpha.to_string())}
                {number(GalleryField::CutmixBeta, "β", "0.5", |state| state.settings.cutmix.beta.to_string())}
            </div>
            <Show when=move || gallery.with(|state| state.form_error.is_some())>
                <p class="error" role="alert" data-testid="gallery-form-error">
                    {move || gallery.with(|state| state.form_error.clone().unwrap_or_default())}
                </p>
            </Show>
        </fieldset>
    }
}
