//! The page's panels: their order, names and what each will hold.

use serde::{Deserialize, Serialize};

/// One tab of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Panel {
    /// Built-in datasets and uploads.
    #[default]
    Data,
    /// The gallery of negative and positive augmentations.
    Augmentations,
    /// NDA-GAN training and sampling.
    Gan,
    /// Contrastive learning with NDA negatives.
    Contrastive,
    /// A clip encoder trained by predictive coding with temporal NDA clips.
    Video,
    /// Presets, share links, export and import.
    Experiments,
}

impl Panel {
    /// Every panel, in the order of the tabs.
    pub const ALL: [Panel; 6] = [
        Panel::Data,
        Panel::Augmentations,
        Panel::Gan,
        Panel::Contrastive,
        Panel::Video,
        Panel::Experiments,
    ];

    /// The tab's label.
    pub fn label(self) -> &'static str {
        match self {
            Panel::Data => "Data",
            Panel::Augmentations => "Augmentations",
            Panel::Gan => "GAN",
            Panel::Contrastive => "Contrastive",
            Panel::Video => "Video",
            Panel::Experiments => "Experiments",
        }
    }

    /// A stable identifier for element ids, test ids and (later) share links.
    pub fn slug(self) -> &'static str {
        match self {
            Panel::Data => "data",
            Panel::Augmentations => "augmentations",
            Panel::Gan => "gan",
            Panel::Contrastive => "contrastive",
            Panel::Video => "video",
            Panel::Experiments => "experiments",
        }
    }

    /// What the panel is for, shown at its top.
    pub fn purpose(self) -> &'static str {
        match self {
            Panel::Data => {
                "Pick a built-in image set or bring your own images; they never leave this browser."
            }
            Panel::Augmentations => {
                "See negative augmentations break an image's global structure while keeping its \
                 local texture, next to positive views that stay in the data."
            }
            Panel::Gan => {
                "Train a small GAN whose discriminator also sees negative augmentations as fake, \
                 next to a baseline, and sample from it."
            }
            Panel::Contrastive => {
                "Train an encoder with negative augmentations as extra negatives and watch k-NN \
                 and linear-probe accuracy."
            }
            Panel::Video => {
                "Train a small clip encoder to predict how Moving Shapes clips go on, with shuffled \
                 or frozen clips as extra negatives, next to a baseline, and watch motion accuracy."
            }
            Panel::Experiments => {
                "One-click presets, share links that reopen the same experiment, and export or \
                 import of whole runs."
            }
        }
    }

    /// What is still to come in a panel that is not built yet; `None` once it is.
    pub fn coming(self) -> Option<&'static str> {
        match self {
            Panel::Data
            | Panel::Augmentations
            | Panel::Gan
            | Panel::Contrastive
            | Panel::Video
            | Panel::Experiments => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_unique_and_lowercase() {
        let mut slugs: Vec<_> = Panel::ALL.iter().map(|panel| panel.slug()).collect();
        assert!(
            slugs
                .iter()
                .all(|slug| slug.chars().all(|c| c.is_ascii_lowercase()))
        );
        slugs.sort_unstable();
        slugs.dedup();
        assert_eq!(slugs.len(), Panel::ALL.len());
    }
}
