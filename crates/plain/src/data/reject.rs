//! Why an uploaded file was not added to the dataset, in words a person understands. One bad file
//! never stops an upload: it is listed with its reason and the others go on.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The reason one uploaded file (or zip entry) was left out.
#[derive(Clone, Debug, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum RejectReason {
    /// The file has no bytes.
    #[error("the file is empty")]
    EmptyFile,
    /// The file is larger than allowed.
    #[error(
        "the file is too large ({:.1} MB; the limit is {:.0} MB)",
        *bytes as f64 / 1e6,
        *limit as f64 / 1e6
    )]
    FileTooLarge {
        /// Size of the file.
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// The content is not an image in any format we know (text, random bytes, a document...).
    #[error("this is not an image file (supported: PNG, JPEG, GIF, WebP, BMP)")]
    NotAnImage,
    /// An image in a format this page cannot decode.
    #[error("{0} images are not supported: convert it to PNG or JPEG")]
    UnsupportedFormat(String),
    /// The file ends before the image does, usually an interrupted download or copy.
    #[error("the image file is truncated (it ends before the image data does)")]
    Truncated,
    /// The image data is damaged.
    #[error("the image is damaged and cannot be decoded: {detail}")]
    Corrupt {
        /// What the decoder reported.
        detail: String,
    },
    /// The image has more pixels than allowed (also how decompression bombs are caught).
    #[error("the image is {width} × {height} pixels, more than the limit of {limit} pixels")]
    TooManyPixels {
        /// Width from the image header.
        width: u32,
        /// Height from the image header.
        height: u32,
        /// The limit on `width * height`.
        limit: u64,
    },
    /// Decoding would need more memory than allowed.
    #[error("decoding this image would need too much memory: {detail}")]
    DecoderLimit {
        /// What the decoder reported.
        detail: String,
    },
    /// The dataset already holds as many images as allowed.
    #[error("the dataset already has the maximum of {limit} images")]
    TooManyFiles {
        /// The limit on the number of images.
        limit: usize,
    },
    /// A zip archive decompresses to more bytes than allowed (possibly a zip bomb).
    #[error("the zip archive unpacks to more than {limit} bytes")]
    ZipTooLarge {
        /// The limit on decompressed bytes.
        limit: u64,
    },
    /// A zip archive has more entries than allowed.
    #[error("the zip archive has {entries} entries, more than the limit of {limit}")]
    TooManyZipEntries {
        /// Entries in the archive.
        entries: usize,
        /// The limit.
        limit: usize,
    },
    /// A zip archive (or one of its entries) cannot be read.
    #[error("the zip archive is damaged or uses an unsupported feature: {detail}")]
    CorruptZip {
        /// What the zip reader reported.
        detail: String,
    },
    /// A zip entry is password-protected.
    #[error("the file is encrypted in the zip archive")]
    EncryptedZipEntry,
    /// A clip (an animation, or a folder of frames) is shorter than the clips of the set.
    #[error("the clip has {frames} frames; clips here need at least {needed}")]
    TooFewFrames {
        /// Frames the clip has.
        frames: usize,
        /// Frames a clip needs.
        needed: usize,
    },
    /// An animation has more frames than are read.
    #[error("the animation has more than {limit} frames: shorten it")]
    TooManyFrames {
        /// The most frames read from one animation.
        limit: usize,
    },
    /// A still image where clips are expected, outside any folder of frames.
    #[error(
        "a single picture is not a clip: upload an animated GIF, PNG or WebP, or put a clip's \
         frames in a folder of their own"
    )]
    StillImageNotClip,
    /// A zip archive inside a zip archive is not opened (it could nest without end).
    #[error("zip archives inside zip archives are not opened: unpack it first")]
    NestedZip,
}

/// An uploaded file or zip entry that was left out, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejected {
    /// The file's name or path, as uploaded (zip entries: `archive.zip/path/in/archive`).
    pub name: String,
    /// Why it was left out.
    pub reason: RejectReason,
}

impl std::fmt::Display for Rejected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.name, self.reason)
    }
}
