//! Teaching's plain half: one GAN iteration and one contrastive query explained as host numbers and
//! their formulas, and the heat map's colours. The core's `train::teaching` reads them back from a
//! live step and adds the occlusion maps.

pub mod explained_query;
pub mod explained_step;
pub mod heat_map;

pub use explained_query::{ExplainedContrastiveStep, QueryExplained};
pub use explained_step::{
    ExplainedStep, GeneratorExplained, LossTerms, NegativeRecipe, SHOWN_PER_GROUP, ScoredImages,
};
pub use heat_map::heat_map;
