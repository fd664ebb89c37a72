//! The five negative augmentations of Sinha et al. (ICLR 2021, Sec. 4), and the mirror image as
//! their control, named for the UI.

use serde::{Deserialize, Serialize};

/// Which negative augmentation to use, without its settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NegativeKind {
    /// Shuffled patches (the paper's best and the default).
    Jigsaw,
    /// Halves of two different images joined together.
    Stitch,
    /// Two images blended together.
    Mixup,
    /// A square replaced by its mean colour.
    Cutout,
    /// A box of another image pasted in.
    Cutmix,
    /// The mirror image: a *positive* augmentation in a negative's place, the paper's control.
    Flip,
}

impl NegativeKind {
    /// The five negatives, in the order the UI lists them (jigsaw first: the paper's best). The
    /// structure detector's classes, the gallery's rows and the anomaly benchmark's groups.
    pub const ALL: [NegativeKind; 5] = [
        NegativeKind::Jigsaw,
        NegativeKind::Stitch,
        NegativeKind::Mixup,
        NegativeKind::Cutout,
        NegativeKind::Cutmix,
    ];

    /// What a GAN or contrastive run may use in a negative's place: the five negatives and the
    /// flip control, in the order of the weight fields.
    pub const CHOOSABLE: [NegativeKind; 6] = [
        NegativeKind::Jigsaw,
        NegativeKind::Stitch,
        NegativeKind::Mixup,
        NegativeKind::Cutout,
        NegativeKind::Cutmix,
        NegativeKind::Flip,
    ];

    /// Whether this is the control (a positive augmentation), not a negative.
    pub fn is_control(self) -> bool {
        self == NegativeKind::Flip
    }

    /// Lower-case name for test ids, CSV columns and file names.
    pub fn slug(self) -> String {
        self.label().to_lowercase()
    }

    /// A short name for buttons and legends.
    pub fn label(self) -> &'static str {
        match self {
            NegativeKind::Jigsaw => "Jigsaw",
            NegativeKind::Stitch => "Stitching",
            NegativeKind::Mixup => "Mixup",
            NegativeKind::Cutout => "Cutout",
            NegativeKind::Cutmix => "CutMix",
            NegativeKind::Flip => "Flip",
        }
    }

    /// One sentence for the teaching gallery: why this image is not a real one.
    pub fn why_negative(self) -> &'static str {
        match self {
            NegativeKind::Jigsaw => {
                "Every patch is real texture, but shuffling the patches puts parts of objects where \
                 they can never be, so the whole is not a real photo."
            }
            NegativeKind::Stitch => {
                "Each half is a real photo, but the halves come from two different images and meet \
                 at a seam that no real scene has."
            }
            NegativeKind::Mixup => {
                "Two photos are overlaid like a double exposure, so objects show up as see-through \
                 ghosts on top of each other."
            }
            NegativeKind::Cutout => {
                "A square of the photo is replaced by a flat patch of its own average colour, \
                 leaving a hole where the object should continue."
            }
            NegativeKind::Cutmix => {
                "A rectangle cut from another photo is pasted in, so a piece of one scene sits \
                 inside another."
            }
            NegativeKind::Flip => {
                "A mirror image of a face or a shape is still a real-looking image, so this is a \
                 control: calling it a negative should not help, and the paper predicts it will not."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_distinct_label_and_one_sentence() {
        let mut labels: Vec<&str> = NegativeKind::CHOOSABLE
            .iter()
            .map(|kind| kind.label())
            .collect();
        labels.sort_unstable();
        labels.dedup();
        assert_eq!(labels.len(), NegativeKind::CHOOSABLE.len());
        assert!(NegativeKind::ALL.iter().all(|kind| !kind.is_control()));
        for kind in NegativeKind::CHOOSABLE {
            let sentence = kind.why_negative();
            assert!(sentence.ends_with('.') && sentence.matches(". ").count() == 0);
        }
    }
}
