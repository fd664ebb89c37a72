//! The video task's negative augmentations: clips whose motion is broken while every frame stays
//! real (frame shuffle, temporal jigsaw, frozen, temporal stitching), the image jigsaw applied to
//! every frame alike, and the reversed clip as a control. Each draws a small plan from the one
//! seeded generator and applies it to a clip's bytes; the same plans will drive the training's
//! tensor versions, which are tested against these.
//!
//! The paper's video negatives were spatial (frames broken as images are); the temporal ones are
//! this project's extension of the idea, and [`TemporalNegative::from_paper`] says which is which.

mod kind;
mod plan;

pub use kind::TemporalNegative;
pub use plan::{TemporalPlan, apply_plan, draw_plan, negatives_of};
