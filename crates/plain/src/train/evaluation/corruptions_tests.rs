//! Exact properties of each corruption on small seeded images.

use super::*;
use crate::seeding::{RngStream, stream_rng};

const SIZE: usize = 8;

fn images(count: usize) -> Vec<f32> {
    images_of_side(count, SIZE)
}

fn images_of_side(count: usize, size: usize) -> Vec<f32> {
    (0..count * 3 * size * size)
        .map(|i| ((i * 37 % 101) as f32 / 50.0) - 1.0)
        .collect()
}

fn variance(values: &[f32]) -> f32 {
    let mean = values.iter().sum::<f32>() / values.len() as f32;
    values.iter().map(|v| (v - mean).powi(2)).sum::<f32>() / values.len() as f32
}

#[test]
fn every_corruption_keeps_the_shape_and_range_and_changes_the_images() {
    let input = images(2);
    for corruption in Corruption::ALL {
        for severity in SEVERITIES {
            let mut rng = stream_rng(1, RngStream::Evaluation);
            let out = corruption.apply(&input, SIZE, severity, &mut rng);
            assert_eq!(out.len(), input.len());
            assert!(
                out.iter().all(|v| (-1.0..=1.0).contains(v)),
                "{corruption:?}"
            );
            assert_ne!(out, input, "{corruption:?} {severity}");
        }
    }
}

#[test]
fn harsher_severities_move_further_from_the_input() {
    // 32 px, where the blur's radius grows from 1 to 3.
    let input = images_of_side(2, 32);
    for corruption in [Corruption::Noise, Corruption::Contrast] {
        let distance = |severity| {
            let mut rng = stream_rng(1, RngStream::Evaluation);
            let out = corruption.apply(&input, 32, severity, &mut rng);
            out.iter()
                .zip(&input)
                .map(|(a, b)| (a - b).powi(2))
                .sum::<f32>()
        };
        assert!(
            distance(1) < distance(3) && distance(3) < distance(5),
            "{corruption:?}"
        );
    }
}

#[test]
fn a_wider_blur_smooths_more() {
    let input = images_of_side(1, 32);
    let mut rng = stream_rng(1, RngStream::Evaluation);
    let mild = Corruption::Blur.apply(&input, 32, 1, &mut rng);
    let harsh = Corruption::Blur.apply(&input, 32, 5, &mut rng);
    assert!(variance(&harsh) < variance(&mild) && variance(&mild) < variance(&input));
}

#[test]
fn contrast_keeps_each_images_mean_and_scales_its_spread() {
    let input = images(1);
    let mut rng = stream_rng(1, RngStream::Evaluation);
    let out = Corruption::Contrast.apply(&input, SIZE, 1, &mut rng);
    let mean = |v: &[f32]| v.iter().sum::<f32>() / v.len() as f32;
    assert!((mean(&out) - mean(&input)).abs() < 1e-5);
    assert!((variance(&out) / variance(&input) - 0.75f32.powi(2)).abs() < 1e-4);
}

#[test]
fn blur_and_pixelate_keep_a_constant_image_and_pixelate_makes_constant_blocks() {
    let constant = vec![0.25; 3 * SIZE * SIZE];
    let mut rng = stream_rng(1, RngStream::Evaluation);
    for corruption in [Corruption::Blur, Corruption::Pixelate] {
        let out = corruption.apply(&constant, SIZE, 3, &mut rng);
        assert!(
            out.iter().all(|v| (v - 0.25).abs() < 1e-6),
            "{corruption:?}"
        );
    }
    let out = Corruption::Pixelate.apply(&images_of_side(1, 32), 32, 1, &mut rng);
    // Blocks of 2 at 32 px: pixels (0, 0) and (1, 1) share a block, (2, 0) starts the next.
    assert_eq!(out[0], out[32 + 1]);
}

#[test]
fn occlusion_greys_exactly_one_square_per_image() {
    let input = vec![0.5; 3 * 20 * 20];
    let mut rng = stream_rng(1, RngStream::Evaluation);
    let out = Corruption::Occlusion.apply(&input, 20, 2, &mut rng);
    let greyed = out.iter().filter(|v| **v == 0.0).count();
    assert_eq!(
        greyed,
        3 * 5 * 5,
        "a 5 px square (25 % of 20) in every channel"
    );
}

#[test]
fn noise_is_reproducible_from_its_seed() {
    let input = images(1);
    let run = |seed| {
        Corruption::Noise.apply(
            &input,
            SIZE,
            2,
            &mut stream_rng(seed, RngStream::Evaluation),
        )
    };
    assert_eq!(run(3), run(3));
    assert_ne!(run(3), run(4));
}
