//! The video task's messages: its commands, its events, and what they carry (controls, progress
//! and evaluations).

pub mod command;
pub mod event;
pub mod messages;
