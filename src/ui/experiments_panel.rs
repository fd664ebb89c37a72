//! The Experiments panel: one-click presets, the share link (with controls to hide for a
//! lesson), and the settings as a JSON file to download or open.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::bridge::Commands;
use super::download::download_bytes;
use super::experiment_state::page_panel;
use super::help_mark::HelpMark;
use super::page::PageSignals;
use super::panels::Panel;
use super::run_store;
use super::share::{copy_to_clipboard, read_text, write_fragment};
use super::study::panel::StudySection;
use crate::experiment::{
    HiddenControl, OpenPanel, SharedPage, Task, encode_link, lessons, parse_config, presets,
};
use wasm_bindgen::JsValue;

/// Largest settings file read (any real one is a few KB).
const MAX_CONFIG_BYTES: f64 = 256.0 * 1024.0;

/// The Experiments panel's body.
#[component]
pub fn ExperimentsPanel() -> impl IntoView {
    let page = expect_context::<PageSignals>();
    let commands = expect_context::<Commands>();
    let copy_link = move || {
        let shared = page.snapshot();
        let link = write_fragment(&encode_link(&shared));
        page.experiments
            .update(|state| state.link = Some(link.clone()));
        spawn_local(async move {
            let copied = copy_to_clipboard(&link).await;
            page.experiments.update(|state| {
                state.opened = Some(if copied {
                    "The link is on your clipboard: whoever opens it gets these settings.".into()
                } else {
                    "The browser did not allow the clipboard: copy the link from the field.".into()
                });
            });
        });
    };
    let download_config = move || {
        let shared = page.snapshot();
        let json = serde_json::to_string_pretty(&shared.config).unwrap_or_default();
        if let Err(message) = download_bytes(
            json.as_bytes(),
            "application/json",
            "nda-lab-experiment.json",
        ) {
            page.experiments.update(|state| state.error = Some(message));
        }
    };
    let open_file = move |event: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&event);
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        input.set_value("");
        spawn_local(async move {
            let opened = read_text(&file, MAX_CONFIG_BYTES)
                .await
                .and_then(|text| parse_config(&text).map_err(|error| error.to_string()));
            match opened {
                Ok(config) => {
                    commands.send(page.open_file(config, &format!("Opened {}", file.name())));
                }
                Err(message) => page.experiments.update(|state| {
                    state.error = Some(format!("{} could not be opened: {message}", file.name()));
                }),
            }
        });
    };
    view! {
        <Examples />
        <SavedRuns />
        <section class="card">
            <h3>"Share these settings"</h3>
            <p class="hint">
                "The link holds every setting of the Data, Augmentations and GAN panels and the open panel, in the part of the \
                 address after #, which browsers never send to a server. Your images are not in it: a link to uploaded images asks \
                 the recipient for the same files and checks them by fingerprint."
            </p>
            <LinkOptions />
            <div class="fields">
                <button data-testid="share-copy" on:click=move |_| copy_link()>"Copy link"</button>
                <input
                    type="text"
                    readonly
                    class="share-link"
                    aria-label="Share link"
                    data-testid="share-link"
                    prop:value=move || page.experiments.with(|state| state.link.clone().unwrap_or_default())
                />
            </div>
            <div class="fields">
                <button data-testid="config-download" on:click=move |_| download_config()>"Download settings (JSON)"</button>
                <label class="button-like">
                    "Open a settings file"
                    <input type="file" accept=".json,application/json" data-testid="config-open" on:change=open_file />
                </label>
            </div>
            <p class="hint">"The same file runs headless: " <code>"nda-lab gan --config nda-lab-experiment.json"</code></p>
        </section>
    }
}

/// One-click presets and lessons: each opens its experiment, and its link goes into the
/// address bar, so "Copy link" and a reload keep it.
#[component]
fn Examples() -> impl IntoView {
    let page = expect_context::<PageSignals>();
    let commands = expect_context::<Commands>();
    let open_example = move |shared: SharedPage, source: String| {
        write_fragment(&encode_link(&shared));
        commands.send(page.open_shared(&shared, &source));
    };
    view! {
        <section class="card">
            <h3>"Presets"</h3>
            <ul class="presets">
                {presets()
                    .into_iter()
                    .map(|preset| {
                        let shared = preset.page.clone();
                        view! {
                            <li>
                                <button data-testid=format!("preset-{}", preset.slug) on:click=move |_| open_example(shared.clone(), format!("Opened the preset “{}”", preset.title))>
                                    {preset.title}
                                </button>
                                " "
                                <span class="hint">{preset.lesson}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
        <section class="card">
            <h3>"Lessons"</h3>
            <p class="hint">"Each opens its panel (the GAN's, or the Video panel's) with the settings hidden and the lesson's instructions on top; copy its link below to hand it to a class."</p>
            <ul class="presets">
                {lessons()
                    .into_iter()
                    .map(|lesson| {
                        let shared = lesson.page.clone();
                        view! {
                            <li>
                                <button data-testid=format!("lesson-{}", lesson.slug) on:click=move |_| open_example(shared.clone(), format!("Opened the lesson “{}”", lesson.title))>
                                    {lesson.title}
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// What a link hides from its recipient and which panel it opens on.
#[component]
fn LinkOptions() -> impl IntoView {
    let page = expect_context::<PageSignals>();
    view! {
            <fieldset class="fields">
                <legend>"Hide for a lesson"</legend>
                {HiddenControl::ALL
                    .into_iter()
                    .map(|control| {
                        view! {
                            <label class="choice">
                                <input
                                    type="checkbox"
                                    data-testid=format!("hide-{}", control.slug())
                                    prop:checked=move || page.experiments.with(|state| state.is_hidden(control))
                                    on:change=move |event| page.experiments.update(|state| state.set_hidden(control, event_target_checked(&event)))
                                />
                                {control.label()}
                                <HelpMark id=format!("hide-{}", control.slug()) />
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <div class="fields">
                <label>
                    "The link opens on "
                    <select
                        data-testid="share-panel"
                        prop:value=move || page.experiments.with(|state| state.open_on.slug())
                        on:change=move |event| {
                            let slug = event_target_value(&event);
                            if let Some(panel) = Panel::ALL.into_iter().find(|panel| panel.slug() == slug) {
                                page.experiments.update(|state| state.open_on = panel);
                            }
                        }
                    >
                        {Panel::ALL.into_iter().map(|panel| view! { <option value=panel.slug()>{panel.label()}</option> }).collect_view()}
                    </select>
                    <HelpMark id="share-panel" />
                </label>
            </div>
    }
}

/// The runs saved in this browser, with open and delete.
#[component]
fn SavedRuns() -> impl IntoView {
    let page = expect_context::<PageSignals>();
    let commands = expect_context::<Commands>();
    let open = move |id: String, task: Task| {
        spawn_local(async move {
            let bytes = match run_store::load(&id).await {
                Ok(bytes) => bytes,
                Err(message) => {
                    return page
                        .experiments
                        .update(|state| state.saved_error = Some(message));
                }
            };
            let command = page.change_panel(task, |panel| Some(panel.open_saved(bytes, id)));
            page.active.set(page_panel(OpenPanel::of_task(task)));
            commands.send(command.into_iter().collect());
        });
    };
    let delete = move |id: String| {
        for task in Task::ALL {
            page.change_panel(task, |panel| panel.forget_saved(&id));
        }
        spawn_local(async move {
            let deleted = run_store::delete(&id).await;
            page.refresh_saved_runs(deleted.err()).await;
        });
    };
    view! {
        <section class="card" data-testid="saved-runs">
            <h3>"Saved in this browser"</h3>
            <p class="hint">"Runs are saved here as they train (when paused, stopped or finished, and every 30 s), so a reload keeps them. They stay on this device."</p>
            <Show when=move || page.experiments.with(|state| state.saved_error.is_some())>
                <p class="error" role="alert" data-testid="saved-error">{move || page.experiments.with(|state| state.saved_error.clone().unwrap_or_default())}</p>
            </Show>
            <Show when=move || page.experiments.with(|state| state.saved.is_empty())>
                <p class="hint" data-testid="saved-empty">"No saved runs yet."</p>
            </Show>
            <ul class="presets">
                {move || {
                    page.experiments.with(|state| state.saved.clone()).into_iter().enumerate().map(|(index, run)| {
                        let (open_id, delete_id) = (run.id.clone(), run.id.clone());
                        let when = js_sys::Date::new(&JsValue::from_f64(run.saved_at)).to_locale_string("default", &JsValue::UNDEFINED);
                        view! {
                            <li data-testid=format!("saved-run-{index}")>
                                <strong>{run.title.clone()}</strong>
                                {format!(" · {} {} · saved {} · {:.1} MB ", if run.task == Task::Gan { "iteration" } else { "step" }, run.iteration, String::from(when), run.bytes as f64 / 1e6)}
                                <button data-testid=format!("saved-open-{index}") on:click=move |_| open(open_id.clone(), run.task)>"Open"</button>
                                " "
                                <button data-testid=format!("saved-delete-{index}") on:click=move |_| delete(delete_id.clone())>"Delete"</button>
                            </li>
                        }
                    }).collect_view()
                }}
            </ul>
        </section>
        <StudySection />
    }
}
