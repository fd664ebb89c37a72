//! The messages about the data: the active data set's summary (origin, size, classes,
//! thumbnails, fingerprint), the uploaded files refused with why, and one row of the
//! augmentation gallery.

use serde::{Deserialize, Serialize};

use nda_plain::augment::GalleryRowKind;
use nda_plain::data::{BuiltinSpec, RgbaMosaic};

/// Where the active dataset comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum DatasetOrigin {
    /// Generated in the browser from a spec.
    Builtin(BuiltinSpec),
    /// The user's uploads.
    Uploads,
}

/// What the page shows about the active dataset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetSummary {
    /// Where it comes from.
    pub origin: DatasetOrigin,
    /// Number of images.
    pub num_images: usize,
    /// Image side in pixels.
    pub size: usize,
    /// Class names, in label order (empty when unlabelled).
    pub class_names: Vec<String>,
    /// Images per class, in label order.
    pub counts_per_label: Vec<usize>,
    /// Images without a label.
    pub num_unlabelled: usize,
    /// The first images as one RGBA grid.
    pub thumbnails: RgbaMosaic,
    /// Uploaded images kept in memory (whether or not they are active).
    pub num_uploaded: usize,
    /// Time to generate or decode, in milliseconds.
    pub millis: f64,
    /// Fingerprint of the images and labels ([`nda_plain::data::ImageSet::fingerprint`]), so a
    /// shared experiment can check that the recipient uploaded the same files.
    pub fingerprint: String,
}

/// A file that could not be used, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RejectedFile {
    /// The file's name (for a zip entry: archive name and entry path).
    pub name: String,
    /// Why, in words a person understands.
    pub reason: String,
}

/// One row of the gallery, ready to draw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GalleryRowView {
    /// What the row shows.
    pub kind: GalleryRowKind,
    /// The images as one RGBA grid, or `None` when `error` says why not.
    pub mosaic: Option<RgbaMosaic>,
    /// Why the row could not be made with the current settings.
    pub error: Option<String>,
    /// Time to compute and read back this row, in milliseconds.
    pub millis: f64,
}
