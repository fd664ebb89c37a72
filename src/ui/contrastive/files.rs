//! The Contrastive panel's run files: "Export run" saves the session (both encoders with their
//! key queue, every point, accuracy and map) as a zip, "Import run" opens one, paused, in this
//! or another page; `nda-lab contrastive --config run.zip` continues the same file.

use leptos::prelude::*;

use crate::ui::bridge::Commands;
use crate::ui::contrastive::state::ContrastiveState;
use crate::ui::page::PageSignals;
use crate::ui::run_files::{export_run, import_run};
use nda_protocol::session_messages::TrainingPhase;

/// The export button and the import file input.
#[component]
pub fn ContrastiveRunFiles(contrastive: RwSignal<ContrastiveState>) -> impl IntoView {
    let commands = expect_context::<Commands>();
    let page = expect_context::<PageSignals>();
    let export = move |_| export_run(contrastive, commands, page.snapshot().config);
    let import = move |event: leptos::ev::Event| import_run(&event, contrastive, commands);
    // Exporting reads the weights back: not while the encoders train.
    let can_export = move || {
        contrastive.with(|state| {
            state
                .phase()
                .is_some_and(|phase| phase != TrainingPhase::Running)
        })
    };
    view! {
        <div class="fields gan-controls" role="group" aria-label="Run files">
            <button data-testid="contrastive-export" disabled=move || !can_export() on:click=export>"Export run (.zip)"</button>
            <label class="button-like">
                "Import run"
                <input type="file" accept=".zip,application/zip" data-testid="contrastive-import" on:change=import />
            </label>
        </div>
    }
}
