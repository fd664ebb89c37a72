//! One-click experiments that teach, each a few minutes on a laptop GPU. A preset is nothing but
//! a config and the panel it opens, so each one is also a share link.

use super::config::{DatasetChoice, ExperimentConfig};
use super::gan::section::GanSection;
use super::link::{OpenPanel, SharedPage};
use crate::augment::NegativeAugmentation;
use crate::augment::NegativeKind;
use crate::data::{BuiltinDataset, BuiltinSpec};
use crate::model::ModelPreset;

/// A named experiment.
#[derive(Debug, Clone, PartialEq)]
pub struct Preset {
    /// Stable id (for test hooks and file names).
    pub slug: &'static str,
    /// Its title.
    pub title: &'static str,
    /// What it shows, in one or two sentences.
    pub lesson: &'static str,
    /// The page it opens.
    pub page: SharedPage,
}

/// Baseline vs NDA with one negative on a built-in set: tiny model, a few hundred iterations.
fn comparison(dataset: BuiltinDataset, kind: NegativeKind, iterations: usize) -> SharedPage {
    let mut config = ExperimentConfig {
        dataset: DatasetChoice::Builtin(BuiltinSpec {
            dataset,
            size: 32,
            count: 2_000,
            seed: 1,
        }),
        gan: GanSection {
            iterations,
            sample_every: 10,
            compare_with_baseline: true,
            ..GanSection::default()
        },
        ..ExperimentConfig::default()
    };
    config.gan.config.preset = ModelPreset::Tiny;
    config.gan.config.negatives = vec![(NegativeAugmentation::default_for(kind), 1.0)];
    SharedPage {
        config,
        panel: OpenPanel::Gan,
        hidden: Vec::new(),
        ..SharedPage::default()
    }
}

/// The presets, in the order the page lists them.
pub fn presets() -> Vec<Preset> {
    vec![
        Preset {
            slug: "jigsaw-faces",
            title: "Jigsaw NDA vs baseline on Faces",
            lesson: "Two GANs, same seed, same data, same noise: the NDA one is also told that shuffled \
                     faces are fake. Watch D(NDA) fall below D(real) and compare the faces.",
            page: comparison(BuiltinDataset::Faces, NegativeKind::Jigsaw, 300),
        },
        Preset {
            slug: "stitch-shapes",
            title: "Stitching NDA vs baseline on Shapes",
            lesson: "Half a circle glued to half a star is not a shape: does the NDA generator stop \
                     drawing such chimeras?",
            page: comparison(BuiltinDataset::Shapes, NegativeKind::Stitch, 300),
        },
        Preset {
            slug: "mixup-digits",
            title: "Mixup NDA vs baseline on Digits",
            lesson: "A blend of two digits is no digit. Mixup keeps every pixel's statistics, so D \
                     has to learn shape to tell it apart.",
            page: comparison(BuiltinDataset::Digits, NegativeKind::Mixup, 300),
        },
        Preset {
            slug: "cutout-faces",
            title: "Cutout NDA vs baseline on Faces",
            lesson: "Which negative helps most? Run this next to the jigsaw preset: the paper found \
                     jigsaw best and cutout weaker.",
            page: comparison(BuiltinDataset::Faces, NegativeKind::Cutout, 300),
        },
    ]
}
