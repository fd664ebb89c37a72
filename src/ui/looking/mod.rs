//! The GAN panel's "What D looks at": one image shown to every discriminator, with its score and
//! occlusion map side by side. [`state`] is plain and tested natively; the view is browser-only.

pub mod state;

#[cfg(target_arch = "wasm32")]
pub mod panel;
