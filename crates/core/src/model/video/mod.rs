//! The video task's network: the clip encoder of dense predictive coding ([`clip_encoder`]).

pub mod clip_encoder;

pub use clip_encoder::ClipEncoder;
