//! Common corruptions at severities 1 to 5, after Hendrycks & Dietterich (ICLR 2019, the CIFAR-10-C
//! the paper's anomaly experiments use): five of their kinds, re-implemented on our `[-1, 1]`
//! planar floats for small images. They are out-of-distribution sets for the anomaly benchmark:
//! a discriminator that knows what real images look like should score them lower.
//!
//! Gaussian noise (sd 0.08 to 0.40 on the [-1, 1] scale, i.e. 0.04 to 0.20 of the range), box blur
//! (radius 1 to 5), contrast (pulled towards each
//! image's mean, keeping 75 % to 15 % of it), pixelation (blocks of 2 to 6 pixels at 32 px, twice
//! that at 64 px) and occlusion (a grey square of 15 % to 55 % of the side at a random place).

use rand::RngExt;
use rand::rngs::ChaCha8Rng;

use crate::seeding::normal_values;

/// A corruption kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Corruption {
    /// Additive Gaussian noise.
    Noise,
    /// Box blur.
    Blur,
    /// Lower contrast.
    Contrast,
    /// Block averaging.
    Pixelate,
    /// A grey square.
    Occlusion,
}

/// Severities, mildest first.
pub const SEVERITIES: [usize; 5] = [1, 2, 3, 4, 5];

impl Corruption {
    /// Every kind, in the order tables list them.
    pub const ALL: [Corruption; 5] = [
        Corruption::Noise,
        Corruption::Blur,
        Corruption::Contrast,
        Corruption::Pixelate,
        Corruption::Occlusion,
    ];

    /// A short lower-case name for tables and CSV files.
    pub fn name(self) -> &'static str {
        match self {
            Corruption::Noise => "noise",
            Corruption::Blur => "blur",
            Corruption::Contrast => "contrast",
            Corruption::Pixelate => "pixelate",
            Corruption::Occlusion => "occlusion",
        }
    }

    /// `images` (`[n, 3, size, size]` planar floats in [-1, 1]) corrupted at `severity` (1 to 5,
    /// clamped), values kept in [-1, 1]. Only noise and occlusion draw from `rng`.
    pub fn apply(
        self,
        images: &[f32],
        size: usize,
        severity: usize,
        rng: &mut ChaCha8Rng,
    ) -> Vec<f32> {
        let level = severity.clamp(1, 5) - 1;
        let plane = size * size;
        let mut out = images.to_vec();
        match self {
            Corruption::Noise => {
                let sd = [0.08, 0.14, 0.20, 0.28, 0.40][level];
                let noise = normal_values(out.len(), sd, rng);
                for (value, noise) in out.iter_mut().zip(noise) {
                    *value = (*value + noise).clamp(-1.0, 1.0);
                }
            }
            Corruption::Blur => {
                let radius = level + 1;
                for channel in out.chunks_exact_mut(plane) {
                    box_blur(channel, size, radius);
                }
            }
            Corruption::Contrast => {
                let keep = [0.75, 0.6, 0.45, 0.3, 0.15][level];
                for image in out.chunks_exact_mut(3 * plane) {
                    let mean = image.iter().sum::<f32>() / image.len() as f32;
                    image
                        .iter_mut()
                        .for_each(|v| *v = mean + (*v - mean) * keep);
                }
            }
            Corruption::Pixelate => {
                let block = [2, 3, 4, 5, 6][level] * size / 32;
                for channel in out.chunks_exact_mut(plane) {
                    pixelate(channel, size, block.max(2));
                }
            }
            Corruption::Occlusion => {
                let side = ((size as f32) * [0.15, 0.25, 0.35, 0.45, 0.55][level]).round() as usize;
                for image in out.chunks_exact_mut(3 * plane) {
                    let x0 = rng.random_range(0..=size - side);
                    let y0 = rng.random_range(0..=size - side);
                    for channel in image.chunks_exact_mut(plane) {
                        for y in y0..y0 + side {
                            channel[y * size + x0..y * size + x0 + side].fill(0.0);
                        }
                    }
                }
            }
        }
        out
    }
}

/// Mean over a `(2r + 1)²` window, the window clipped at the borders, in two separable passes.
fn box_blur(channel: &mut [f32], size: usize, radius: usize) {
    let pass = |read: &dyn Fn(&[f32], usize, usize) -> f32, source: Vec<f32>, out: &mut [f32]| {
        for y in 0..size {
            for x in 0..size {
                out[y * size + x] = read(&source, x, y);
            }
        }
    };
    let horizontal = move |source: &[f32], x: usize, y: usize| {
        let (start, end) = (x.saturating_sub(radius), (x + radius).min(size - 1));
        source[y * size + start..=y * size + end]
            .iter()
            .sum::<f32>()
            / (end - start + 1) as f32
    };
    let vertical = move |source: &[f32], x: usize, y: usize| {
        let (start, end) = (y.saturating_sub(radius), (y + radius).min(size - 1));
        (start..=end).map(|row| source[row * size + x]).sum::<f32>() / (end - start + 1) as f32
    };
    pass(&horizontal, channel.to_vec(), channel);
    pass(&vertical, channel.to_vec(), channel);
}

/// Every `block × block` tile (clipped at the borders) replaced by its mean.
fn pixelate(channel: &mut [f32], size: usize, block: usize) {
    for top in (0..size).step_by(block) {
        for left in (0..size).step_by(block) {
            let rows = top..(top + block).min(size);
            let columns = left..(left + block).min(size);
            let count = rows.len() * columns.len();
            let sum: f32 = rows
                .clone()
                .flat_map(|y| columns.clone().map(move |x| y * size + x))
                .map(|index| channel[index])
                .sum();
            for y in rows.clone() {
                channel[y * size + columns.start..y * size + columns.end].fill(sum / count as f32);
            }
        }
    }
}

#[cfg(test)]
#[path = "corruptions_tests.rs"]
mod tests;
