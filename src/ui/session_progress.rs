//! How far a task's session has come, ready to print: one readout for every task, whose panel
//! names its unit (a GAN iteration, a contrastive step).

use crate::ui::form_parse;
use nda_protocol::session_messages::TrainingPhase;

/// What every panel's phase line says of a session in `phase`.
pub fn phase_words(phase: TrainingPhase) -> &'static str {
    match phase {
        TrainingPhase::Running => "Training…",
        TrainingPhase::Paused => "Paused.",
        TrainingPhase::Finished => "Finished.",
        TrainingPhase::Stopped => "Stopped.",
    }
}

/// Progress of a session.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SessionProgress {
    /// Completed units.
    pub step: usize,
    /// Units to train.
    pub total: usize,
    /// Units per second of training time.
    pub steps_per_second: f64,
    /// Real images per second (all runs together).
    pub images_per_second: f64,
    /// Seconds left at this speed.
    pub seconds_left: f64,
}

impl SessionProgress {
    /// `step` of `total` units done in `training_millis`, with `images_per_step` real images a
    /// unit over all runs.
    pub fn new(step: usize, total: usize, training_millis: f64, images_per_step: usize) -> Self {
        let (steps_per_second, seconds_left) = form_parse::rate(step, total, training_millis);
        Self {
            step,
            total,
            steps_per_second,
            images_per_second: steps_per_second * images_per_step as f64,
            seconds_left,
        }
    }
}
