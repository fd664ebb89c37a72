//! The GAN task in the worker (its messages are `nda_protocol::gan::messages`): the session that
//! trains NDA and baseline runs side by side (`session`), a session as a run file (`files`) and, in the browser,
//! its commands (`runtime`). What every session shares is in `session_core.rs`.

pub mod files;
#[cfg(target_arch = "wasm32")]
pub(crate) mod runtime;
pub mod session;
