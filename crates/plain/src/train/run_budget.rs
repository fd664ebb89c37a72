//! What the step-based tasks' experiments (contrastive, video) share: the check of a budget of
//! steps and an evaluation interval, and the runs an experiment trains (the NDA run, then its
//! baseline when compared).

use crate::train::TrainError;

/// Most steps one run may ask for.
pub const MAX_STEPS: usize = 1_000_000;

/// Refuses a budget outside 1 to [`MAX_STEPS`] steps, or an evaluation interval of 0.
pub fn check_budget(steps: usize, evaluate_every: usize) -> Result<(), TrainError> {
    if !(1..=MAX_STEPS).contains(&steps) {
        return Err(TrainError::out_of_range(
            "steps",
            steps,
            "between 1 and 1000000",
        ));
    }
    if evaluate_every == 0 {
        return Err(TrainError::out_of_range(
            "evaluation interval",
            0,
            "at least 1 step",
        ));
    }
    Ok(())
}

/// The runs to train, labelled: `config` as `"nda"`, then `baseline(config)` as `"baseline"`
/// when `compare`.
pub fn nda_and_baseline<C: Clone>(
    config: &C,
    compare: bool,
    baseline: impl FnOnce(C) -> C,
) -> Vec<(&'static str, C)> {
    let mut runs = vec![("nda", config.clone())];
    if compare {
        runs.push(("baseline", baseline(config.clone())));
    }
    runs
}
