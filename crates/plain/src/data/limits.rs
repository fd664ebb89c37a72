//! Limits on what an upload may cost, so that no file, however crafted, can exhaust the memory of
//! a phone's browser tab: a decompression bomb (a small PNG claiming 100,000 × 100,000 pixels) or
//! a zip bomb is refused before anything large is allocated; and the image sides a set may have.

use serde::{Deserialize, Serialize};

use super::error::DataError;

/// Image sides the models are built for, in pixels.
pub const SUPPORTED_SIZES: [usize; 2] = [32, 64];

/// Checks that `size` is one of [`SUPPORTED_SIZES`].
pub fn validate_size(size: usize) -> Result<(), DataError> {
    if SUPPORTED_SIZES.contains(&size) {
        Ok(())
    } else {
        Err(DataError::UnsupportedSize { size })
    }
}

/// Limits applied while decoding uploads; the defaults are safe on a phone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadLimits {
    /// Largest single file (or zip entry), in bytes. Default 20 MiB: more than any phone photo.
    pub max_file_bytes: u64,
    /// Largest decoded image, in pixels (`width * height`), checked from the header before any
    /// pixel is decoded. Default 40 megapixels (most phone cameras save 12–24 MP by default):
    /// its RGBA decode buffer is 160 MB, about the most a phone tab can hold next to a model.
    pub max_pixels: u64,
    /// Most images kept in total, including those already in the dataset being added to.
    /// Default 20,000, the same bound as the built-in datasets.
    pub max_images: usize,
    /// Most entries (files and folders) read from one zip archive. Default 50,000.
    pub max_zip_entries: usize,
    /// Most bytes decompressed from one zip archive, counted as they are inflated (the sizes a
    /// zip declares can lie). Default 200 MiB.
    pub max_zip_uncompressed_bytes: u64,
}

impl Default for UploadLimits {
    fn default() -> Self {
        UploadLimits {
            max_file_bytes: 20 * 1024 * 1024,
            max_pixels: 40_000_000,
            max_images: 20_000,
            max_zip_entries: 50_000,
            max_zip_uncompressed_bytes: 200 * 1024 * 1024,
        }
    }
}

impl UploadLimits {
    /// The most bytes a decoder may allocate for one image: the largest allowed image in the
    /// widest pixel format (16-bit RGBA, 8 bytes per pixel), plus room for the decoder itself.
    pub fn max_decoder_bytes(&self) -> u64 {
        self.max_pixels
            .saturating_mul(8)
            .saturating_add(64 * 1024 * 1024)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_supported_sizes_validate() {
        assert!(validate_size(32).is_ok() && validate_size(64).is_ok());
        assert_eq!(
            validate_size(28),
            Err(DataError::UnsupportedSize { size: 28 })
        );
    }
}
