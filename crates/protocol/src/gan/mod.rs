//! The GAN task's messages: its commands, its events, and what they carry (controls, progress,
//! samples, history and snapshots).

pub mod command;
pub mod event;
pub mod messages;
