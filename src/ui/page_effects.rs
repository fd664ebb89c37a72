//! What only a browser does for the page: downloads, the browser's saved runs and the stored
//! study. [`Page::apply`](super::page::Page::apply) decides when; this file carries it out and
//! shows a refusal in the panel it concerns.

use leptos::prelude::*;

use super::download::download_bytes;
use super::page::{PageEffect, PageSignals};
use super::study::store as study_store;

impl PageSignals {
    /// Carries out one effect of an event.
    pub fn carry_out(self, effect: PageEffect) {
        match effect {
            PageEffect::Download {
                task,
                bytes,
                file_name,
            } => {
                if let Err(message) = download_bytes(&bytes, "application/zip", &file_name) {
                    self.change_panel(task, |panel| panel.refuse(message));
                }
            }
            PageEffect::SaveRun { task, bytes, step } => self.save_run(task, bytes, step),
            PageEffect::SaveStudy => self.save_study(),
        }
    }

    /// Keeps the study in the browser (a reload resumes it); a refusal is shown.
    pub fn save_study(self) {
        let saved = self
            .study
            .with_untracked(|state| state.study.as_ref().map(study_store::save));
        if let Some(Err(message)) = saved {
            self.study.update(|state| state.error = Some(message));
        }
    }
}
