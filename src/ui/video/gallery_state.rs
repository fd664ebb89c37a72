//! The clip gallery's state: eight Moving Shapes clips (one per motion), or eight of a person's
//! own clips, and each temporal negative of them, every row as one picture per frame, and the
//! frame all rows show now. The clips and negatives are host bytes (`nda-plain`), a few
//! milliseconds to draw, so the page draws them itself; nothing here trains, and a person's
//! clips never leave the page.

use crate::augment::video::{TemporalNegative, negatives_of};
use crate::data::RgbaMosaic;
use crate::data::video::{
    ClipSet, ClipSpec, MIN_FRAMES, clip_mosaic, decode_clip_uploads, generate_clips,
};
use crate::data::{UploadFile, UploadLimits};
use crate::seeding::{RngStream, stream_rng};

/// Clips in every row: one per motion.
const CLIPS: usize = 8;

/// Side of the gallery's clips, in pixels.
const SIDE: usize = 32;

/// What became of a person's upload of clips.
#[derive(Debug, Clone, PartialEq)]
pub struct ClipUploadNote {
    /// Clips kept.
    pub kept: usize,
    /// Their labels (the folders above them), in order.
    pub labels: Vec<String>,
    /// Every file left out, with its reason ("notes.txt: not an image …").
    pub rejected: Vec<String>,
}

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
    /// Why the clips could not be drawn, or an upload gave none.
    pub error: Option<String>,
    /// A person's clips, shown instead of Moving Shapes.
    pub own: Option<ClipSet>,
    /// What became of the last upload.
    pub upload: Option<ClipUploadNote>,
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
            own: None,
            upload: None,
        }
    }
}

impl ClipGalleryState {
    /// Draws the clips and every row from the seeds.
    pub fn render(&mut self) {
        let clips = match self.clips() {
            Ok(clips) => clips,
            Err(error) => {
                self.error = Some(error);
                return;
            }
        };
        let spec = ClipSpec {
            size: clips.size(),
            frames: clips.frames(),
            count: clips.len(),
            seed: self.seed,
        };
        let real: Vec<Vec<u8>> = (0..clips.len())
            .map(|clip| clips.clip(clip).to_vec())
            .collect();
        let real_row = if self.own.is_some() {
            (("real", "Your clips"), OWN_REASON, (false, "your files"))
        } else {
            (
                ("real", "Real clips"),
                REAL_REASON,
                (false, "Moving Shapes"),
            )
        };
        let mut rows = vec![row(real_row.0, real_row.1, real_row.2, &real, &spec)];
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

    /// The clips on show: eight Moving Shapes clips of the seed, or the seed's eight of the
    /// person's clips ("Other clips" moves on by eight).
    fn clips(&self) -> Result<ClipSet, String> {
        match &self.own {
            Some(own) => {
                let shown = CLIPS.min(own.len());
                let start = (self.seed.saturating_sub(1) as usize * CLIPS) % own.len().max(1);
                let indices: Vec<usize> = (0..shown).map(|i| (start + i) % own.len()).collect();
                Ok(own.subset(&indices))
            }
            None => generate_clips(&ClipSpec {
                size: SIDE,
                frames: self.frames,
                count: CLIPS,
                seed: self.seed,
            })
            .map_err(|error| error.to_string()),
        }
    }

    /// Shows the clips of `files` (each sampled to the gallery's frames at 32 px) instead of
    /// Moving Shapes; `refused` are the files refused unread, with their reasons. An upload
    /// with no clip keeps what was shown and says why.
    pub fn use_uploads(&mut self, files: Vec<UploadFile>, refused: Vec<String>) {
        let report = match decode_clip_uploads(files, SIDE, self.frames, &UploadLimits::default()) {
            Ok(report) => report,
            Err(error) => {
                self.error = Some(error.to_string());
                return;
            }
        };
        let mut rejected = refused;
        rejected.extend(report.rejected.iter().map(ToString::to_string));
        let clips = report.clips;
        if clips.is_empty() {
            self.error = Some(format!(
                "none of these files is a clip (use short videos, animated GIF, APNG or WebP files, or a folder of frames per clip): {}",
                rejected.join("; ")
            ));
            return;
        }
        let labels = (0..clips.len())
            .filter_map(|clip| clips.label(clip))
            .filter_map(|label| clips.class_names().get(label as usize).cloned())
            .collect();
        self.upload = Some(ClipUploadNote {
            kept: clips.len(),
            labels,
            rejected,
        });
        self.own = Some(clips);
        self.seed = 1;
        self.render();
    }

    /// Moving Shapes again.
    pub fn use_moving_shapes(&mut self) {
        self.own = None;
        self.upload = None;
        self.seed = 1;
        self.render();
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

/// What the row of a person's clips says.
const OWN_REASON: &str = "Your clips, left to right, each sampled to 8 frames from its first to \
                          its last and cropped to a 32 px square. Nothing leaves this page.";

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
