//! Drawing and applying a clip's negative: a plan is a few numbers (a frame order, a split, a
//! patch order) drawn from the seeded generator, and applying it moves bytes. Clips are laid out
//! frame after frame, each frame row-major RGB, as `ClipSet::clip` gives them.

use rand::RngExt;
use rand::rngs::ChaCha8Rng;
use rand::seq::SliceRandom;

use super::kind::TemporalNegative;
use crate::data::video::ClipSet;

/// Patches per side of the per-frame jigsaw (the paper's default for images).
const SPATIAL_GRID: usize = 2;

/// What one clip's negative does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemporalPlan {
    /// Output frame `t` is input frame `order[t]` (shuffle, temporal jigsaw, frozen, reverse).
    Reorder(Vec<usize>),
    /// Frames before `split` from the clip, frames from `split` on from the partner clip.
    Stitch {
        /// First frame taken from the partner.
        split: usize,
    },
    /// Every frame cut into `grid × grid` patches; output patch `p` is input patch
    /// `order[p]`, row-major, the same in every frame.
    SpatialJigsaw {
        /// Patches per side.
        grid: usize,
        /// The patch order, never the identity.
        order: Vec<usize>,
    },
}

/// Draws the plan of `kind` for a clip of `frames` frames (at least 2).
pub fn draw_plan(kind: TemporalNegative, frames: usize, rng: &mut ChaCha8Rng) -> TemporalPlan {
    match kind {
        TemporalNegative::FrameShuffle => TemporalPlan::Reorder(non_identity(frames, rng)),
        TemporalNegative::TemporalJigsaw => {
            // Blocks of a quarter of the clip, rounded down (two frames in an 8-frame clip, four
            // blocks for 8, 12 or 16 frames, five or six otherwise, the last one shorter).
            let block = (frames / 4).max(1);
            let starts: Vec<usize> = (0..frames).step_by(block).collect();
            let order = non_identity(starts.len(), rng);
            let frames_of = |start: usize| start..(start + block).min(frames);
            TemporalPlan::Reorder(order.iter().flat_map(|&b| frames_of(starts[b])).collect())
        }
        TemporalNegative::Frozen => {
            TemporalPlan::Reorder(vec![rng.random_range(0..frames); frames])
        }
        TemporalNegative::Reverse => TemporalPlan::Reorder((0..frames).rev().collect()),
        TemporalNegative::TemporalStitch => TemporalPlan::Stitch { split: frames / 2 },
        TemporalNegative::SpatialJigsaw => TemporalPlan::SpatialJigsaw {
            grid: SPATIAL_GRID,
            order: non_identity(SPATIAL_GRID * SPATIAL_GRID, rng),
        },
    }
}

/// Each clip of `clips` under its own plan of `kind`, drawn in clip order from `rng`; the next
/// clip (the first, after the last) is its stitching partner, so stitching needs two clips or
/// more (a single clip stitched to itself comes back unchanged).
pub fn negatives_of(kind: TemporalNegative, clips: &ClipSet, rng: &mut ChaCha8Rng) -> Vec<Vec<u8>> {
    (0..clips.len())
        .map(|index| {
            let plan = draw_plan(kind, clips.frames(), rng);
            let partner = clips.clip((index + 1) % clips.len());
            apply_plan(
                &plan,
                clips.clip(index),
                partner,
                clips.frames(),
                clips.size(),
            )
        })
        .collect()
}

/// A uniformly random permutation of `0..n` other than the identity (`n` ≥ 2): drawn again
/// until it moves something, which for `n` ≥ 2 takes fewer than two draws on average.
fn non_identity(n: usize, rng: &mut ChaCha8Rng) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    if n < 2 {
        return order;
    }
    loop {
        order.shuffle(rng);
        if order.iter().enumerate().any(|(index, &from)| index != from) {
            return order;
        }
    }
}

/// Applies `plan` to `clip` (with `partner`, another clip of the same shape, for stitching):
/// `frames` frames of `size × size` RGB. Panics if either clip is not that long.
pub fn apply_plan(
    plan: &TemporalPlan,
    clip: &[u8],
    partner: &[u8],
    frames: usize,
    size: usize,
) -> Vec<u8> {
    let frame_bytes = size * size * 3;
    assert_eq!(clip.len(), frames * frame_bytes, "clip length");
    assert_eq!(partner.len(), clip.len(), "partner length");
    match plan {
        TemporalPlan::Reorder(order) => order
            .iter()
            .flat_map(|&t| frame(clip, t, frame_bytes))
            .copied()
            .collect(),
        TemporalPlan::Stitch { split } => (0..frames)
            .flat_map(|t| frame(if t < *split { clip } else { partner }, t, frame_bytes))
            .copied()
            .collect(),
        TemporalPlan::SpatialJigsaw { grid, order } => (0..frames)
            .flat_map(|t| jigsaw_frame(frame(clip, t, frame_bytes), size, *grid, order))
            .collect(),
    }
}

/// Frame `t` of `clip`, whose frames are `frame_bytes` long.
fn frame(clip: &[u8], t: usize, frame_bytes: usize) -> &[u8] {
    &clip[t * frame_bytes..(t + 1) * frame_bytes]
}

/// One frame with its `grid × grid` patches rearranged: output patch `p` is input patch
/// `order[p]` (a side that `grid` does not divide leaves its last rows and columns in place).
fn jigsaw_frame(frame: &[u8], size: usize, grid: usize, order: &[usize]) -> Vec<u8> {
    let patch = size / grid;
    let mut out = frame.to_vec();
    for (to, &from) in order.iter().enumerate() {
        let (to_row, to_col) = (to / grid * patch, to % grid * patch);
        let (from_row, from_col) = (from / grid * patch, from % grid * patch);
        for y in 0..patch {
            let to_start = ((to_row + y) * size + to_col) * 3;
            let from_start = ((from_row + y) * size + from_col) * 3;
            out[to_start..to_start + patch * 3]
                .copy_from_slice(&frame[from_start..from_start + patch * 3]);
        }
    }
    out
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
