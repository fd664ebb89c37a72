//! When and how fast the generator's EMA averages (the core's `train/ema.rs` holds the average itself): the
//! reference schedule, and the same fractions of a shorter run. Plain data the page and the run
//! files hold without burn.

use serde::{Deserialize, Serialize};

use super::TrainError;

/// Decay of the reference code.
pub const REFERENCE_DECAY: f64 = 0.9999;
/// Iteration from which the reference code averages (before it, the EMA copies the generator).
pub const REFERENCE_START: usize = 1000;
/// Number of iterations of the reference CIFAR-10 run: 500 epochs of 50 000 images in batches of
/// 64 with 4 D steps (one real batch each) per iteration, about 97 700 generator iterations.
pub const REFERENCE_ITERATIONS: usize = 97_700;

/// When and how fast the EMA averages.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct EmaConfig {
    /// Weight of the old average per update, in [0, 1).
    pub decay: f64,
    /// Iterations before this one copy the generator instead of averaging.
    pub start_iteration: usize,
}

impl Default for EmaConfig {
    /// The reference: decay 0.9999 from iteration 1000.
    fn default() -> Self {
        Self {
            decay: REFERENCE_DECAY,
            start_iteration: REFERENCE_START,
        }
    }
}

impl EmaConfig {
    /// The reference schedule shrunk to a run of `total_iterations`.
    ///
    /// The reference averages over a horizon of `1 / (1 - decay) = 10 000` iterations, about a
    /// tenth of its ~97 700-iteration run, and starts after about 1 % of it. A browser run of a few
    /// thousand iterations with decay 0.9999 would return a blur of the first iterations, so we
    /// keep those fractions: horizon = `total / 10` (at least 10 iterations), start = `total / 100`,
    /// and never exceed the reference's decay or start.
    pub fn scaled_for_run(total_iterations: usize) -> Self {
        let horizon = (total_iterations as f64 / 10.0).max(10.0);
        Self {
            decay: (1.0 - 1.0 / horizon).min(REFERENCE_DECAY),
            start_iteration: (total_iterations / 100).min(REFERENCE_START),
        }
    }

    /// Checks that `decay` lies in [0, 1).
    pub fn validate(&self) -> Result<(), TrainError> {
        if !(0.0..1.0).contains(&self.decay) {
            return Err(TrainError::out_of_range(
                "EMA decay",
                self.decay,
                "in [0, 1)",
            ));
        }
        Ok(())
    }

    /// The decay used at `iteration`: 0 (copy) before the start, `decay` after.
    pub fn decay_at(&self, iteration: usize) -> f64 {
        if iteration < self.start_iteration {
            0.0
        } else {
            self.decay
        }
    }
}
