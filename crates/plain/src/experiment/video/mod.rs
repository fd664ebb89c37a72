//! The video task's files: its run file ([`archive`]).

pub mod archive;
