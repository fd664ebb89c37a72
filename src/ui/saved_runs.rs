//! The browser's saved runs seen from the page: storing an exported session of any task under
//! its key with a one-line title, and reading the list back (the storage itself is
//! `run_store`). A failure is reported in the Experiments panel, never swallowed.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::experiment_state::SavedRun;
use super::page::PageSignals;
use super::run_store;
use crate::experiment::Task;

impl PageSignals {
    /// Stores an exported session of `task` among the browser's saved runs and refreshes their
    /// list; a full quota or a refusal is reported, never swallowed.
    pub(super) fn save_run(self, task: Task, bytes: Vec<u8>, iteration: usize) {
        let dataset = self.data.with_untracked(|data| data.summary.clone());
        let (id, title) = self.peek_panel(task, |panel| {
            (panel.saved_as(), panel.saved_title(dataset.as_ref()))
        });
        let Some(id) = id else {
            return;
        };
        let run = SavedRun {
            id,
            title,
            iteration,
            saved_at: js_sys::Date::now(),
            bytes: bytes.len(),
            task,
        };
        spawn_local(async move {
            let saved = run_store::save(&run, &bytes).await;
            self.refresh_saved_runs(saved.err()).await;
        });
    }

    /// Reads the list of saved runs; `problem` is an earlier failure to report.
    pub async fn refresh_saved_runs(self, problem: Option<String>) {
        let listed = run_store::list().await;
        self.experiments.update(|state| {
            match listed {
                Ok(runs) => state.saved = runs,
                Err(message) => state.saved_error = Some(message),
            }
            if let Some(problem) = problem {
                state.saved_error = Some(format!(
                    "The run could not be saved in this browser: {problem}"
                ));
            }
        });
    }
}
