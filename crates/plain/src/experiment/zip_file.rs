//! The zip container of run files (a GAN's and a contrastive encoder's): written deflated, read
//! with limits on the file's size, its number of entries and each entry's inflated size, since a
//! run file may come from anyone.

use std::io::{Cursor, Read, Write};

use zip::ZipArchive;
use zip::write::{SimpleFileOptions, ZipWriter};

use super::error::ConfigError;

/// Largest run file accepted (a medium model's three networks are about 40 MB).
pub const MAX_ARCHIVE_BYTES: usize = 200 * 1024 * 1024;
/// Most entries a run file may have (a run's timeline is up to 64 files, two runs per file).
const MAX_ENTRIES: usize = 256;
/// Largest inflated entry.
const MAX_ENTRY_BYTES: u64 = 150 * 1024 * 1024;
/// Most bytes all the entries read from one file may inflate to.
const MAX_INFLATED_BYTES: u64 = 400 * 1024 * 1024;

/// A run file being written.
pub struct ZipOut {
    zip: ZipWriter<Cursor<Vec<u8>>>,
}

impl ZipOut {
    /// An empty file.
    pub fn new() -> Self {
        Self {
            zip: ZipWriter::new(Cursor::new(Vec::new())),
        }
    }

    /// Adds the entry `name`.
    pub fn add(&mut self, name: &str, bytes: &[u8]) -> Result<(), ConfigError> {
        let options =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        self.zip
            .start_file(name, options)
            .and_then(|()| self.zip.write_all(bytes).map_err(zip::result::ZipError::Io))
            .map_err(|error| ConfigError::invalid(format!("could not write {name}: {error}")))
    }

    /// The file's bytes.
    pub fn finish(self) -> Result<Vec<u8>, ConfigError> {
        self.zip
            .finish()
            .map(Cursor::into_inner)
            .map_err(|error| ConfigError::invalid(format!("could not finish the zip: {error}")))
    }
}

/// A run file being read.
pub struct ZipIn<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    /// Bytes inflated so far.
    inflated: u64,
}

impl<'a> ZipIn<'a> {
    /// Opens `bytes`, refusing files too large, not zips, or with too many entries.
    pub fn open(bytes: &'a [u8]) -> Result<Self, ConfigError> {
        if bytes.len() > MAX_ARCHIVE_BYTES {
            return Err(ConfigError::invalid(format!(
                "the file is {} MB, more than the {} MB a run file may have",
                bytes.len() / (1024 * 1024),
                MAX_ARCHIVE_BYTES / (1024 * 1024)
            )));
        }
        let zip = ZipArchive::new(Cursor::new(bytes))
            .map_err(|_| ConfigError::invalid("this is not a run file (not a zip archive)"))?;
        if zip.len() > MAX_ENTRIES {
            return Err(ConfigError::invalid(format!(
                "the archive has {} files; a run file has at most {MAX_ENTRIES}",
                zip.len()
            )));
        }
        Ok(Self { zip, inflated: 0 })
    }

    /// The names of the entries that start with `prefix`, in the file's order.
    pub fn names_under(&self, prefix: &str) -> Vec<String> {
        self.zip
            .file_names()
            .filter(|name| name.starts_with(prefix))
            .map(str::to_string)
            .collect()
    }

    /// The entry `name`, `None` when the file has none.
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, ConfigError> {
        let Ok(entry) = self.zip.by_name(name) else {
            return Ok(None);
        };
        let mut bytes = Vec::new();
        entry
            .take(MAX_ENTRY_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|error| ConfigError::invalid(format!("{name} is damaged: {error}")))?;
        if bytes.len() as u64 > MAX_ENTRY_BYTES {
            return Err(ConfigError::invalid(format!("{name} is too large")));
        }
        self.inflated += bytes.len() as u64;
        if self.inflated > MAX_INFLATED_BYTES {
            return Err(ConfigError::invalid(format!(
                "the file's contents inflate to more than the {} MB a run file may hold",
                MAX_INFLATED_BYTES / (1024 * 1024)
            )));
        }
        Ok(Some(bytes))
    }

    /// The entry `name` as text (lossy), empty when the file has none.
    pub fn read_text(&mut self, name: &str) -> Result<String, ConfigError> {
        Ok(String::from_utf8_lossy(&self.read(name)?.unwrap_or_default()).into_owned())
    }
}

/// The data lines of a CSV entry (its header and blank lines left out).
pub(crate) fn data_rows(text: &str) -> impl Iterator<Item = &str> {
    text.lines().skip(1).filter(|line| !line.trim().is_empty())
}
