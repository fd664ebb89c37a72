//! The contrastive task in the worker (its messages are `nda_protocol::contrastive::messages`): the
//! session of MoCo encoders (`session`), their measurements (`measures`), a session as a run file (`files`) and, in the
//! browser, its commands (`runtime`). What every session shares is in `session_core.rs`.

pub(crate) mod files;
pub mod measures;
#[cfg(target_arch = "wasm32")]
pub(crate) mod runtime;
pub mod session;
