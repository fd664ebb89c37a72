//! `--data PATH`: a person's own images on the command line, read through the page's decoder and
//! limits ([`decode_uploads`]) so that a folder, a zip or a single file gives the same images,
//! labels, refusals and fingerprint as the page does when the same files are dropped on it.
//!
//! A folder is read the way the page's folder picker hands it over: every file under it, named by
//! its path *including the folder's own name* (`pets/cats/a.png`), so a file's label is the
//! folder that directly contains it, as on the page. Files are taken in sorted path order (the
//! page sorts picked files the same way), so the fingerprint does not depend on the order the
//! operating system lists them in. Zip entries keep their order in the archive, on both sides.

use std::fs;
use std::path::{Path, PathBuf};

use nda_core::data::{
    ImageSet, RejectReason, Rejected, UploadFile, UploadLimits, UploadReport, decode_uploads,
};
use nda_core::experiment::{DatasetChoice, ExperimentConfig};

/// Files are decoded in batches of at most this many bytes, so a folder of thousands of photos
/// never sits in memory all at once (the decoded images are a few kilobytes each).
const BATCH_BYTES: u64 = 64 * 1024 * 1024;

/// What `--data` gave: the images and a summary of what was refused, for a person.
#[derive(Debug)]
pub struct LoadedData {
    /// The decoded images.
    pub images: ImageSet,
    /// Files left out, with the reason, in the order they were read.
    pub rejected: Vec<Rejected>,
    /// System clutter skipped without complaint (`.DS_Store`, `__MACOSX/`...).
    pub num_skipped: usize,
}

impl LoadedData {
    /// One line of totals, then one line per refused file with its reason.
    pub fn summary(&self, path: &Path) -> String {
        let classes = match self.images.num_classes() {
            0 => "no labels".to_string(),
            count => format!("{count} classes: {}", self.images.class_names().join(", ")),
        };
        let files = |count: usize| match count {
            1 => "1 file".to_string(),
            count => format!("{count} files"),
        };
        let mut text = format!(
            "data: {} images added from {} ({classes}; {} unlabelled); {} refused; {} skipped \
             as system clutter; fingerprint {}",
            self.images.len(),
            path.display(),
            self.images.num_unlabelled(),
            files(self.rejected.len()),
            files(self.num_skipped),
            self.images.fingerprint()
        );
        for rejected in &self.rejected {
            text.push_str(&format!(
                "\n  refused {}: {}",
                rejected.name, rejected.reason
            ));
        }
        text
    }
}

/// Reads every file at `path` (a folder, a zip archive or one file), named as the page names an
/// upload's files (`folder/sub/file`), and hands each to `each`: its bytes, or why it was refused
/// unread (larger than `limits` allow, as the page refuses it, or unreadable).
pub fn read_files(
    path: &Path,
    limits: &UploadLimits,
    mut each: impl FnMut(Result<UploadFile, Rejected>) -> Result<(), String>,
) -> Result<(), String> {
    let metadata =
        fs::metadata(path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let top = path.file_name().map_or_else(
        || "data".to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    let mut entries = Vec::new();
    if metadata.is_dir() {
        list_folder(path, &top, &mut entries)?;
        entries.sort_by(|a, b| a.0.cmp(&b.0));
    } else {
        entries.push((top, path.to_path_buf()));
    }
    for (name, file) in entries {
        let length = fs::metadata(&file).map_or(0, |metadata| metadata.len());
        if length > limits.max_file_bytes {
            let reason = RejectReason::FileTooLarge {
                bytes: length,
                limit: limits.max_file_bytes,
            };
            each(Err(Rejected { name, reason }))?;
            continue;
        }
        each(match fs::read(&file) {
            Ok(bytes) => Ok(UploadFile { name, bytes }),
            Err(error) => Err(Rejected {
                name,
                reason: RejectReason::Corrupt {
                    detail: format!("the file cannot be read ({error})"),
                },
            }),
        })?;
    }
    Ok(())
}

/// Decodes the images at `path` (a folder, a zip archive or one image) at side `size`, a batch of
/// files at a time so that a large folder is never held whole.
pub fn load_data(path: &Path, size: usize, limits: &UploadLimits) -> Result<LoadedData, String> {
    let mut loaded = LoadedData {
        images: ImageSet::new(size, Vec::new()),
        rejected: Vec::new(),
        num_skipped: 0,
    };
    let mut batch = Vec::new();
    let mut batch_bytes = 0;
    read_files(path, limits, |file| {
        match file {
            Ok(file) => {
                batch_bytes += file.bytes.len() as u64;
                batch.push(file);
                if batch_bytes >= BATCH_BYTES {
                    flush(&mut loaded, &mut batch, size, limits)?;
                    batch_bytes = 0;
                }
            }
            Err(rejected) => {
                // After the files before it, so the refusals keep the files' order.
                flush(&mut loaded, &mut batch, size, limits)?;
                batch_bytes = 0;
                loaded.rejected.push(rejected);
            }
        }
        Ok(())
    })?;
    flush(&mut loaded, &mut batch, size, limits)?;
    if loaded.images.is_empty() {
        return Err(format!(
            "no usable image in {}\n{}",
            path.display(),
            loaded.summary(path)
        ));
    }
    Ok(loaded)
}

/// Decodes the waiting files and adds them to `loaded` (the page's decoder, limits and labels).
fn flush(
    loaded: &mut LoadedData,
    batch: &mut Vec<UploadFile>,
    size: usize,
    limits: &UploadLimits,
) -> Result<(), String> {
    if batch.is_empty() {
        return Ok(());
    }
    let existing = std::mem::replace(&mut loaded.images, ImageSet::new(size, Vec::new()));
    let UploadReport {
        images,
        rejected,
        num_skipped,
        ..
    } = decode_uploads(std::mem::take(batch), size, limits, Some(existing))
        .map_err(|error| error.to_string())?;
    loaded.images = images;
    loaded.rejected.extend(rejected);
    loaded.num_skipped += num_skipped;
    Ok(())
}

/// Every file under `folder`, named `prefix/relative/path` with `/` separators.
fn list_folder(
    folder: &Path,
    prefix: &str,
    entries: &mut Vec<(String, PathBuf)>,
) -> Result<(), String> {
    let listing = fs::read_dir(folder)
        .map_err(|error| format!("cannot list {}: {error}", folder.display()))?;
    for entry in listing {
        let entry = entry.map_err(|error| format!("cannot list {}: {error}", folder.display()))?;
        let name = format!("{prefix}/{}", entry.file_name().to_string_lossy());
        let path = entry.path();
        // `metadata` follows links, so a linked folder is read like a folder.
        if fs::metadata(&path).is_ok_and(|metadata| metadata.is_dir()) {
            list_folder(&path, &name, entries)?;
        } else {
            entries.push((name, path));
        }
    }
    Ok(())
}

/// The images an experiment trains on: the built-in set its config describes or, with `data`,
/// the person's files, whose fingerprint, count and side then go into `config` (so the written
/// config opens the same experiment in the page, which asks for the same files). A config made
/// on the page for uploads needs `data`; files that differ from the ones it was made with train
/// all the same, with a warning, since the person may mean to run it on new images.
pub fn experiment_images(
    config: &mut ExperimentConfig,
    data: Option<&Path>,
) -> Result<ImageSet, String> {
    let Some(path) = data else {
        return match &config.dataset {
            DatasetChoice::Builtin(spec) => {
                nda_core::data::generate(spec).map_err(|error| error.to_string())
            }
            DatasetChoice::Uploaded { images, .. } => Err(format!(
                "this experiment trains on {images} uploaded images: give them with --data PATH \
                 (a folder whose sub-folders are labels, a zip, or one image)"
            )),
        };
    };
    let loaded = load_data(path, config.image_size(), &UploadLimits::default())?;
    eprintln!("{}", loaded.summary(path));
    let fingerprint = loaded.images.fingerprint();
    if let DatasetChoice::Uploaded {
        fingerprint: expected,
        ..
    } = &config.dataset
        && *expected != fingerprint
    {
        eprintln!(
            "warning: the experiment was made with other images (fingerprint {expected}, these \
             are {fingerprint}): training on these"
        );
    }
    if config.gan.conditional {
        // As the page's form: conditional on the folders' classes when there are two or more.
        let classes = loaded.images.num_classes();
        config.gan.config.num_classes = (classes >= 2).then_some(classes);
        if classes < 2 {
            eprintln!("note: the images have fewer than two classes: the GAN is not conditional");
        }
    }
    config.dataset = DatasetChoice::Uploaded {
        fingerprint,
        images: loaded.images.len(),
        size: loaded.images.size(),
    };
    Ok(loaded.images)
}

#[cfg(test)]
#[path = "data_files_tests.rs"]
mod tests;
