//! Reading a zip archive of images entry by entry, within limits: the number of entries, the size
//! of each entry and the total number of bytes inflated, counted as they are inflated because a
//! zip's declared sizes can lie. Each entry is handed over as soon as it is read, so only one
//! entry's bytes are held at a time.

use std::io::{Cursor, Read};

use zip::ZipArchive;
use zip::result::ZipError;

use super::limits::UploadLimits;
use super::reject::RejectReason;

/// Receives the entries of an archive.
pub(crate) trait EntrySink {
    /// Whether the file at `path` should be read at all. The sink records why not (clutter to
    /// skip, no room left), so a refused entry is never decompressed.
    fn accepts(&mut self, path: &str) -> bool;

    /// An entry's bytes, or why they could not be read.
    fn entry(&mut self, path: &str, bytes: Result<Vec<u8>, RejectReason>);
}

/// Reads every file entry of the archive `bytes` into `sink`, in archive order. Returns an
/// error that concerns the whole archive (unreadable, too many entries, too many bytes once
/// inflated); entries handed over before the error stay handed over.
pub(crate) fn read_zip(
    bytes: &[u8],
    limits: &UploadLimits,
    sink: &mut dyn EntrySink,
) -> Result<(), RejectReason> {
    let too_large = RejectReason::ZipTooLarge {
        limit: limits.max_zip_uncompressed_bytes,
    };
    if bytes.len() as u64 > limits.max_zip_uncompressed_bytes {
        return Err(too_large);
    }
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(zip_reason)?;
    if archive.len() > limits.max_zip_entries {
        return Err(RejectReason::TooManyZipEntries {
            entries: archive.len(),
            limit: limits.max_zip_entries,
        });
    }
    let mut inflated = 0u64;
    for index in 0..archive.len() {
        let (path, encrypted, declared) = match archive.by_index_raw(index) {
            Ok(file) if file.is_dir() => continue,
            Ok(file) => (file.name().to_string(), file.encrypted(), file.size()),
            Err(error) => return Err(zip_reason(error)),
        };
        if !sink.accepts(&path) {
            continue;
        }
        if encrypted {
            sink.entry(&path, Err(RejectReason::EncryptedZipEntry));
            continue;
        }
        if declared > limits.max_file_bytes {
            let reason = RejectReason::FileTooLarge {
                bytes: declared,
                limit: limits.max_file_bytes,
            };
            sink.entry(&path, Err(reason));
            continue;
        }
        let budget = limits.max_zip_uncompressed_bytes.saturating_sub(inflated);
        let cap = limits.max_file_bytes.min(budget);
        let data = match archive.by_index(index) {
            Ok(file) => read_capped(file, declared.min(cap), cap),
            Err(error) => Err(zip_reason(error)),
        };
        let data = match data {
            Ok(data) => data,
            Err(reason) => {
                sink.entry(&path, Err(reason));
                continue;
            }
        };
        inflated += data.len() as u64;
        if data.len() as u64 > cap {
            if cap == budget {
                return Err(too_large);
            }
            let reason = RejectReason::FileTooLarge {
                bytes: data.len() as u64,
                limit: limits.max_file_bytes,
            };
            sink.entry(&path, Err(reason));
            continue;
        }
        sink.entry(&path, Ok(data));
    }
    Ok(())
}

/// Reads at most `cap + 1` bytes, so that going over `cap` is seen without reading further.
fn read_capped(file: impl Read, expected: u64, cap: u64) -> Result<Vec<u8>, RejectReason> {
    let mut data = Vec::with_capacity(usize::try_from(expected).unwrap_or(0));
    file.take(cap.saturating_add(1))
        .read_to_end(&mut data)
        .map_err(|error| RejectReason::CorruptZip {
            detail: error.to_string(),
        })?;
    Ok(data)
}

fn zip_reason(error: ZipError) -> RejectReason {
    match error {
        ZipError::UnsupportedArchive(ZipError::PASSWORD_REQUIRED) | ZipError::InvalidPassword => {
            RejectReason::EncryptedZipEntry
        }
        ZipError::Io(error) => RejectReason::CorruptZip {
            detail: error.to_string(),
        },
        error => RejectReason::CorruptZip {
            detail: error.to_string(),
        },
    }
}
