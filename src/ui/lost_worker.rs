//! A crashed compute worker, as every panel reports it: nothing trains any more, and what is kept.
//! Shared by the header and each panel's view-model.

use nda_protocol::session_messages::{SessionStatus, TrainingPhase};

/// Marks a session whose worker is gone as stopped (if it was live) with what happened, whatever
/// its task.
pub fn stop_for_lost_worker<C>(status: &mut SessionStatus<C>, message: &str) {
    if matches!(status.phase, TrainingPhase::Running | TrainingPhase::Paused) {
        status.phase = TrainingPhase::Stopped;
    }
    status.problem = Some(worker_lost_problem(message));
    status.can_continue_on_cpu_from = None;
}

/// What a panel says once the worker is gone: nothing trains any more, and what is kept.
pub fn worker_lost_problem(message: &str) -> String {
    format!(
        "The compute worker stopped ({message}), so nothing trains any more. The charts and \
         grids stay here; reload the page to train again (saved runs and a study's finished \
         pairs are kept)."
    )
}
