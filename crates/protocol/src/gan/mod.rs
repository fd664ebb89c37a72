//! The GAN task's messages: its controls, progress, samples, history and snapshot.

pub mod messages;
