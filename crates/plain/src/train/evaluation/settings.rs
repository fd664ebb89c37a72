//! What an evaluation measures and when: part of the experiment config, so a shared link or file
//! evaluates the same way.

use serde::{Deserialize, Serialize};

use crate::train::TrainError;

/// Most generated (and reference) images per evaluation, and most held-out images per anomaly set.
pub const MAX_EVALUATION_IMAGES: usize = 5_000;
/// Fewest: below this KID's subsets and the k-NN balls of coverage say little.
pub const MIN_EVALUATION_IMAGES: usize = 20;
/// Training steps of each evaluator network by default: the budget whose accuracy the README
/// states. Fewer steps give weaker evaluators, so the page shows their checks next to the numbers.
pub const STANDARD_EVALUATOR_STEPS: usize = 400;
/// Evaluator steps a setting may ask for.
pub const EVALUATOR_STEPS: std::ops::RangeInclusive<usize> = 10..=2_000;

/// When and how much to evaluate a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EvaluationSettings {
    /// Evaluate during training (off: only on request).
    pub enabled: bool,
    /// Fractions of the run's iterations after which to evaluate, each in (0, 1].
    pub at_fractions: Vec<f64>,
    /// Generated images judged against as many held-out real ones (KID, FD at this N, coverage).
    pub num_samples: usize,
    /// Held-out images per anomaly set.
    pub anomaly_images: usize,
    /// Training steps of each evaluator network (fewer: quicker on a slow device, weaker
    /// evaluators; numbers from different step counts are not comparable).
    pub evaluator_steps: usize,
}

impl Default for EvaluationSettings {
    /// Off; when on, at 25, 50 and 100 % of the run, 1,000 samples, 500 images per anomaly set.
    fn default() -> Self {
        Self {
            enabled: false,
            at_fractions: vec![0.25, 0.5, 1.0],
            num_samples: 1_000,
            anomaly_images: 500,
            evaluator_steps: STANDARD_EVALUATOR_STEPS,
        }
    }
}

impl EvaluationSettings {
    /// Checks the fractions and the image counts.
    pub fn validate(&self) -> Result<(), TrainError> {
        if let Some(bad) = self
            .at_fractions
            .iter()
            .find(|fraction| !(**fraction > 0.0 && **fraction <= 1.0))
        {
            return Err(TrainError::out_of_range(
                "evaluation fraction",
                bad,
                "above 0 and at most 1",
            ));
        }
        for (name, count) in [
            ("evaluation samples", self.num_samples),
            ("anomaly images", self.anomaly_images),
        ] {
            if !(MIN_EVALUATION_IMAGES..=MAX_EVALUATION_IMAGES).contains(&count) {
                return Err(TrainError::out_of_range(name, count, "between 20 and 5000"));
            }
        }
        if !EVALUATOR_STEPS.contains(&self.evaluator_steps) {
            return Err(TrainError::out_of_range(
                "evaluator steps",
                self.evaluator_steps,
                "between 10 and 2000",
            ));
        }
        Ok(())
    }

    /// The iterations after which a run of `iterations` is evaluated: each fraction rounded to
    /// the nearest iteration (at least 1), in order, without repeats; none when off.
    pub fn iterations(&self, iterations: usize) -> Vec<usize> {
        if !self.enabled {
            return Vec::new();
        }
        let mut at: Vec<usize> = self
            .at_fractions
            .iter()
            .map(|fraction| {
                ((fraction * iterations as f64).round() as usize).clamp(1, iterations.max(1))
            })
            .collect();
        at.sort_unstable();
        at.dedup();
        at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_points_are_a_quarter_half_and_the_end() {
        let on = EvaluationSettings {
            enabled: true,
            ..EvaluationSettings::default()
        };
        assert_eq!(on.iterations(200), vec![50, 100, 200]);
        assert_eq!(on.iterations(2), vec![1, 2]);
        assert!(EvaluationSettings::default().iterations(200).is_empty());
    }

    #[test]
    fn bad_fractions_and_counts_are_refused() {
        let with = |at_fractions: Vec<f64>, num_samples| EvaluationSettings {
            enabled: true,
            at_fractions,
            num_samples,
            anomaly_images: 100,
            evaluator_steps: 400,
        };
        assert!(with(vec![0.5, 1.0], 100).validate().is_ok());
        assert!(with(vec![0.0], 100).validate().is_err());
        assert!(with(vec![1.5], 100).validate().is_err());
        assert!(with(vec![f64::NAN], 100).validate().is_err());
        assert!(with(vec![1.0], 5).validate().is_err());
        assert!(with(vec![1.0], 6_000).validate().is_err());
        let mut quick = with(vec![1.0], 100);
        quick.evaluator_steps = 5;
        assert!(quick.validate().is_err());
    }
}
