//! The Data panel: built-in image sets, uploads (picker, folder, drop), and the active set's
//! summary with thumbnails and counts per label.

use super::help_mark::HelpMark;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, FileList, HtmlInputElement};

use super::bridge::Commands;
use super::canvas::MosaicCanvas;
use super::data_state::{DataState, SpecEdit, thousands};
use super::hideable::Hideable;
use super::upload_reader::{read_files, take_files};
use crate::data::{BuiltinDataset, UploadLimits};
use crate::experiment::HiddenControl;
use nda_protocol::Command;

/// The Data panel's body.
#[component]
pub fn DataPanel(data: RwSignal<DataState>) -> impl IntoView {
    view! {
        <div class="data-grid">
            <Hideable control=HiddenControl::DataSettings>
                <BuiltinForm data=data />
            </Hideable>
            <Hideable control=HiddenControl::Uploads>
                <UploadForm data=data />
            </Hideable>
        </div>
        <DatasetSummaryView data=data />
    }
}

#[component]
fn BuiltinForm(data: RwSignal<DataState>) -> impl IntoView {
    let commands = expect_context::<Commands>();
    let edit = move |edit: SpecEdit| {
        commands.send(
            data.try_update(|state| state.edit(edit))
                .flatten()
                .into_iter()
                .collect(),
        );
    };
    let active_builtin =
        move |dataset: BuiltinDataset| data.with(|state| state.builtin_selected(dataset));
    view! {
        <fieldset class="card">
            <legend>"Built-in image sets"</legend>
            <p class="hint">"Drawn in your browser from a seed: nothing is downloaded."</p>
            <div class="choices" role="radiogroup" aria-label="Built-in image set">
                <HelpMark id="builtin-dataset" />
                {BuiltinDataset::ALL
                    .into_iter()
                    .map(|dataset| {
                        view! {
                            <label class="choice">
                                <input
                                    type="radio"
                                    name="builtin-dataset"
                                    data-testid=format!("builtin-{}", dataset.label().to_lowercase())
                                    prop:checked=move || active_builtin(dataset)
                                    on:change=move |_| edit(SpecEdit::Dataset(dataset))
                                />
                                <span>
                                    <strong>{dataset.label()}</strong>
                                    " — "
                                    {dataset.description()}
                                </span>
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
            <div class="fields">
                <label>
                    "Image size "
                    <select data-testid="builtin-size" on:change=move |event| edit(SpecEdit::Size(event_target_value(&event)))>
                        <option value="32" selected>"32 × 32"</option>
                        <option value="64">"64 × 64"</option>
                    </select>
                    <HelpMark id="builtin-size" />
                </label>
                <label>
                    "Images "
                    <input
                        type="number"
                        min="1"
                        max="20000"
                        data-testid="builtin-count"
                        prop:value=move || data.with(|state| state.spec.count.to_string())
                        on:change=move |event| edit(SpecEdit::Count(event_target_value(&event)))
                    />
                    <HelpMark id="builtin-count" />
                </label>
                <label>
                    "Seed "
                    <input
                        type="number"
                        min="0"
                        data-testid="builtin-seed"
                        prop:value=move || data.with(|state| state.spec.seed.to_string())
                        on:change=move |event| edit(SpecEdit::Seed(event_target_value(&event)))
                    />
                    <HelpMark id="builtin-seed" />
                </label>
            </div>
            <Show when=move || data.with(|state| state.form_error.is_some())>
                <p class="error" role="alert" data-testid="data-form-error">
                    {move || data.with(|state| state.form_error.clone().unwrap_or_default())}
                </p>
            </Show>
        </fieldset>
    }
}

#[component]
fn UploadForm(data: RwSignal<DataState>) -> impl IntoView {
    let commands = expect_context::<Commands>();
    let upload = move |files: Option<FileList>| {
        let Some(files) = files.as_ref().map(take_files) else {
            return;
        };
        data.update(|state| state.busy = true);
        wasm_bindgen_futures::spawn_local(async move {
            let (read, refused) = read_files(files, &UploadLimits::default()).await;
            let command = data.try_update(|state| state.upload(read, refused));
            commands.send(command.into_iter().collect());
        });
    };
    let on_pick = move |event: leptos::ev::Event| {
        let input = event
            .target()
            .and_then(|target| target.dyn_into::<HtmlInputElement>().ok());
        if let Some(input) = input {
            upload(input.files());
            input.set_value("");
        }
    };
    let on_drop = move |event: DragEvent| {
        event.prevent_default();
        upload(event.data_transfer().and_then(|transfer| transfer.files()));
    };
    // `webkitdirectory` turns the picker into a folder picker; Leptos has no typed attribute
    // for it, so it is set on the element directly.
    let folder_input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(input) = folder_input.get() {
            let _ = input.set_attribute("webkitdirectory", "");
        }
    });
    let num_uploaded =
        move || data.with(|state| state.summary.as_ref().map_or(0, |s| s.num_uploaded));
    view! {
        <fieldset class="card">
            <legend>"Your images"</legend>
            <p class="hint">
                "PNG, JPEG, GIF, WebP or BMP files, or .zip archives. Sub-folders become labels. "
                "Images are cropped to a square and resized; they never leave this browser."
            </p>
            <div class="fields">
                <label class="button-like">
                    "Choose files…"
                    <input type="file" multiple accept="image/*,.zip" data-testid="upload-files" on:change=on_pick />
                </label>
                <label class="button-like">
                    "Choose a folder…"
                    <input node_ref=folder_input type="file" multiple data-testid="upload-folder" on:change=on_pick />
                </label>
            </div>
            <div
                class="dropzone"
                data-testid="dropzone"
                on:dragover=move |event: DragEvent| event.prevent_default()
                on:drop=on_drop
            >
                "…or drop images and zip files here"
            </div>
            <div class="fields">
                <Show when=move || data.with(|state| state.can_use_uploads())>
                    <button data-testid="use-uploads" on:click=move |_| commands.send(vec![Command::UseUploads])>
                        {move || format!("Use my {} uploaded images", thousands(num_uploaded()))}
                    </button>
                </Show>
                <Show when=move || { num_uploaded() > 0 }>
                    <button data-testid="clear-uploads" on:click=move |_| commands.send(vec![Command::ClearUploads])>
                        "Forget my uploads"
                    </button>
                </Show>
            </div>
            <UploadOutcome data=data />
        </fieldset>
    }
}

#[component]
fn UploadOutcome(data: RwSignal<DataState>) -> impl IntoView {
    let rejected = move || {
        data.with(|state| {
            state
                .last_upload
                .clone()
                .map(|(_, rejected)| rejected)
                .unwrap_or_default()
        })
    };
    view! {
        <Show when=move || data.with(|state| state.last_upload.is_some())>
            <p class="upload-outcome" data-testid="upload-outcome" role="status">
                {move || data.with(|state| state.upload_outcome().unwrap_or_default())}
            </p>
            <ul class="rejected" data-testid="upload-rejected">
                {move || {
                    rejected()
                        .into_iter()
                        .map(|file| view! { <li><strong>{file.name}</strong>": "{file.reason}</li> })
                        .collect_view()
                }}
            </ul>
        </Show>
    }
}

#[component]
fn DatasetSummaryView(data: RwSignal<DataState>) -> impl IntoView {
    let thumbnails = Signal::derive(move || {
        data.with(|state| {
            state
                .summary
                .as_ref()
                .map(|summary| summary.thumbnails.clone())
        })
    });
    let counts = move || {
        data.with(|state| {
            let Some(summary) = &state.summary else {
                return Vec::new();
            };
            let mut rows: Vec<(String, usize)> = summary
                .class_names
                .iter()
                .cloned()
                .zip(summary.counts_per_label.iter().copied())
                .collect();
            if summary.num_unlabelled > 0 {
                rows.push(("(no label)".to_string(), summary.num_unlabelled));
            }
            rows
        })
    };
    view! {
        <section class="dataset-summary" aria-live="polite">
            <p class="headline" data-testid="dataset-headline">
                {move || {
                    data.with(|state| match (state.busy, state.headline()) {
                        (true, _) => "Working…".to_string(),
                        (false, Some(headline)) => headline,
                        (false, None) => "No dataset yet.".to_string(),
                    })
                }}
            </p>
            <ul class="class-counts" data-testid="class-counts">
                {move || {
                    counts()
                        .into_iter()
                        .map(|(name, count)| view! { <li><span>{name}</span>" "<strong>{thousands(count)}</strong></li> })
                        .collect_view()
                }}
            </ul>
            <MosaicCanvas mosaic=thumbnails testid="dataset-thumbnails" label="The first images of the active dataset" scale=2 />
        </section>
    }
}
