//! Built-in procedural datasets, decoding of user uploads, and the in-memory dataset with its
//! batches: everything between "some images" and the `[-1, 1]` tensors that the GAN, the
//! contrastive learner and the negative augmentations of Sinha et al. (ICLR 2021) consume.
//!
//! Everything here takes bytes and returns values: no file system, no threads, no clock, so it
//! compiles to wasm32 unchanged and is tested natively.
//!
//! - [`ImageSet`]: the compact dataset (one byte per channel), its stratified split and its
//!   host floats in `[-1, 1]` (the core's `data::ImageBatch` uploads them as a tensor).
//! - [`generate`]: the built-in datasets (digits, shapes, faces), drawn from a seed.
//! - [`decode_uploads`]: a person's files, folders and zip archives, within [`UploadLimits`];
//!   files that cannot be used come back as [`Rejected`] with a [`RejectReason`].
//! - [`mosaic_from_set`] / [`mosaic_from_nchw`]: one RGBA grid for a canvas.

mod decode;
mod error;
mod fingerprint;
mod image_set;
mod limits;
mod mosaic;
mod paths;
mod procedural;
mod reject;
mod sampler;
mod split;
mod upload;
pub mod video;
mod zip_archive;

pub use error::DataError;
pub use image_set::ImageSet;
pub use limits::{SUPPORTED_SIZES, UploadLimits, validate_size};
pub use mosaic::{MOSAIC_GAP, RgbaMosaic, mosaic_from_nchw, mosaic_from_set, mosaic_size};
pub use procedural::{
    BuiltinDataset, BuiltinSpec, HeldOut, MAX_BUILTIN_COUNT, MIN_BUILTIN_COUNT, generate,
    generate_held_out, generate_range,
};
pub use reject::{RejectReason, Rejected};
pub use sampler::{EpochSampler, evenly_spaced};
pub use upload::{UploadFile, UploadReport, decode_uploads};
