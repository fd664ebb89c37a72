//! Tests of Moving Shapes: determinism, labels, limits, and that a class is motion, not looks.

use super::*;

fn spec(count: usize) -> ClipSpec {
    ClipSpec {
        count,
        ..ClipSpec::default()
    }
}

/// Mean absolute difference of two frames' bytes.
fn frame_distance(a: &[u8], b: &[u8]) -> f64 {
    let total: u64 = a.iter().zip(b).map(|(x, y)| x.abs_diff(*y) as u64).sum();
    total as f64 / a.len() as f64
}

#[test]
fn the_same_spec_draws_the_same_clips_and_a_range_draws_its_part() {
    let all = generate_clips(&spec(16)).expect("clips");
    assert_eq!(all, generate_clips(&spec(16)).expect("clips"));
    assert_eq!((all.len(), all.frames(), all.size()), (16, 8, 32));
    let part = draw_clips(&spec(16), 4..6, None).expect("part");
    assert_eq!(part.clip(0), all.clip(4));
    assert_eq!(part.clip(1), all.clip(5));
    let other_seed = generate_clips(&ClipSpec {
        seed: 2,
        ..spec(16)
    })
    .expect("clips");
    assert_ne!(other_seed.clip(0), all.clip(0));
    let held_out = generate_held_out_clips(&spec(16), HeldOut::Reference, 0..1).expect("held out");
    assert_ne!(held_out.clip(0), all.clip(0));
}

#[test]
fn labels_cycle_through_the_eight_motions_and_pair_with_their_mirror() {
    let clips = generate_clips(&spec(10)).expect("clips");
    let labels: Vec<_> = (0..10).map(|clip| clips.label(clip)).collect();
    assert_eq!(
        labels[..9],
        (0..9).map(|k| Some(k % 8)).collect::<Vec<_>>()[..]
    );
    assert_eq!(clips.class_names().len(), 8);
    for label in 0..8 {
        let mirror = reversed_motion(label);
        assert_ne!(mirror, label);
        assert_eq!(reversed_motion(mirror), label);
        assert_eq!(
            mirror / 2,
            label / 2,
            "a mirror moves along the same kind of path"
        );
    }
}

#[test]
fn every_clip_moves_and_its_frames_differ_step_by_step() {
    let clips = generate_clips(&spec(200)).expect("clips");
    let frame_bytes = 32 * 32 * 3;
    for index in 0..clips.len() {
        let clip = clips.clip(index);
        let first = &clip[..frame_bytes];
        let last = &clip[7 * frame_bytes..];
        assert!(
            frame_distance(first, last) > 0.5,
            "clip {index} ({:?}) barely moves",
            clips.label(index)
        );
    }
}

#[test]
fn a_clip_keeps_its_background_and_figure_while_it_moves() {
    // A growing figure covers more pixels at the end than at the start; its background pixels
    // far from the centre stay the same from frame to frame.
    let clips = generate_clips(&spec(8)).expect("clips");
    let growing = clips.clip(6);
    let frame_bytes = 32 * 32 * 3;
    let corner = |frame: usize| &growing[frame * frame_bytes..frame * frame_bytes + 3];
    assert_eq!(corner(0), corner(7));
}

#[test]
fn limits_on_side_frames_and_count_are_refused_with_the_range() {
    let bad_frames = ClipSpec {
        frames: 4,
        ..spec(8)
    };
    assert_eq!(
        bad_frames.validate(),
        Err(DataError::FramesOutOfRange {
            frames: 4,
            min: 8,
            max: 16
        })
    );
    assert!(
        ClipSpec {
            frames: 17,
            ..spec(8)
        }
        .validate()
        .is_err()
    );
    assert_eq!(
        ClipSpec {
            size: 48,
            ..spec(8)
        }
        .validate(),
        Err(DataError::UnsupportedSize { size: 48 })
    );
    // 64 px and 16 frames: 196,608 bytes a clip, so 200 MB holds 1,017 clips.
    let large = ClipSpec {
        size: 64,
        frames: 16,
        count: 2_000,
        seed: 1,
    };
    assert_eq!(
        large.validate(),
        Err(DataError::CountOutOfRange {
            count: 2_000,
            min: 1,
            max: 1_017
        })
    );
    assert!(spec(0).validate().is_err());
    assert!(spec(MAX_CLIP_COUNT).validate().is_ok());
}
