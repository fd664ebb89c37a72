//! Moving Shapes: one figure (a square, triangle, star or cross of random colour on a random
//! background) that moves in one of eight ways over the clip. The label is the motion, never the
//! figure: every class draws the same figures, colours and backgrounds, its sizes from the same
//! range (0.12–0.2 of the side; a growing figure passes through it), and places anywhere the
//! figure fits, so a single frame says little about the class. Places are not exactly alike: a
//! moving figure's centre is a little more often near the middle along its axis, since its path
//! must fit. An encoder that tells the classes apart has learnt motion, mostly.
//!
//! The classes come in mirror pairs (right and left, down and up, clockwise and anticlockwise,
//! growing and shrinking), drawn so that a clip played backwards is exactly a clip of its pair
//! ([`reversed_motion`]). A reversed Moving Shapes clip is therefore never out of distribution:
//! reversal is the video task's control, as the horizontal flip is the image tasks'.

use std::ops::Range;

use rand::RngExt;
use rand::rngs::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::clip_set::ClipSet;
use crate::data::error::DataError;
use crate::data::image_set::ImageSet;
use crate::data::limits::validate_size;
use crate::data::procedural::color::{Background, contrasting_color};
use crate::data::procedural::raster::Canvas;
use crate::data::procedural::shapes::{MAX_EXTENT, ShapePainter};
use crate::data::procedural::{HeldOut, check_range, keyed_rng};

/// Class names, label = index; each even label's mirror is the next one.
pub const MOTION_NAMES: [&str; 8] = [
    "moving right",
    "moving left",
    "moving down",
    "moving up",
    "turning clockwise",
    "turning anticlockwise",
    "growing",
    "shrinking",
];

/// Fewest frames per clip: enough for two blocks of four for predictive coding.
pub const MIN_FRAMES: usize = 8;
/// Most frames per clip.
pub const MAX_FRAMES: usize = 16;
/// Most clips of a built-in set (at 32 px and 16 frames, 4,000 clips take 197 MB as bytes).
pub const MAX_CLIP_COUNT: usize = 4_000;
/// Most bytes a built-in set may take, whatever its side and length.
const MAX_SET_BYTES: usize = 200_000_000;

/// Radii of every class's figure, as fractions of the side (a growing figure starts and ends
/// inside this range).
const MIN_RADIUS: f32 = 0.12;
const MAX_RADIUS: f32 = 0.2;
/// How much a growing figure's radius grows over the clip (and a shrinking one's shrinks).
const GROWTH: f32 = 1.5;

/// Shapes of `shapes.rs` whose turning shows (a circle or a ring looks the same at any angle).
const FIGURES: [usize; 4] = [1, 2, 3, 5];

/// The motion class that clip `label` becomes when played backwards.
pub fn reversed_motion(label: u32) -> u32 {
    label ^ 1
}

/// What to generate: frame side, frames per clip, how many clips, from which seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClipSpec {
    /// Frame side in pixels: 32 or 64.
    pub size: usize,
    /// Frames per clip, [`MIN_FRAMES`] to [`MAX_FRAMES`].
    pub frames: usize,
    /// Number of clips.
    pub count: usize,
    /// Seed of the whole set.
    pub seed: u64,
}

impl Default for ClipSpec {
    /// 1,600 clips of 8 frames at 32 px from seed 1 (200 per motion).
    fn default() -> Self {
        ClipSpec {
            size: 32,
            frames: 8,
            count: 1_600,
            seed: 1,
        }
    }
}

impl ClipSpec {
    /// Checks the side, the clip length and the count (at most [`MAX_CLIP_COUNT`], and fewer
    /// where the set would pass 200 MB).
    pub fn validate(&self) -> Result<(), DataError> {
        validate_size(self.size)?;
        if !(MIN_FRAMES..=MAX_FRAMES).contains(&self.frames) {
            return Err(DataError::FramesOutOfRange {
                frames: self.frames,
                min: MIN_FRAMES,
                max: MAX_FRAMES,
            });
        }
        let clip_bytes = self.frames * self.size * self.size * 3;
        let max = MAX_CLIP_COUNT.min(MAX_SET_BYTES / clip_bytes);
        if !(1..=max).contains(&self.count) {
            return Err(DataError::CountOutOfRange {
                count: self.count,
                min: 1,
                max,
            });
        }
        Ok(())
    }
}

/// Draws every clip of `spec`; clip `i` has label `i % 8`.
pub fn generate_clips(spec: &ClipSpec) -> Result<ClipSet, DataError> {
    draw_clips(spec, 0..spec.count, None)
}

/// Draws clips `range` of the held-out clips of `spec`'s side and length for `purpose`, which no
/// user-visible seed ever draws.
pub fn generate_held_out_clips(
    spec: &ClipSpec,
    purpose: HeldOut,
    range: Range<usize>,
) -> Result<ClipSet, DataError> {
    draw_clips(spec, range, Some(purpose))
}

fn draw_clips(
    spec: &ClipSpec,
    range: Range<usize>,
    held_out: Option<HeldOut>,
) -> Result<ClipSet, DataError> {
    spec.validate()?;
    check_range(&range, spec.count)?;
    let painter = ShapePainter::new();
    let mut canvas = Canvas::new(spec.size)?;
    let mut pixels = Vec::with_capacity(range.len() * spec.frames * spec.size * spec.size * 3);
    let mut labels = Vec::with_capacity(range.len() * spec.frames);
    for index in range {
        let label = (index % MOTION_NAMES.len()) as u32;
        let mut rng = clip_rng(spec, index, held_out);
        let clip = Clip::draw(label, &mut rng);
        for frame in 0..spec.frames {
            let t = frame as f32 / (spec.frames - 1) as f32;
            clip.background.paint(&mut canvas);
            painter.draw_figure(&mut canvas, clip.figure, clip.color, clip.pose(t));
            canvas.append_rgb(&mut pixels);
            labels.push(Some(label));
        }
    }
    let class_names = MOTION_NAMES.iter().map(|name| name.to_string()).collect();
    let images = ImageSet::from_parts(spec.size, pixels, labels, class_names)?;
    ClipSet::from_frames(spec.frames, images)
}

/// The generator of clip `index`: keyed by seed, index, a byte of its own (no image set uses 16),
/// the clip length and the held-out purpose (zero for every set a user can pick).
fn clip_rng(spec: &ClipSpec, index: usize, held_out: Option<HeldOut>) -> ChaCha8Rng {
    keyed_rng(spec.seed, index, [16, spec.frames as u8], held_out)
}

/// One clip's drawn appearance and motion.
struct Clip {
    background: Background,
    color: [u8; 3],
    figure: usize,
    /// Start and end centre (unit coordinates).
    centre: [[f32; 2]; 2],
    /// Start and end radius (fraction of the side).
    radius: [f32; 2],
    /// Start and end rotation (degrees clockwise).
    rotation: [f32; 2],
}

impl Clip {
    /// Draws a clip of motion `label`: every class draws the same appearance, then its own
    /// path, and each path's start and end have the same distribution as its mirror's end and
    /// start.
    fn draw(label: u32, rng: &mut ChaCha8Rng) -> Clip {
        let background = Background::random(rng);
        let color = contrasting_color(rng, &background.colors());
        let figure = FIGURES[rng.random_range(0..FIGURES.len())];
        let rotation: f32 = rng.random_range(0.0..360.0);
        let mut clip = Clip {
            background,
            color,
            figure,
            centre: [[0.5; 2]; 2],
            radius: [0.0; 2],
            rotation: [rotation; 2],
        };
        match label / 2 {
            0 | 1 => clip.translate(label, rng),
            2 => {
                let radius = rng.random_range(MIN_RADIUS..MAX_RADIUS);
                let centre = inside(radius, 0.0, 0, rng);
                // Less than the star's 72° symmetry, so no figure ends where it started.
                let turn = rng.random_range(40.0..65.0);
                clip.centre = [centre; 2];
                clip.radius = [radius; 2];
                clip.rotation[1] = rotation + if label == 4 { turn } else { -turn };
            }
            _ => {
                // From 0.12–0.133 to 1.5 times that: the path stays within the radius range.
                let small = rng.random_range(MIN_RADIUS..MAX_RADIUS / GROWTH);
                let large = small * GROWTH;
                clip.centre = [inside(large, 0.0, 0, rng); 2];
                clip.radius = if label == 6 {
                    [small, large]
                } else {
                    [large, small]
                };
            }
        }
        clip
    }

    /// A straight path of 0.25–0.35 of the side along the class's axis and direction.
    fn translate(&mut self, label: u32, rng: &mut ChaCha8Rng) {
        let radius = rng.random_range(MIN_RADIUS..MAX_RADIUS);
        let travel = rng.random_range(0.25..0.35);
        let axis = usize::from(label >= 2);
        let start = inside(radius, travel, axis, rng);
        let sign = if label.is_multiple_of(2) { 1.0 } else { -1.0 };
        // `inside` leaves room for the travel after the start along the axis; a backward motion
        // starts at the far end of that room instead.
        let mut from = start;
        let mut to = start;
        if sign > 0.0 {
            to[axis] += travel;
        } else {
            from[axis] += travel;
        }
        self.centre = [from, to];
        self.radius = [radius; 2];
    }

    /// Centre, radius and rotation at `t` in `[0, 1]` (radius geometrically, so growing and
    /// shrinking are each other's reverse frame by frame).
    fn pose(&self, t: f32) -> ([f32; 2], f32, f32) {
        let lerp = |from: f32, to: f32| from + (to - from) * t;
        let [from, to] = self.centre;
        let centre = [lerp(from[0], to[0]), lerp(from[1], to[1])];
        let radius = self.radius[0] * (self.radius[1] / self.radius[0]).powf(t);
        (centre, radius, lerp(self.rotation[0], self.rotation[1]))
    }
}

/// A centre that keeps a figure of `radius` 0.03 inside the border, with `travel` more room
/// after it along `axis` (0: x, 1: y) only.
fn inside(radius: f32, travel: f32, axis: usize, rng: &mut ChaCha8Rng) -> [f32; 2] {
    let margin = radius * MAX_EXTENT + 0.03;
    let span = |room: f32| (1.0 - 2.0 * margin - room).max(0.0);
    let along = [0, 1].map(|a| if a == axis { travel } else { 0.0 });
    along.map(|room| margin + span(room) * rng.random::<f32>())
}

#[cfg(test)]
#[path = "moving_shapes_tests.rs"]
mod tests;
