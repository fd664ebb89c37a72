//! Which negative of a clip: its name, its one-line reason, whether it is a control and whether
//! the paper used it.

use serde::{Deserialize, Serialize};

/// A negative (or control) augmentation of a clip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TemporalNegative {
    /// The frames in a random order that is never the original one.
    FrameShuffle,
    /// Blocks of consecutive frames swapped (never the original order).
    TemporalJigsaw,
    /// One frame repeated for the whole clip.
    Frozen,
    /// The first half of the clip, then the second half of another clip.
    TemporalStitch,
    /// Every frame cut into 2×2 patches that are rearranged the same way in all frames.
    SpatialJigsaw,
    /// The clip played backwards: a control, not a negative, where motions come in mirror pairs.
    Reverse,
}

impl TemporalNegative {
    /// Every kind, in the order the gallery shows them (the control last).
    pub const ALL: [TemporalNegative; 6] = [
        TemporalNegative::FrameShuffle,
        TemporalNegative::TemporalJigsaw,
        TemporalNegative::Frozen,
        TemporalNegative::TemporalStitch,
        TemporalNegative::SpatialJigsaw,
        TemporalNegative::Reverse,
    ];

    /// Its name in the page and the reports.
    pub fn label(self) -> &'static str {
        match self {
            TemporalNegative::FrameShuffle => "frame shuffle",
            TemporalNegative::TemporalJigsaw => "temporal jigsaw",
            TemporalNegative::Frozen => "frozen",
            TemporalNegative::TemporalStitch => "temporal stitching",
            TemporalNegative::SpatialJigsaw => "jigsaw per frame",
            TemporalNegative::Reverse => "reverse (control)",
        }
    }

    /// Its name in file names and options.
    pub fn slug(self) -> &'static str {
        match self {
            TemporalNegative::FrameShuffle => "frame-shuffle",
            TemporalNegative::TemporalJigsaw => "temporal-jigsaw",
            TemporalNegative::Frozen => "frozen",
            TemporalNegative::TemporalStitch => "temporal-stitch",
            TemporalNegative::SpatialJigsaw => "spatial-jigsaw",
            TemporalNegative::Reverse => "reverse",
        }
    }

    /// One sentence on why it is (or is not) a negative.
    pub fn reason(self) -> &'static str {
        match self {
            TemporalNegative::FrameShuffle => {
                "Every frame is real, but in a random order no motion runs through them."
            }
            TemporalNegative::TemporalJigsaw => {
                "Motion holds inside each block of frames and jumps between blocks."
            }
            TemporalNegative::Frozen => "One real frame repeated: a picture with no motion at all.",
            TemporalNegative::TemporalStitch => {
                "Two real half-clips, but the figure jumps to another place and look mid-clip."
            }
            TemporalNegative::SpatialJigsaw => {
                "Each frame's 2×2 patches are shuffled alike: real texture and motion, broken \
                 shapes (the paper's spatial negative, frame by frame)."
            }
            TemporalNegative::Reverse => {
                "Played backwards, a Moving Shapes clip is a real clip of the mirror motion (left \
                 for right, shrinking for growing): it stays in distribution, so it is a control, \
                 like the image flip, and not a negative."
            }
        }
    }

    /// A control: an augmentation that stays in distribution, offered to show that calling it
    /// "not data" does not help.
    pub fn is_control(self) -> bool {
        self == TemporalNegative::Reverse
    }

    /// The paper's own kind of negative (spatial, frame by frame); the temporal ones are this
    /// project's extension.
    pub fn from_paper(self) -> bool {
        self == TemporalNegative::SpatialJigsaw
    }
}
