//! Each temporal negative does what its name says, on synthetic clips whose frames are told
//! apart by their bytes and on real Moving Shapes clips.

use rand::SeedableRng;

use super::*;
use crate::data::video::{ClipSpec, generate_clips};

const SIZE: usize = 4;
const FRAME_BYTES: usize = SIZE * SIZE * 3;

/// A clip whose frame `t` has every byte equal to `base + t`.
fn clip(frames: usize, base: u8) -> Vec<u8> {
    (0..frames)
        .flat_map(|t| vec![base + t as u8; FRAME_BYTES])
        .collect()
}

/// The first byte of every frame: which input frame (and clip) each output frame came from.
fn frame_ids(clip: &[u8]) -> Vec<u8> {
    clip.chunks_exact(FRAME_BYTES)
        .map(|frame| frame[0])
        .collect()
}

fn rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

#[test]
fn a_frame_shuffle_is_a_permutation_and_never_the_identity() {
    for frames in 8..=16 {
        for seed in 0..200 {
            let TemporalPlan::Reorder(order) =
                draw_plan(TemporalNegative::FrameShuffle, frames, &mut rng(seed))
            else {
                panic!("a shuffle reorders");
            };
            let mut sorted = order.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, (0..frames).collect::<Vec<_>>());
            assert_ne!(order, sorted, "{frames} frames, seed {seed}");
        }
    }
}

#[test]
fn a_temporal_jigsaw_swaps_whole_blocks_of_frames() {
    for seed in 0..100 {
        let plan = draw_plan(TemporalNegative::TemporalJigsaw, 8, &mut rng(seed));
        let out = frame_ids(&apply_plan(&plan, &clip(8, 0), &clip(8, 100), 8, SIZE));
        assert_ne!(out, (0..8).collect::<Vec<u8>>());
        // Blocks of two: each pair is two consecutive frames, the first even.
        for pair in out.chunks_exact(2) {
            assert!(pair[0] % 2 == 0 && pair[1] == pair[0] + 1, "{out:?}");
        }
    }
}

#[test]
fn a_frozen_clip_has_zero_frame_difference() {
    let plan = draw_plan(TemporalNegative::Frozen, 8, &mut rng(3));
    let out = apply_plan(&plan, &clip(8, 0), &clip(8, 100), 8, SIZE);
    let ids = frame_ids(&out);
    assert!(ids.iter().all(|&id| id == ids[0]) && ids[0] < 8);
    let real = generate_clips(&ClipSpec {
        count: 8,
        ..ClipSpec::default()
    })
    .expect("clips");
    let frame = 32 * 32 * 3;
    let frozen = apply_plan(&plan, real.clip(0), real.clip(1), 8, 32);
    for t in 1..8 {
        assert_eq!(frozen[t * frame..(t + 1) * frame], frozen[..frame]);
    }
}

#[test]
fn a_reversed_clip_plays_its_frames_backwards() {
    let plan = draw_plan(TemporalNegative::Reverse, 8, &mut rng(1));
    let out = apply_plan(&plan, &clip(8, 0), &clip(8, 100), 8, SIZE);
    assert_eq!(frame_ids(&out), (0..8).rev().collect::<Vec<u8>>());
}

#[test]
fn stitching_takes_each_half_from_its_clip() {
    let plan = draw_plan(TemporalNegative::TemporalStitch, 8, &mut rng(1));
    let out = apply_plan(&plan, &clip(8, 0), &clip(8, 100), 8, SIZE);
    assert_eq!(frame_ids(&out), vec![0, 1, 2, 3, 104, 105, 106, 107]);
}

#[test]
fn the_per_frame_jigsaw_rearranges_every_frame_alike() {
    // Frame t's pixel (x, y) holds 10·t + the number of its 2×2 quadrant.
    let frames = 3;
    let quadrant_clip: Vec<u8> = (0..frames)
        .flat_map(|t| {
            (0..SIZE * SIZE).flat_map(move |pixel| {
                let (y, x) = (pixel / SIZE, pixel % SIZE);
                let quadrant = (y / 2) * 2 + x / 2;
                [(10 * t + quadrant) as u8; 3]
            })
        })
        .collect();
    for seed in 0..50 {
        let plan = draw_plan(TemporalNegative::SpatialJigsaw, frames, &mut rng(seed));
        let TemporalPlan::SpatialJigsaw { ref order, .. } = plan else {
            panic!("a jigsaw plan");
        };
        assert_ne!(order, &vec![0, 1, 2, 3]);
        let out = apply_plan(&plan, &quadrant_clip, &quadrant_clip, frames, SIZE);
        for t in 0..frames {
            for (quadrant, &from) in order.iter().enumerate() {
                let (y, x) = (quadrant / 2 * 2, quadrant % 2 * 2);
                let byte = out[t * FRAME_BYTES + (y * SIZE + x) * 3];
                assert_eq!(byte as usize, 10 * t + from, "seed {seed} frame {t}");
            }
        }
    }
}

#[test]
fn only_the_reverse_is_a_control_and_only_the_spatial_jigsaw_is_the_paper_s() {
    let controls: Vec<_> = TemporalNegative::ALL
        .iter()
        .filter(|kind| kind.is_control())
        .collect();
    assert_eq!(controls, [&TemporalNegative::Reverse]);
    let from_paper: Vec<_> = TemporalNegative::ALL
        .iter()
        .filter(|kind| kind.from_paper())
        .collect();
    assert_eq!(from_paper, [&TemporalNegative::SpatialJigsaw]);
    for kind in TemporalNegative::ALL {
        assert!(!kind.reason().is_empty() && !kind.label().is_empty());
    }
}
