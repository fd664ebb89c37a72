//! `nda-lab clips`: Moving Shapes clips and each of the video task's negatives of them, written
//! as looping GIFs (one strip of clips playing side by side per kind), each with a still PNG of
//! all its frames, and `clips.md`, a table of what each kind does and why. The command line's version of the page's animated gallery.

use std::fs;
use std::path::{Path, PathBuf};

use image::codecs::gif::{GifEncoder, Repeat};
use image::imageops::{FilterType, resize};
use image::{Delay, Frame, RgbaImage};
use nda_core::augment::video::{TemporalNegative, negatives_of};
use nda_core::data::UploadLimits;
use nda_core::data::video::{ClipSet, ClipSpec, clip_mosaic, decode_clip_uploads, generate_clips};

use crate::data_files::read_files;
use nda_core::seeding::{RngStream, stream_rng};

/// How long each frame shows, in milliseconds.
const FRAME_MS: u32 = 150;

/// `nda-lab clips`'s options.
#[derive(Debug, Clone, clap::Args)]
pub struct ClipsArgs {
    /// Clips to draw, 2 to 64, side by side in every GIF (8 shows each motion once; stitching
    /// joins each clip to the next, so it needs two).
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u64).range(2..=64))]
    count: u64,
    /// Frames per clip, 8 to 16.
    #[arg(long, default_value_t = 8)]
    frames: usize,
    /// Frame side: 32 or 64 pixels.
    #[arg(long, default_value_t = 32)]
    size: usize,
    /// Seed of the clips.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Seed of the negatives' draws.
    #[arg(long, default_value_t = 1)]
    augment_seed: u64,
    /// Each pixel drawn as a block this wide, 1 to 8.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=8))]
    scale: u32,
    /// Your own clips instead of Moving Shapes: animated GIF, PNG or WebP files and folders of
    /// frames (a folder per clip; the folder above is the label), in a folder or a zip.
    #[arg(long)]
    data: Option<PathBuf>,
    /// Folder for the GIFs and `clips.md`.
    #[arg(long, default_value = "runs/clips")]
    out: PathBuf,
}

impl ClipsArgs {
    /// What the options ask for.
    pub fn options(&self) -> ClipsOptions {
        ClipsOptions {
            spec: ClipSpec {
                size: self.size,
                frames: self.frames,
                count: self.count as usize,
                seed: self.seed,
            },
            augment_seed: self.augment_seed,
            scale: self.scale,
            data: self.data.clone(),
            out: self.out.clone(),
        }
    }
}

/// What `nda-lab clips` draws and where it writes.
#[derive(Debug, Clone)]
pub struct ClipsOptions {
    /// The clips: side, frames, how many, seed.
    pub spec: ClipSpec,
    /// Seed of the negatives' draws (shuffles, frozen frames, patch orders).
    pub augment_seed: u64,
    /// Each pixel becomes a `scale × scale` block, so a 32-pixel frame can be seen.
    pub scale: u32,
    /// The person's clips, instead of Moving Shapes (the spec's side and length apply; its count
    /// is how many are shown).
    pub data: Option<PathBuf>,
    /// The folder.
    pub out: PathBuf,
}

/// Writes `real.gif`, one `<kind>.gif` per negative and control, and `clips.md`.
pub fn run(options: &ClipsOptions) -> Result<(), String> {
    let clips = match &options.data {
        Some(path) => user_clips(path, &options.spec)?,
        None => generate_clips(&options.spec).map_err(|error| error.to_string())?,
    };
    if clips.len() < 2 {
        return Err(format!(
            "{} clip: temporal stitching joins each clip to another, so at least two are needed",
            clips.len()
        ));
    }
    fs::create_dir_all(&options.out)
        .map_err(|error| format!("cannot create {}: {error}", options.out.display()))?;
    let real: Vec<Vec<u8>> = (0..clips.len())
        .map(|index| clips.clip(index).to_vec())
        .collect();
    write_strip(&options.out.join("real.gif"), &real, &clips, options.scale)?;
    let mut rng = stream_rng(options.augment_seed, RngStream::Augment);
    for kind in TemporalNegative::ALL {
        let negatives = negatives_of(kind, &clips, &mut rng);
        let path = options.out.join(format!("{}.gif", kind.slug()));
        write_strip(&path, &negatives, &clips, options.scale)?;
    }
    let table = table(&clips);
    let path = options.out.join("clips.md");
    fs::write(&path, &table)
        .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    println!("{table}");
    println!(
        "Wrote {} clips and their negatives to {}",
        clips.len(),
        options.out.display()
    );
    Ok(())
}

/// The first `spec.count` of the clips at `path`, decoded at `spec`'s side and length; every
/// refused file is printed with its reason.
pub(crate) fn user_clips(path: &Path, spec: &ClipSpec) -> Result<ClipSet, String> {
    spec.validate().map_err(|error| error.to_string())?;
    let limits = UploadLimits::default();
    let mut files = Vec::new();
    let mut refused = Vec::new();
    read_files(path, &limits, |file| {
        match file {
            Ok(file) => files.push(file),
            Err(rejected) => refused.push(rejected),
        }
        Ok(())
    })?;
    let report = decode_clip_uploads(files, spec.size, spec.frames, &limits)
        .map_err(|error| error.to_string())?;
    refused.extend(report.rejected);
    for rejected in &refused {
        eprintln!("refused {rejected}");
    }
    if report.clips.is_empty() {
        return Err(format!("no usable clip in {}", path.display()));
    }
    Ok(report.clips.first(spec.count))
}

/// `clips.md`: the real clips' motions, then one row per kind.
fn table(clips: &ClipSet) -> String {
    let motions: Vec<&str> = (0..clips.len())
        .map(|index| {
            clips
                .label(index)
                .and_then(|label| clips.class_names().get(label as usize))
                .map_or("unlabelled", String::as_str)
        })
        .collect();
    let mut text = format!(
        "# Clips and their negatives\n\n`real.gif`, left to right: {}.\n\n\
         | file | kind | what it is | negative or control | source |\n|---|---|---|---|---|\n",
        motions.join(", ")
    );
    for kind in TemporalNegative::ALL {
        text.push_str(&format!(
            "| `{}.gif` | {} | {} | {} | {} |\n",
            kind.slug(),
            kind.label(),
            kind.reason(),
            if kind.is_control() {
                "control"
            } else {
                "negative"
            },
            if kind.from_paper() {
                "the paper (spatial)"
            } else {
                "this project's extension (temporal)"
            }
        ));
    }
    text
}

/// Frames `frames` of every clip in `clips` (as `shape` has them), clips side by side and frames
/// one row each, as one picture scaled by `scale`.
fn sheet(
    clips: &[Vec<u8>],
    shape: &ClipSet,
    frames: std::ops::Range<usize>,
    scale: u32,
) -> Result<RgbaImage, String> {
    let mosaic = clip_mosaic(clips, shape.size(), frames).map_err(|error| error.to_string())?;
    let image = RgbaImage::from_raw(mosaic.width as u32, mosaic.height as u32, mosaic.rgba)
        .ok_or("a picture of the clips has the wrong size")?;
    let (width, height) = image.dimensions();
    Ok(resize(
        &image,
        width * scale,
        height * scale,
        FilterType::Nearest,
    ))
}

/// Writes `clips` side by side as one looping GIF, frame by frame, and every frame as one still
/// picture beside it (the same name as a PNG: clips as columns, frames as rows).
pub(crate) fn write_strip(
    path: &Path,
    clips: &[Vec<u8>],
    shape: &ClipSet,
    scale: u32,
) -> Result<(), String> {
    let frames = shape.frames();
    let still = sheet(clips, shape, 0..frames, scale)?;
    let png = path.with_extension("png");
    still
        .save(&png)
        .map_err(|error| format!("cannot write {}: {error}", png.display()))?;
    let mut gif_frames = Vec::with_capacity(frames);
    for t in 0..frames {
        gif_frames.push(Frame::from_parts(
            sheet(clips, shape, t..t + 1, scale)?,
            0,
            0,
            Delay::from_numer_denom_ms(FRAME_MS, 1),
        ));
    }
    let file = fs::File::create(path)
        .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    let mut encoder = GifEncoder::new_with_speed(file, 10);
    encoder
        .set_repeat(Repeat::Infinite)
        .and_then(|()| encoder.encode_frames(gif_frames))
        .map_err(|error| format!("cannot write {}: {error}", path.display()))
}

#[cfg(test)]
#[path = "clips_tests.rs"]
mod tests;
