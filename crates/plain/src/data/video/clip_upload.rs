//! A person's own clips: animated GIF, APNG and WebP files (each one clip), and folders of frames
//! (each folder of still images is one clip, its frames in name order), picked as files, folders
//! or zip archives. A clip's label is the folder that holds it: "left/a.gif" and
//! "left/clip-01/000.png" are both "left". Every clip is sampled to the set's number of frames,
//! evenly from its first frame to its last, and every frame is cropped and resized as an uploaded
//! image is. As with images, a file that cannot be used is listed with its reason and the rest
//! are kept.

use std::collections::BTreeMap;

use super::animation::decode_animation;
use super::clip_set::ClipSet;
use super::moving_shapes::{MAX_FRAMES, MIN_FRAMES};
use crate::data::decode::{decode_image, is_zip};
use crate::data::error::DataError;
use crate::data::image_set::ImageSet;
use crate::data::limits::{UploadLimits, validate_size};
use crate::data::paths::{class_of, is_ignored};
use crate::data::reject::{RejectReason, Rejected};
use crate::data::upload::UploadFile;
use crate::data::zip_archive::{EntrySink, read_zip};

/// The most clips one upload keeps.
pub const MAX_UPLOADED_CLIPS: usize = 4_000;

/// What became of an upload of clips.
#[derive(Clone, Debug, PartialEq)]
pub struct ClipUploadReport {
    /// The clips, animations first in upload order, then frame folders in name order.
    pub clips: ClipSet,
    /// Files, zip entries and folders left out, with the reason.
    pub rejected: Vec<Rejected>,
    /// Files skipped silently as system clutter.
    pub num_skipped: usize,
}

/// Decodes `files` into clips of `frames` frames of side `size`.
pub fn decode_clip_uploads(
    files: Vec<UploadFile>,
    size: usize,
    frames: usize,
    limits: &UploadLimits,
) -> Result<ClipUploadReport, DataError> {
    validate_size(size)?;
    if !(MIN_FRAMES..=MAX_FRAMES).contains(&frames) {
        return Err(DataError::FramesOutOfRange {
            frames,
            min: MIN_FRAMES,
            max: MAX_FRAMES,
        });
    }
    let mut reader = ClipReader {
        size,
        frames,
        limits: *limits,
        clips: Vec::new(),
        folders: BTreeMap::new(),
        rejected: Vec::new(),
        num_skipped: 0,
    };
    for file in files {
        // Paths with either separator name the same folders, as for image uploads.
        let path = file.name.replace('\\', "/");
        reader.file(&path, &path, &file.bytes);
    }
    reader.finish()
}

/// A clip being read: its label's name and its frames as `size × size × 3` bytes.
type ClipFrames = (Option<String>, Vec<Vec<u8>>);

/// A folder of frames being read: its label's name and its frames by file name.
type FolderClip = (Option<String>, BTreeMap<String, Vec<u8>>);

struct ClipReader {
    size: usize,
    frames: usize,
    limits: UploadLimits,
    clips: Vec<ClipFrames>,
    /// Still images by folder: each folder clip's label and its frames by file name.
    folders: BTreeMap<String, FolderClip>,
    rejected: Vec<Rejected>,
    num_skipped: usize,
}

impl ClipReader {
    fn reject(&mut self, name: &str, reason: RejectReason) {
        self.rejected.push(Rejected {
            name: name.to_string(),
            reason,
        });
    }

    /// One uploaded file (or zip entry): `name` as messages give it, `path` where labels are
    /// read (a zip entry's path inside its archive, as for image uploads).
    fn file(&mut self, name: &str, path: &str, bytes: &[u8]) {
        if is_ignored(path) {
            self.num_skipped += 1;
            return;
        }
        if bytes.is_empty() {
            return self.reject(name, RejectReason::EmptyFile);
        }
        if bytes.len() as u64 > self.limits.max_file_bytes {
            let reason = RejectReason::FileTooLarge {
                bytes: bytes.len() as u64,
                limit: self.limits.max_file_bytes,
            };
            return self.reject(name, reason);
        }
        if is_zip(bytes) {
            let limits = self.limits;
            let mut entries = ZipEntries {
                reader: self,
                archive: name,
            };
            if let Err(reason) = read_zip(bytes, &limits, &mut entries) {
                self.reject(name, reason);
            }
            return;
        }
        match decode_animation(bytes, self.size, &self.limits) {
            Some(Ok(frames)) => self.clip(name, class_of(path), frames),
            Some(Err(reason)) => self.reject(name, reason),
            None => self.still(name, path, bytes),
        }
    }

    /// A still image: a frame of its folder's clip, or refused outside a folder.
    fn still(&mut self, name: &str, path: &str, bytes: &[u8]) {
        let rgb = match decode_image(bytes, self.size, &self.limits) {
            Ok(rgb) => rgb,
            Err(reason) => return self.reject(name, reason),
        };
        match (name.rsplit_once('/'), path.rsplit_once('/')) {
            (Some((folder, frame)), Some((inner, _))) => {
                let (_, frames) = self
                    .folders
                    .entry(folder.to_string())
                    .or_insert_with(|| (class_of(inner), BTreeMap::new()));
                frames.insert(frame.to_string(), rgb);
            }
            _ => self.reject(name, RejectReason::StillImageNotClip),
        }
    }

    /// A clip read from `name`: sampled to the set's length, or refused when it is shorter.
    fn clip(&mut self, name: &str, label: Option<String>, mut frames: Vec<Vec<u8>>) {
        if frames.len() < self.frames {
            let reason = RejectReason::TooFewFrames {
                frames: frames.len(),
                needed: self.frames,
            };
            return self.reject(name, reason);
        }
        if self.clips.len() >= MAX_UPLOADED_CLIPS {
            let reason = RejectReason::TooManyFiles {
                limit: MAX_UPLOADED_CLIPS,
            };
            return self.reject(name, reason);
        }
        // `evenly` never picks a frame twice from a clip at least as long, so each is moved once.
        let picked = evenly(frames.len(), self.frames)
            .map(|index| std::mem::take(&mut frames[index]))
            .collect();
        self.clips.push((label, picked));
    }

    /// The folder clips, then the set: labels numbered in sorted order of their names.
    fn finish(mut self) -> Result<ClipUploadReport, DataError> {
        // The folder's own folder is the label: "left/clip-01" is a clip of "left".
        for (folder, (label, frames)) in std::mem::take(&mut self.folders) {
            self.clip(&folder, label, frames.into_values().collect());
        }
        let mut class_names: Vec<String> = self
            .clips
            .iter()
            .filter_map(|(label, _)| label.clone())
            .collect();
        class_names.sort();
        class_names.dedup();
        let mut pixels = Vec::new();
        let mut labels = Vec::new();
        for (label, frames) in &self.clips {
            let id = label
                .as_ref()
                .and_then(|name| class_names.iter().position(|known| known == name))
                .map(|id| id as u32);
            for frame in frames {
                pixels.extend_from_slice(frame);
                labels.push(id);
            }
        }
        let images = ImageSet::from_parts(self.size, pixels, labels, class_names)?;
        Ok(ClipUploadReport {
            clips: ClipSet::from_frames(self.frames, images)?,
            rejected: self.rejected,
            num_skipped: self.num_skipped,
        })
    }
}

/// `count` indices from `0..len`, evenly spaced, the first and the last included.
fn evenly(len: usize, count: usize) -> impl Iterator<Item = usize> {
    (0..count).map(move |index| {
        if count < 2 {
            0
        } else {
            (index * (len - 1) + (count - 1) / 2) / (count - 1)
        }
    })
}

/// The entries of one zip archive, read as files at `archive/path`.
struct ZipEntries<'a> {
    reader: &'a mut ClipReader,
    archive: &'a str,
}

impl EntrySink for ZipEntries<'_> {
    fn accepts(&mut self, path: &str) -> bool {
        if is_ignored(path) {
            self.reader.num_skipped += 1;
            return false;
        }
        true
    }

    fn entry(&mut self, path: &str, bytes: Result<Vec<u8>, RejectReason>) {
        let name = format!("{}/{path}", self.archive);
        match bytes {
            Ok(bytes) if is_zip(&bytes) => self.reader.reject(&name, RejectReason::NestedZip),
            Ok(bytes) => self.reader.file(&name, &path.replace('\\', "/"), &bytes),
            Err(reason) => self.reader.reject(&name, reason),
        }
    }
}

#[cfg(test)]
#[path = "clip_upload_tests.rs"]
mod tests;
