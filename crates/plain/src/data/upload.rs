//! Turning a person's uploaded files (picked one by one, as a folder, or as zip archives) into a
//! dataset, without ever failing as a whole: each file that cannot be used is listed with a
//! reason, and the rest are kept.
//!
//! Labels come from folders: a file's class is the folder that directly contains it
//! ("cats/a.png" and "pets/cats/a.png" are both "cats"), and class ids are given in sorted order
//! of the class names. Files at the top level have no label. A set in which any image has no
//! label (or with fewer than two classes) is treated as unlabelled wherever accuracy is measured
//! (see [`ImageSet::is_fully_labelled`]); the labelled images keep their labels.

use serde::{Deserialize, Serialize};

use super::decode::{decode_image, is_zip};
use super::error::DataError;
use super::image_set::ImageSet;
use super::limits::UploadLimits;
use super::limits::validate_size;
use super::paths::{class_of, is_ignored};
use super::reject::{RejectReason, Rejected};
use super::zip_archive::{EntrySink, read_zip};

/// One uploaded file as the page read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadFile {
    /// The file name, or its relative path when a folder was picked ("cats/img1.png").
    pub name: String,
    /// The file's bytes.
    #[serde(with = "serde_bytes")]
    pub bytes: Vec<u8>,
}

/// What became of an upload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UploadReport {
    /// The dataset: the existing images (if any were given) followed by the new ones.
    pub images: ImageSet,
    /// Number of images added by this upload.
    pub num_added: usize,
    /// Files and zip entries that were left out, with the reason, in upload order.
    pub rejected: Vec<Rejected>,
    /// Files skipped silently as system clutter (`.DS_Store`, `__MACOSX/`, `Thumbs.db`...).
    pub num_skipped: usize,
}

/// Decodes `files` into images of side `size` (32 or 64), added after the images of `existing`
/// if given (whose side must be `size`; its images count towards `limits.max_images`, and its
/// class names are merged with the new ones, renumbering labels in sorted order).
///
/// Zip archives are recognised by their first bytes, whatever their name, and their entries are
/// decoded as if uploaded with their paths inside the archive. Problems with single files go to
/// [`UploadReport::rejected`]; an error is returned only for a bad `size` or `existing`.
pub fn decode_uploads(
    files: Vec<UploadFile>,
    size: usize,
    limits: &UploadLimits,
    existing: Option<ImageSet>,
) -> Result<UploadReport, DataError> {
    validate_size(size)?;
    let existing = existing.unwrap_or_else(|| ImageSet::new(size, Vec::new()));
    if existing.size() != size {
        return Err(DataError::SizeMismatch {
            expected: existing.size(),
            actual: size,
        });
    }
    let mut collector = Collector::new(size, limits, existing.len());
    for file in files {
        collector.add_file(file);
    }
    collector.finish(existing)
}

/// Decoded images waiting for their class ids, and the bookkeeping of an upload.
struct Collector<'a> {
    size: usize,
    limits: &'a UploadLimits,
    room: usize,
    /// The new images; class ids in order of discovery until [`Collector::finish`].
    staged: ImageSet,
    rejected: Vec<Rejected>,
    num_skipped: usize,
    /// Prefix of display names while reading an archive ("photos.zip/").
    archive_prefix: String,
}

impl<'a> Collector<'a> {
    fn new(size: usize, limits: &'a UploadLimits, num_existing: usize) -> Self {
        Collector {
            size,
            limits,
            room: limits.max_images.saturating_sub(num_existing),
            staged: ImageSet::new(size, Vec::new()),
            rejected: Vec::new(),
            num_skipped: 0,
            archive_prefix: String::new(),
        }
    }

    fn reject(&mut self, path: &str, reason: RejectReason) {
        self.rejected.push(Rejected {
            name: format!("{}{path}", self.archive_prefix),
            reason,
        });
    }

    /// One top-level upload: a zip archive to open, or an image.
    fn add_file(&mut self, file: UploadFile) {
        if is_ignored(&file.name) {
            self.num_skipped += 1;
        } else if file.bytes.is_empty() {
            self.reject(&file.name, RejectReason::EmptyFile);
        } else if is_zip(&file.bytes) {
            self.archive_prefix = format!("{}/", file.name);
            let outcome = read_zip(&file.bytes, self.limits, self);
            self.archive_prefix.clear();
            if let Err(reason) = outcome {
                self.reject(&file.name, reason);
            }
        } else if self.accepts(&file.name) {
            self.entry(&file.name, Ok(file.bytes));
        }
    }
}

impl EntrySink for Collector<'_> {
    fn accepts(&mut self, path: &str) -> bool {
        if is_ignored(path) {
            self.num_skipped += 1;
            return false;
        }
        if self.room == 0 {
            let limit = self.limits.max_images;
            self.reject(path, RejectReason::TooManyFiles { limit });
            return false;
        }
        true
    }

    fn entry(&mut self, path: &str, bytes: Result<Vec<u8>, RejectReason>) {
        let decoded = bytes.and_then(|bytes| self.decode(&bytes));
        match decoded {
            Ok(rgb) => {
                let label = class_of(path).map(|class| self.staged.class_id_or_add(&class));
                match self.staged.push(&rgb, label) {
                    Ok(()) => self.room -= 1,
                    Err(error) => self.reject(
                        path,
                        RejectReason::Corrupt {
                            detail: error.to_string(),
                        },
                    ),
                }
            }
            Err(reason) => self.reject(path, reason),
        }
    }
}

impl Collector<'_> {
    /// Checks that apply to every file, then the image decoding itself.
    fn decode(&self, bytes: &[u8]) -> Result<Vec<u8>, RejectReason> {
        let length = bytes.len() as u64;
        if length == 0 {
            return Err(RejectReason::EmptyFile);
        }
        if is_zip(bytes) {
            return Err(RejectReason::NestedZip);
        }
        if length > self.limits.max_file_bytes {
            return Err(RejectReason::FileTooLarge {
                bytes: length,
                limit: self.limits.max_file_bytes,
            });
        }
        decode_image(bytes, self.size, self.limits)
    }

    /// Appends the new images to `existing` and numbers all classes in sorted name order.
    fn finish(self, mut images: ImageSet) -> Result<UploadReport, DataError> {
        let num_added = self.staged.len();
        images.append(self.staged)?;
        let mut sorted = images.class_names().to_vec();
        sorted.sort();
        images.remap_classes(sorted)?;
        Ok(UploadReport {
            images,
            num_added,
            rejected: self.rejected,
            num_skipped: self.num_skipped,
        })
    }
}

#[cfg(test)]
#[path = "upload_tests.rs"]
mod tests;
