//! The contrastive task's walk-through on the device side (`capture`); its host numbers and
//! formula are in `teaching/explained_query.rs`.

pub mod capture;
