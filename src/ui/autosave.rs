//! When a training session is saved in the browser's saved runs: when it pauses, stops or
//! finishes (without a fault), and every [`SAVE_EVERY_MILLIS`] while it runs, under one key per
//! session; deleting the saved run stops the saving, so a save on its way does not bring it back.
//! Shared by the GAN and the contrastive panels.

use nda_protocol::session_messages::TrainingPhase;
use nda_protocol::{DatasetOrigin, DatasetSummary};

/// Least time between two saves of a running session, in milliseconds.
pub const SAVE_EVERY_MILLIS: f64 = 30_000.0;

/// A session's saving state.
#[derive(Debug, Clone, PartialEq)]
pub struct Autosave {
    /// Key of the session among the saved runs (given when it is first saved).
    pub run_id: Option<String>,
    /// When the session was last saved (page clock, ms).
    pub last_saved_at: f64,
    /// Whether the session is saved as it goes (off once the user deletes it).
    pub enabled: bool,
}

impl Default for Autosave {
    fn default() -> Self {
        Self {
            run_id: None,
            last_saved_at: 0.0,
            enabled: true,
        }
    }
}

impl Autosave {
    /// A new session: saved under a new key from its first save.
    pub fn restart(&mut self) {
        self.run_id = None;
        self.enabled = true;
    }

    /// Whether to save the session now (`now` in ms): `settled` is the phase a status just
    /// reported (with whether it reports a fault), `running_report` whether a report of a
    /// running session just arrived.
    pub fn due(
        &mut self,
        settled: Option<(TrainingPhase, bool)>,
        running_report: bool,
        now: f64,
    ) -> bool {
        if !self.enabled {
            return false;
        }
        let due = match settled {
            Some((phase, faulted)) => {
                !faulted
                    && matches!(
                        phase,
                        TrainingPhase::Paused | TrainingPhase::Stopped | TrainingPhase::Finished
                    )
            }
            None => running_report && now - self.last_saved_at >= SAVE_EVERY_MILLIS,
        };
        if due {
            self.last_saved_at = now;
            self.run_id
                .get_or_insert_with(|| format!("run-{}", now as u64));
        }
        due
    }

    /// The user deleted saved run `id`: if it is this session, stop saving it.
    pub fn forget(&mut self, id: &str) {
        if self.run_id.as_deref() == Some(id) {
            self.run_id = None;
            self.enabled = false;
        }
    }

    /// Saves this session under `id` (an opened saved run), or under a new key when `id` is
    /// `None` (a new or imported run).
    pub fn save_as(&mut self, id: Option<String>) {
        self.run_id = id;
        self.enabled = true;
    }
}

/// The saving rule, checked on a task's session `state` through its `wants_save`, its `saving`
/// and the events `status` makes: not while running, on a pause (giving the key), not over the
/// last good copy after a fault, on finishing under the same key, and never after the saved run
/// was deleted. Returns the key.
#[cfg(test)]
pub(crate) fn check_saving<S>(
    state: &mut S,
    wants_save: fn(&mut S, &nda_protocol::Event, f64) -> bool,
    saving: fn(&mut S) -> &mut Autosave,
    status: fn(TrainingPhase, Option<&str>) -> nda_protocol::Event,
) -> String {
    assert!(!wants_save(
        state,
        &status(TrainingPhase::Running, None),
        1_000.0
    ));
    assert!(wants_save(
        state,
        &status(TrainingPhase::Paused, None),
        2_000.0
    ));
    let id = saving(state).run_id.clone().expect("a key");
    assert!(
        !wants_save(
            state,
            &status(TrainingPhase::Stopped, Some("lost GPU")),
            3_000.0
        ),
        "a faulted session is not saved over its last good copy"
    );
    assert!(wants_save(
        state,
        &status(TrainingPhase::Finished, None),
        4_000.0
    ));
    assert_eq!(saving(state).run_id, Some(id.clone()));
    saving(state).forget(&id);
    assert!(!wants_save(
        state,
        &status(TrainingPhase::Paused, None),
        5_000.0
    ));
    id
}

/// A session's status in `phase`, with `problem`, for the saving tests of every task.
#[cfg(test)]
pub(crate) fn test_status<C>(
    phase: TrainingPhase,
    problem: Option<&str>,
) -> nda_protocol::session_messages::SessionStatus<C> {
    nda_protocol::session_messages::SessionStatus {
        phase,
        runs: Vec::new(),
        total_steps: 10,
        problem: problem.map(String::from),
        can_continue_on_cpu_from: None,
        results_unavailable_because: None,
    }
}

/// The data set in a saved run's title.
pub fn dataset_title(dataset: Option<&DatasetSummary>) -> String {
    dataset.map_or("?".to_string(), |dataset| match &dataset.origin {
        DatasetOrigin::Builtin(spec) => format!("{:?}", spec.dataset),
        DatasetOrigin::Uploads => "uploaded images".to_string(),
    })
}
