//! A complete video experiment: the Moving Shapes clips it trains on, the DPC + NDA settings, how
//! many steps to train, how often to evaluate the frozen encoder, and whether to train the
//! baseline (`m = 0`, same seed, weights and clip order) next to it. The CLI reads it from an
//! experiment file (`nda-lab video --config`).

use serde::{Deserialize, Serialize};

use crate::data::video::ClipSpec;
use crate::train::TrainError;
use crate::train::run_budget::{check_budget, nda_and_baseline};
use crate::train::video::config::VideoConfig;

/// One video experiment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct VideoExperiment {
    /// The built-in clips: side, frames, count and seed (their side and frames must be the
    /// config's).
    pub clips: ClipSpec,
    /// Model, objective and optimiser settings.
    pub config: VideoConfig,
    /// Training steps.
    pub steps: usize,
    /// Evaluate (motion k-NN and probe, the appearance control, anomaly AUROCs) every this many
    /// steps, and at the end.
    pub evaluate_every: usize,
    /// Also train the baseline (`m = 0`) with the same seed, step for step.
    pub compare_with_baseline: bool,
    /// A person's clips instead of Moving Shapes (`clips` is then unused): which ones, so that a
    /// link, settings file or run file trains and opens only on them. Left out when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub own_clips: Option<OwnClips>,
}

/// A person's clips as an experiment names them: they stay on their device, so only their
/// fingerprint and count travel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OwnClips {
    /// Hex fingerprint of the clips' frames and labels.
    pub fingerprint: String,
    /// Number of clips.
    pub clips: usize,
}

impl OwnClips {
    /// What must be done before an experiment on these clips can run, when `offered` (the
    /// fingerprint of the clips at hand, if any) is not them.
    pub fn missing(&self, offered: Option<&str>) -> Option<String> {
        (offered != Some(self.fingerprint.as_str())).then(|| {
            format!(
                "this experiment trains on a person's {} clips (fingerprint {}): load those \
                 clips in the clip gallery of the Augmentations panel first",
                self.clips, self.fingerprint
            )
        })
    }
}

impl Default for VideoExperiment {
    fn default() -> Self {
        Self {
            clips: ClipSpec::default(),
            config: VideoConfig::default(),
            steps: 300,
            evaluate_every: 100,
            compare_with_baseline: true,
            own_clips: None,
        }
    }
}

impl VideoExperiment {
    /// The runs to train, labelled: the NDA run, then the baseline when compared.
    pub fn runs(&self) -> Vec<(&'static str, VideoConfig)> {
        nda_and_baseline(
            &self.config,
            self.compare_with_baseline,
            VideoConfig::baseline,
        )
    }

    /// Checks every setting; the error names the one to change.
    pub fn validate(&self) -> Result<(), TrainError> {
        check_budget(self.steps, self.evaluate_every)?;
        self.clips
            .validate()
            .map_err(|error| TrainError::Dataset(error.to_string()))?;
        if (self.clips.size, self.clips.frames) != (self.config.image_size, self.config.frames) {
            return Err(TrainError::Dataset(format!(
                "the clips are {} frames of {}x{} px but the encoder expects {} frames of {}x{}: \
                 make them agree",
                self.clips.frames,
                self.clips.size,
                self.clips.size,
                self.config.frames,
                self.config.image_size,
                self.config.image_size
            )));
        }
        self.config.validate()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_valid_and_disagreeing_clips_are_refused() {
        let experiment = VideoExperiment::default();
        assert!(experiment.validate().is_ok());
        assert_eq!(
            experiment.runs().iter().map(|r| r.0).collect::<Vec<_>>(),
            ["nda", "baseline"]
        );
        let mut longer = experiment.clone();
        longer.clips.frames = 16;
        let message = longer.validate().expect_err("frames").to_string();
        assert!(message.contains("16 frames"), "{message}");
        let none = VideoExperiment {
            steps: 0,
            ..experiment
        };
        assert!(none.validate().is_err());
    }
}
