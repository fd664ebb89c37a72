//! The video task on the command line. Today: `nda-lab clips`, which draws Moving Shapes clips
//! and every temporal negative of them as animated GIFs (`clips.rs`).

pub mod clips;
