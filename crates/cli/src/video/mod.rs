//! The video task on the command line: `nda-lab clips` draws Moving Shapes clips and every
//! temporal negative of them as animated GIFs (`clips.rs`); `nda-lab video --config` trains the
//! clip encoder with NDA clips and its baseline and measures them (`train.rs`).

pub mod clips;
mod data;
mod outputs;
pub mod study;
pub mod train;
