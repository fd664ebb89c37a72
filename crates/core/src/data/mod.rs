//! The data as the models see it: the plain crate's image sets (`nda-plain`'s `data`: built-in
//! procedural sets, decoded uploads, the in-memory [`ImageSet`], mosaics), re-exported at the same
//! paths, and their batches as the `[-1, 1]` tensors that the GAN, the contrastive learner and the
//! negative augmentations of Sinha et al. (ICLR 2021) consume ([`ImageBatch`]).

// The image sets, their decoding and the built-in sets are the plain crate's (`nda-plain`), at the
// same paths; their tensor batches are here.
pub use nda_plain::data::*;

mod batch;

pub use batch::ImageBatch;
