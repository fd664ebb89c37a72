//! The contrastive task's messages: its controls, progress, evaluations, maps and history.

pub mod messages;
