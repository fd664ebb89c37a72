//! A set of clips: `frames` images of one side per clip, each clip with an optional label. The
//! frames are kept as one [`ImageSet`] (clip-major, then frame by frame), so the image code that
//! makes mosaics, batches and fingerprints serves clips unchanged; each frame carries its clip's
//! label.

use rand::rngs::ChaCha8Rng;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};

use crate::data::error::DataError;
use crate::data::image_set::ImageSet;

/// Clips of `frames` square RGB frames, each with an optional class label.
///
/// Invariant (checked by [`ClipSet::from_frames`]): the frame set holds `len() * frames` images,
/// and every frame of a clip has that clip's label.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ClipSetParts", into = "ClipSetParts")]
pub struct ClipSet {
    frames: usize,
    images: ImageSet,
}

/// A [`ClipSet`] on the wire (a person's clips go from the page to its worker); reading one
/// checks the invariants again.
#[derive(Serialize, Deserialize)]
struct ClipSetParts {
    frames: usize,
    images: ImageSet,
}

impl TryFrom<ClipSetParts> for ClipSet {
    type Error = DataError;

    fn try_from(parts: ClipSetParts) -> Result<Self, DataError> {
        ClipSet::from_frames(parts.frames, parts.images)
    }
}

impl From<ClipSet> for ClipSetParts {
    fn from(clips: ClipSet) -> Self {
        ClipSetParts {
            frames: clips.frames,
            images: clips.images,
        }
    }
}

impl ClipSet {
    /// Clips of `frames` frames each, cut from `images` in order (frame 0 of clip 0, frame 1 of
    /// clip 0, ..., frame 0 of clip 1, ...).
    pub fn from_frames(frames: usize, images: ImageSet) -> Result<Self, DataError> {
        if frames == 0 || !images.len().is_multiple_of(frames) {
            return Err(DataError::FramesDoNotDivide {
                frames,
                images: images.len(),
            });
        }
        let labels = images.labels();
        if let Some(clip) = labels
            .chunks_exact(frames)
            .position(|clip| clip.iter().any(|label| *label != clip[0]))
        {
            return Err(DataError::MixedClipLabels { clip });
        }
        Ok(ClipSet { frames, images })
    }

    /// Frames per clip.
    pub fn frames(&self) -> usize {
        self.frames
    }

    /// Side of every frame, in pixels.
    pub fn size(&self) -> usize {
        self.images.size()
    }

    /// Number of clips.
    pub fn len(&self) -> usize {
        self.images.len() / self.frames
    }

    /// Whether the set has no clip.
    pub fn is_empty(&self) -> bool {
        self.images.is_empty()
    }

    /// Bytes of one clip: `frames * size * size * 3`.
    pub fn clip_bytes(&self) -> usize {
        self.frames * self.images.image_bytes()
    }

    /// The RGB bytes of clip `index`, frame after frame (panics past the end, like a slice).
    pub fn clip(&self, index: usize) -> &[u8] {
        let bytes = self.clip_bytes();
        &self.images.pixels()[index * bytes..(index + 1) * bytes]
    }

    /// The label of clip `index`, `None` where it has none.
    pub fn label(&self, index: usize) -> Option<u32> {
        self.images.labels()[index * self.frames]
    }

    /// Class names; label `k` names `class_names()[k]`.
    pub fn class_names(&self) -> &[String] {
        self.images.class_names()
    }

    /// The first `count` clips (all of them when there are fewer).
    pub fn first(&self, count: usize) -> ClipSet {
        let frames: Vec<usize> = (0..count.min(self.len()) * self.frames).collect();
        ClipSet {
            frames: self.frames,
            images: self.images.subset(&frames),
        }
    }

    /// The clips at `indices`, in that order.
    pub fn subset(&self, indices: &[usize]) -> ClipSet {
        let frames: Vec<usize> = indices
            .iter()
            .flat_map(|&clip| clip * self.frames..(clip + 1) * self.frames)
            .collect();
        ClipSet {
            frames: self.frames,
            images: self.images.subset(&frames),
        }
    }

    /// The clips split into the ones to train on and `fraction` of each label's held out (at
    /// least one of a label with two clips or more), chosen by `rng`; unlabelled clips all train.
    pub fn split(&self, fraction: f32, rng: &mut ChaCha8Rng) -> (ClipSet, ClipSet) {
        let mut by_label: Vec<Vec<usize>> = vec![Vec::new(); self.class_names().len()];
        let mut training = Vec::new();
        for clip in 0..self.len() {
            match self.label(clip) {
                Some(label) => by_label[label as usize].push(clip),
                None => training.push(clip),
            }
        }
        let mut held_out = Vec::new();
        for mut clips in by_label {
            clips.shuffle(rng);
            let count = if clips.len() < 2 {
                0
            } else {
                ((clips.len() as f32 * fraction).round() as usize).clamp(1, clips.len() - 1)
            };
            held_out.extend_from_slice(&clips[..count]);
            training.extend_from_slice(&clips[count..]);
        }
        training.sort_unstable();
        held_out.sort_unstable();
        (self.subset(&training), self.subset(&held_out))
    }

    /// Every frame as one image set, clip after clip.
    pub fn images(&self) -> &ImageSet {
        &self.images
    }

    /// A short hex digest of the frames and labels: which clips a run trained on.
    pub fn fingerprint(&self) -> String {
        self.images.fingerprint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(labels: Vec<Option<u32>>) -> ImageSet {
        let pixels = (0..labels.len() * 2 * 2 * 3)
            .map(|byte| byte as u8)
            .collect();
        ImageSet::from_parts(2, pixels, labels, vec!["a".into(), "b".into()]).expect("valid frames")
    }

    #[test]
    fn clips_are_cut_from_the_frames_in_order() {
        let set = ClipSet::from_frames(2, frames(vec![Some(0), Some(0), Some(1), Some(1)]))
            .expect("two clips");
        assert_eq!((set.len(), set.frames(), set.size()), (2, 2, 2));
        assert_eq!(set.clip_bytes(), 24);
        assert_eq!(set.clip(1)[0], 24);
        assert_eq!((set.label(0), set.label(1)), (Some(0), Some(1)));
        let first = set.first(1);
        assert_eq!((first.len(), first.clip(0)), (1, set.clip(0)));
        assert_eq!(set.first(5), set);
    }

    #[test]
    fn a_split_holds_out_a_share_of_every_label_and_keeps_clips_whole() {
        use rand::SeedableRng;
        let labels = [0, 0, 0, 0, 1, 1, 1, 1, 1, 1]
            .iter()
            .flat_map(|&label| [Some(label); 2])
            .collect();
        let set = ClipSet::from_frames(2, frames(labels)).expect("ten clips");
        let (training, held_out) = set.split(0.25, &mut ChaCha8Rng::seed_from_u64(1));
        assert_eq!((training.len(), held_out.len()), (7, 3));
        let held_labels: Vec<_> = (0..3).map(|clip| held_out.label(clip)).collect();
        assert_eq!(held_labels, [Some(0), Some(1), Some(1)]);
        let whole = (0..set.len()).any(|clip| set.clip(clip) == held_out.clip(0));
        assert!(
            whole,
            "a held-out clip is one of the set's clips, frames together"
        );
        assert_eq!(set.subset(&[1, 0]).clip(0), set.clip(1));
    }

    #[test]
    fn frames_that_do_not_make_whole_clips_or_mix_labels_are_refused() {
        let three = frames(vec![Some(0); 3]);
        assert_eq!(
            ClipSet::from_frames(2, three),
            Err(DataError::FramesDoNotDivide {
                frames: 2,
                images: 3
            })
        );
        let mixed = frames(vec![Some(0), Some(1)]);
        assert_eq!(
            ClipSet::from_frames(2, mixed),
            Err(DataError::MixedClipLabels { clip: 0 })
        );
    }
}
