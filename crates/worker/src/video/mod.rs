//! The video task in the worker (its messages are `nda_protocol::video`): the session of clip
//! encoders (`session`), opening its run files (`files`), a pair of a study (`study_pair`) and,
//! in the browser, its commands (`runtime`) and which clips it holds (`clips_key`). What every session shares
//! is in `session_core.rs` and `session_control.rs`.

#[cfg(target_arch = "wasm32")]
pub(crate) mod clips_key;
pub mod files;
#[cfg(target_arch = "wasm32")]
pub(crate) mod runtime;
pub mod session;
pub mod study_pair;
