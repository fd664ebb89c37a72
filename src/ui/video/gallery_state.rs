//! The clip gallery's state: eight Moving Shapes clips (one per motion) and each temporal
//! negative of them, every row as one picture per frame, and the frame all rows show now. The
//! clips and negatives are host bytes (`nda-plain`), a few milliseconds to draw, so the page
//! draws them itself; nothing here trains.

use crate::augment::video::{TemporalNegative, negatives_of};
use crate::data::RgbaMosaic;
use crate::data::video::{ClipSpec, MIN_FRAMES, clip_mosaic, generate_clips};
use crate::seeding::{RngStream, stream_rng};

/// Clips in every row: one per motion.
const CLIPS: usize = 8;

/// One row of the gallery.
#[derive(Debug, Clone, PartialEq)]
pub struct ClipRow {
    /// Test ids and keys: "real" or the kind's slug.
    pub slug: &'static str,
    /// The row's title.
    pub title: &'static str,
    /// Why it is (or is not) a negative.
    pub reason: &'static str,
    /// A control (stays in distribution), not a negative.
    pub control: bool,
    /// Where the idea comes from.
    pub source: &'static str,
    /// The row at every frame: the clips side by side.
    pub frames: Vec<RgbaMosaic>,
}

/// State of the clip gallery.
#[derive(Debug, Clone, PartialEq)]
pub struct ClipGalleryState {
    /// Frames per clip (the shortest clips: `nda-lab clips --frames` draws longer ones).
    pub frames: usize,
    /// Seed of the clips ("Other clips" changes it).
    pub seed: u64,
    /// Seed of the negatives' draws ("Re-roll" changes it).
    pub augment_seed: u64,
    /// The rows, real clips first, once drawn.
    pub rows: Vec<ClipRow>,
    /// The frame every row shows.
    pub frame: usize,
    /// Whether the clips play.
    pub playing: bool,
    /// Why the clips could not be drawn.
    pub error: Option<String>,
}

impl Default for ClipGalleryState {
    fn default() -> Self {
        Self {
            frames: MIN_FRAMES,
            seed: 1,
            augment_seed: 1,
            rows: Vec::new(),
            frame: 0,
            playing: true,
            error: None,
        }
    }
}

impl ClipGalleryState {
    /// Draws the clips and every row from the seeds.
    pub fn render(&mut self) {
        let spec = ClipSpec {
            size: 32,
            frames: self.frames,
            count: CLIPS,
            seed: self.seed,
        };
        let clips = match generate_clips(&spec) {
            Ok(clips) => clips,
            Err(error) => {
                self.error = Some(error.to_string());
                return;
            }
        };
        let real: Vec<Vec<u8>> = (0..clips.len())
            .map(|clip| clips.clip(clip).to_vec())
            .collect();
        let mut rows = vec![row(
            ("real", "Real clips"),
            REAL_REASON,
            (false, "Moving Shapes"),
            &real,
            &spec,
        )];
        let mut rng = stream_rng(self.augment_seed, RngStream::Augment);
        for kind in TemporalNegative::ALL {
            let negatives = negatives_of(kind, &clips, &mut rng);
            let source = if kind.from_paper() {
                "the paper's spatial negative"
            } else {
                "this project's temporal extension"
            };
            rows.push(row(
                (kind.slug(), kind.label()),
                kind.reason(),
                (kind.is_control(), source),
                &negatives,
                &spec,
            ));
        }
        self.rows = rows;
        self.frame %= self.frames;
        self.error = None;
    }

    /// New draws of the negatives, same clips.
    pub fn reroll(&mut self) {
        self.augment_seed += 1;
        self.render();
    }

    /// Other clips, same negatives' seed.
    pub fn other_clips(&mut self) {
        self.seed += 1;
        self.render();
    }

    /// The next frame, while playing.
    pub fn tick(&mut self) {
        if self.playing && !self.rows.is_empty() {
            self.frame = (self.frame + 1) % self.frames;
        }
    }

    /// Pauses, or plays again.
    pub fn toggle_playing(&mut self) {
        self.playing = !self.playing;
    }

    /// Pauses and shows the next frame: one step of motion at a time.
    pub fn step(&mut self) {
        self.playing = false;
        self.frame = (self.frame + 1) % self.frames;
    }
}

/// What the real row says.
const REAL_REASON: &str = "One clip of each motion, left to right: moving right, left, down and \
                           up, turning clockwise and anticlockwise, growing, shrinking. The \
                           label is the motion; a single frame says little about it.";

/// A row of `clips`, one picture per frame.
fn row(
    (slug, title): (&'static str, &'static str),
    reason: &'static str,
    (control, source): (bool, &'static str),
    clips: &[Vec<u8>],
    spec: &ClipSpec,
) -> ClipRow {
    let frames = (0..spec.frames)
        .filter_map(|t| clip_mosaic(clips, spec.size, t..t + 1).ok())
        .collect();
    ClipRow {
        slug,
        title,
        reason,
        control,
        source,
        frames,
    }
}

#[cfg(test)]
#[path = "gallery_state_tests.rs"]
mod tests;
