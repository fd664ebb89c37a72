//! The video task's files: its run file ([`archive`]) and its study in the experiment file
//! ([`study`]).

pub mod archive;
pub mod study;
