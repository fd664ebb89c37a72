//! Which clips the worker's video data came from, so that a session asking for the same clips
//! reuses them (drawing 1,600 Moving Shapes clips takes a while in the page) and one asking for
//! others gets them.

use nda_core::data::video::ClipSpec;

/// Where the worker's video clips came from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum VideoClipsKey {
    /// Moving Shapes of this spec.
    Shapes(ClipSpec),
    /// A person's clips of this fingerprint, split by this seed.
    Own(String, u64),
}
