//! The one experiment config: task, dataset, augmentations, one section per task (GAN,
//! contrastive and video, each its settings, length and baseline), the evaluation and study
//! settings the tasks share, and the device preference. [`parse_config`] reads every older version
//! (`migrate.rs`): version 0, the unversioned GAN file of `nda-lab gan`, and version 1, which kept
//! the GAN's settings flat at the top.
//!
//! In JSON a missing field takes its default and an unknown field is refused (it is most likely a
//! typo, and ignoring it would run something else than the author meant).

use serde::{Deserialize, Serialize};

use super::error::ConfigError;
use super::gan::section::GanSection;
use crate::augment::{GallerySettings, MAX_GALLERY_IMAGES, NegativeAugmentation};
use crate::data::BuiltinSpec;
use crate::train::evaluation::EvaluationSettings;
use crate::train::study::StudySettings;
use crate::train::video::VideoExperiment;
use crate::train::{ContrastiveExperiment, GanExperiment};

/// The config format this build writes and the newest it reads.
pub const CONFIG_VERSION: u32 = 2;

/// What the experiment trains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Task {
    /// An NDA-GAN (and optionally its baseline).
    #[default]
    Gan,
    /// Contrastive learning (MoCo-v2) with NDA negatives, and optionally its baseline.
    Contrastive,
    /// Dense predictive coding on clips with temporal NDA negatives (the `video` section), and
    /// optionally its baseline.
    Video,
}

impl Task {
    /// Every task, in the order of the page's panels.
    pub const ALL: [Task; 3] = [Task::Gan, Task::Contrastive, Task::Video];
}

/// Which images the experiment trains on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DatasetChoice {
    /// A built-in procedural set: fully described by its spec.
    Builtin(BuiltinSpec),
    /// The recipient's own uploads, which must match this fingerprint.
    Uploaded {
        /// Hex fingerprint of the decoded images and labels.
        fingerprint: String,
        /// Number of images.
        images: usize,
        /// Image side.
        size: usize,
    },
}

impl Default for DatasetChoice {
    fn default() -> Self {
        Self::Builtin(BuiltinSpec::default())
    }
}

/// What the Augmentations panel shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GalleryChoice {
    /// Real images per row.
    pub num_images: usize,
    /// Picks the real images.
    pub image_seed: u64,
    /// Drives the augmentations' random choices.
    pub augment_seed: u64,
}

impl Default for GalleryChoice {
    fn default() -> Self {
        Self {
            num_images: 8,
            image_seed: 1,
            augment_seed: 1,
        }
    }
}

/// The device the experiment asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum DevicePreference {
    /// WebGPU where it works, else the CPU.
    #[default]
    Auto,
    /// The CPU, everywhere (reproducible to the bit).
    Cpu,
}

/// One experiment, completely.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ExperimentConfig {
    /// Format version ([`CONFIG_VERSION`]).
    pub version: u32,
    /// What to train.
    pub task: Task,
    /// On which images.
    pub dataset: DatasetChoice,
    /// Settings of every augmentation; the GAN's negatives take their parameters from here.
    pub augmentations: GallerySettings,
    /// What the gallery shows.
    pub gallery: GalleryChoice,
    /// Where to compute.
    pub device: DevicePreference,
    /// The GAN: model, objective, optimiser, negatives with weights, seed; iterations, sample
    /// cadence, baseline and conditioning.
    pub gan: GanSection,
    /// The contrastive experiment: encoder, MoCo settings, NDA views, steps, evaluation.
    pub contrastive: ContrastiveExperiment,
    /// When and how much to evaluate a GAN run (KID, FD, coverage, structure, AUROC); its
    /// anomaly image count serves the contrastive anomaly test too. Left out of the JSON when it
    /// is the default, so share links stay as short as before it existed.
    #[serde(skip_serializing_if = "is_default")]
    pub evaluation: EvaluationSettings,
    /// The paired multi-seed study of this experiment (`nda-lab study`); left out when default.
    #[serde(skip_serializing_if = "is_default")]
    pub study: StudySettings,
    /// The video experiment (`task` `Video`, the page's Video panel): clips, clip encoder, steps,
    /// evaluation and baseline. Left out when default, so links without it stay as they were;
    /// with the `study` section it is a video study ([`ExperimentConfig::video_study`]).
    #[serde(skip_serializing_if = "is_default")]
    pub video: VideoExperiment,
}

/// Whether `value` is its type's default (a section a config need not spell out).
fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

impl Default for ExperimentConfig {
    fn default() -> Self {
        Self {
            version: CONFIG_VERSION,
            task: Task::Gan,
            dataset: DatasetChoice::default(),
            augmentations: GallerySettings::default(),
            gallery: GalleryChoice::default(),
            device: DevicePreference::Auto,
            gan: GanSection::default(),
            contrastive: ContrastiveExperiment::default(),
            evaluation: EvaluationSettings::default(),
            study: StudySettings::default(),
            video: VideoExperiment::default(),
        }
    }
}

impl ExperimentConfig {
    /// The GAN experiment these settings describe (the built-in dataset, or the default one for
    /// uploads, which only the page has), with each negative's parameters from `augmentations`.
    pub fn gan_experiment(&self) -> GanExperiment {
        let mut gan = self.gan.config.clone();
        gan.negatives = self.resolved_negatives();
        let dataset = match &self.dataset {
            DatasetChoice::Builtin(spec) => *spec,
            DatasetChoice::Uploaded { .. } => BuiltinSpec::default(),
        };
        gan.image_size = match &self.dataset {
            DatasetChoice::Builtin(spec) => spec.size,
            DatasetChoice::Uploaded { size, .. } => *size,
        };
        GanExperiment {
            dataset,
            gan,
            iterations: self.gan.iterations,
            sample_every: self.gan.sample_every,
            compare_with_baseline: self.gan.compare_with_baseline,
            scale_ema_to_run: true,
        }
    }

    /// The contrastive experiment these settings describe: the image side of the dataset and the
    /// negatives' parameters from `augmentations` (its positive views are its own: stronger colour
    /// distortion than the gallery's MoCo-v2 views, see `ContrastiveConfig`).
    pub fn contrastive_experiment(&self) -> ContrastiveExperiment {
        let mut experiment = self.contrastive.clone();
        experiment.config.negatives = self.resolve(&self.contrastive.config.negatives);
        experiment.config.image_size = self.image_size();
        experiment
    }

    /// The image side of the dataset.
    pub fn image_size(&self) -> usize {
        match &self.dataset {
            DatasetChoice::Builtin(spec) => spec.size,
            DatasetChoice::Uploaded { size, .. } => *size,
        }
    }

    /// The negatives with their weights and the parameters of `augmentations`.
    fn resolved_negatives(&self) -> Vec<(NegativeAugmentation, f64)> {
        self.resolve(&self.gan.config.negatives)
    }

    fn resolve(
        &self,
        negatives: &[(NegativeAugmentation, f64)],
    ) -> Vec<(NegativeAugmentation, f64)> {
        let by_kind = self.augmentations.negatives();
        negatives
            .iter()
            .map(|(augmentation, weight)| {
                let kind = augmentation.kind();
                let configured = by_kind.iter().find(|candidate| candidate.kind() == kind);
                (
                    configured.cloned().unwrap_or_else(|| augmentation.clone()),
                    *weight,
                )
            })
            .collect()
    }

    /// Checks every setting; the error names the one to change.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.version > CONFIG_VERSION {
            return Err(ConfigError::Newer {
                found: self.version,
                supported: CONFIG_VERSION,
            });
        }
        let range = |error: String| ConfigError::OutOfRange(error);
        match &self.dataset {
            DatasetChoice::Builtin(spec) => {
                spec.validate().map_err(|error| range(error.to_string()))?
            }
            DatasetChoice::Uploaded {
                fingerprint,
                images,
                size,
            } => {
                let hex = fingerprint.len() == 16
                    && fingerprint.bytes().all(|byte| byte.is_ascii_hexdigit());
                if !hex {
                    return Err(ConfigError::invalid(
                        "the uploaded dataset's fingerprint must be 16 hexadecimal digits",
                    ));
                }
                crate::data::validate_size(*size).map_err(|error| range(error.to_string()))?;
                if *images == 0 {
                    return Err(range("the uploaded dataset has no images".into()));
                }
            }
        }
        let settings = &self.augmentations;
        let checks = [
            settings.jigsaw.validate(),
            settings.stitch.validate(),
            settings.mixup.validate(),
            settings.cutout.validate(),
            settings.cutmix.validate(),
            settings.positive.validate(),
        ];
        for check in checks {
            check.map_err(|error| range(error.to_string()))?;
        }
        if !(2..=MAX_GALLERY_IMAGES).contains(&self.gallery.num_images) {
            return Err(range(format!(
                "the gallery shows between 2 and {MAX_GALLERY_IMAGES} images, not {}",
                self.gallery.num_images
            )));
        }
        self.contrastive_experiment()
            .validate()
            .map_err(|error| range(error.to_string()))?;
        self.evaluation
            .validate()
            .map_err(|error| range(error.to_string()))?;
        self.study
            .validate()
            .map_err(|error| range(error.to_string()))?;
        self.video
            .validate()
            .map_err(|error| range(format!("video: {error}")))?;
        self.gan_experiment()
            .validate()
            .map_err(|error| range(error.to_string()))
    }
}
