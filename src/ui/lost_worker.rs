//! A crashed compute worker, as every panel reports it: nothing trains any more, and what is kept.
//! Shared by the header and each panel's view-model.

use crate::worker::session_messages::TrainingPhase;

/// Marks a session whose worker is gone as stopped (if it was live) with what happened; the GAN
/// and contrastive panels share it.
pub fn stop_for_lost_worker(
    phase: &mut TrainingPhase,
    problem: &mut Option<String>,
    continue_from: &mut Option<usize>,
    message: &str,
) {
    if matches!(*phase, TrainingPhase::Running | TrainingPhase::Paused) {
        *phase = TrainingPhase::Stopped;
    }
    *problem = Some(worker_lost_problem(message));
    *continue_from = None;
}

/// What a panel says once the worker is gone: nothing trains any more, and what is kept.
pub fn worker_lost_problem(message: &str) -> String {
    format!(
        "The compute worker stopped ({message}), so nothing trains any more. The charts and \
         grids stay here; reload the page to train again (saved runs and a study's finished \
         pairs are kept)."
    )
}
