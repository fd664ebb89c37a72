//! Teaching NDA: what a discriminator looks at ([`occlusion`]), so a person can see, and a test
//! can measure, whether an NDA-trained D attends to the seams of a jigsawed image.

pub mod heat_map;
pub mod occlusion;

pub use heat_map::heat_map;
pub use occlusion::{OCCLUSION_PATCH, OCCLUSION_STRIDE, OcclusionMap, occlusion_map};
