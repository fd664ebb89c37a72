//! The study section's split across browsers ([`super::split`]): one link per part, the results
//! file to download, and the merge of results files.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::split::{MAX_RESULTS_BYTES, results_file, results_file_name};
use crate::experiment::{OpenPanel, SharedPage, encode_link};
use crate::ui::download::download_bytes;
use crate::ui::page::PageSignals;
use crate::ui::share::{page_url, read_text};

/// One link per part while the study is split across more than one browser.
#[component]
pub fn PartLinks() -> impl IntoView {
    let page = expect_context::<PageSignals>();
    let parts = Memo::new(move |_| {
        page.gan.track();
        page.contrastive.track();
        page.data.track();
        page.evaluation.track();
        let config = page.snapshot().config;
        page.study.with(|state| {
            state
                .parts(&config)
                .into_iter()
                .map(|(part, seeds, config)| {
                    let shared = SharedPage {
                        config,
                        panel: OpenPanel::Experiments,
                        ..SharedPage::default()
                    };
                    let seeds: Vec<String> = seeds.iter().map(u64::to_string).collect();
                    (
                        format!(
                            "Part {} of {}: seeds {}",
                            part.index,
                            part.count,
                            seeds.join(", ")
                        ),
                        format!("{}#{}", page_url(), encode_link(&shared)),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <Show when=move || !parts.with(Vec::is_empty)>
            <div data-testid="study-parts">
                <p class="hint">"Open each link in another browser (a laptop each): it runs that part's seeds, then \"Download results file\"; merge the files below in any one browser for the study's report."</p>
                <ul>
                    {move || parts.get().into_iter().map(|(words, link)| view! {
                        <li>{words} " " <a data-testid="study-part-link" href=link.clone() target="_blank" rel="noopener">"open this part"</a></li>
                    }).collect_view()}
                </ul>
            </div>
        </Show>
    }
}

/// Downloads the stored study's results file (a part's or the whole study's).
pub fn download_results(page: PageSignals) {
    let Some((text, name)) = page.study.with_untracked(|state| {
        state
            .study
            .as_ref()
            .map(|study| (results_file(study), results_file_name(study)))
    }) else {
        return;
    };
    if let Err(message) = download_bytes(text.as_bytes(), "application/json", &name) {
        page.study.update(|state| state.error = Some(message));
    }
}

/// The file input that merges the results files of a split study.
#[component]
pub fn MergeResults() -> impl IntoView {
    let page = expect_context::<PageSignals>();
    let merge = move |event: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&event);
        let Some(list) = input.files() else {
            return;
        };
        let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        input.set_value("");
        spawn_local(async move {
            let mut texts = Vec::with_capacity(files.len());
            for file in &files {
                match read_text(file, MAX_RESULTS_BYTES).await {
                    Ok(text) => texts.push((file.name(), text)),
                    Err(message) => {
                        page.study.update(|state| state.error = Some(message));
                        return;
                    }
                }
            }
            if page.study.try_update(|state| state.merge_results(&texts)) == Some(true) {
                page.save_study();
            }
        });
    };
    view! {
        <label class="button-like">
            "Merge results files"
            <input type="file" multiple accept=".json,application/json" data-testid="study-merge" on:change=merge />
        </label>
    }
}
