//! Tests of the clip gallery's state.

use super::*;

#[test]
fn a_render_draws_the_real_row_and_one_row_per_kind_at_every_frame() {
    let mut state = ClipGalleryState::default();
    state.render();
    assert_eq!(state.rows.len(), 1 + TemporalNegative::ALL.len());
    assert_eq!(state.rows[0].slug, "real");
    for row in &state.rows {
        assert_eq!(row.frames.len(), 8, "{}", row.slug);
    }
    let frozen = state
        .rows
        .iter()
        .find(|row| row.slug == "frozen")
        .expect("frozen");
    assert!(frozen.frames.iter().all(|frame| *frame == frozen.frames[0]));
    let real = &state.rows[0];
    assert_ne!(real.frames[0], real.frames[7], "the real clips move");
    let controls: Vec<_> = state
        .rows
        .iter()
        .filter(|row| row.control)
        .map(|row| row.slug)
        .collect();
    assert_eq!(controls, ["reverse"]);
}

#[test]
fn a_reroll_keeps_the_clips_and_other_clips_keep_the_draws() {
    let mut state = ClipGalleryState::default();
    state.render();
    let before = state.rows.clone();
    state.reroll();
    assert_eq!(state.rows[0], before[0]);
    let shuffle = |rows: &[ClipRow]| rows.iter().find(|row| row.slug == "frame-shuffle").cloned();
    assert_ne!(shuffle(&state.rows), shuffle(&before));
    state.other_clips();
    assert_ne!(state.rows[0], before[0]);
    assert_eq!((state.seed, state.augment_seed), (2, 2));
}

#[test]
fn playing_advances_the_frame_and_a_step_pauses() {
    let mut state = ClipGalleryState::default();
    state.tick();
    assert_eq!(state.frame, 0, "nothing plays before the rows are drawn");
    state.render();
    for _ in 0..9 {
        state.tick();
    }
    assert_eq!(state.frame, 1, "eight frames loop");
    state.step();
    assert_eq!((state.frame, state.playing), (2, false));
    state.tick();
    assert_eq!(state.frame, 2, "a paused gallery stands still");
    state.toggle_playing();
    assert!(state.playing);
}

#[test]
fn a_persons_clips_replace_moving_shapes_with_every_refusal_listed() {
    let mut state = ClipGalleryState::default();
    state.render();
    let zip = UploadFile {
        name: "clips.zip".into(),
        bytes: include_bytes!("../../../tests/fixtures/clips.zip").to_vec(),
    };
    state.use_uploads(vec![zip], vec!["huge.gif: too large".into()]);
    assert_eq!(state.error, None);
    let note = state.upload.clone().expect("a note");
    assert_eq!(note.kept, 3);
    assert_eq!(note.labels, ["down", "left", "right"]);
    assert_eq!(note.rejected.len(), 2, "{:?}", note.rejected);
    assert!(note.rejected[0].starts_with("huge.gif"));
    assert!(
        note.rejected[1].contains("notes.txt"),
        "{:?}",
        note.rejected
    );
    assert_eq!(state.rows[0].title, "Your clips");
    assert_eq!(state.rows.len(), 1 + TemporalNegative::ALL.len());
    // Three clips side by side, 32 px each with 1 px gaps; the square moves.
    let real = &state.rows[0];
    assert_eq!(real.frames[0].width, 3 * 33 - 1);
    assert_ne!(real.frames[0], real.frames[7]);

    // An upload with no clip says why and keeps the clips on show.
    let text = UploadFile {
        name: "notes.txt".into(),
        bytes: b"not a clip".to_vec(),
    };
    state.use_uploads(vec![text], Vec::new());
    assert!(
        state
            .error
            .as_deref()
            .is_some_and(|error| error.contains("none of these files is a clip"))
    );
    assert_eq!(state.own.as_ref().map(ClipSet::len), Some(3));

    state.use_moving_shapes();
    assert_eq!(state.rows[0].title, "Real clips");
    assert_eq!(state.rows[0].frames[0].width, 8 * 33 - 1);
    assert_eq!(state.upload, None);
}
