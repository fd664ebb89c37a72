//! The contrastive task's messages: its commands, its events, and what they carry (controls,
//! progress, evaluations, maps and history).

pub mod command;
pub mod event;
pub mod messages;
