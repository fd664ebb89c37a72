//! `nda-lab clips` writes a playable GIF per kind, and the frozen one does not move.

use super::*;
use image::AnimationDecoder;
use image::codecs::gif::GifDecoder;

fn frames_of(path: &Path) -> Vec<RgbaImage> {
    let file = std::io::BufReader::new(fs::File::open(path).expect("gif"));
    GifDecoder::new(file)
        .expect("a gif")
        .into_frames()
        .collect_frames()
        .expect("frames")
        .into_iter()
        .map(Frame::into_buffer)
        .collect()
}

#[test]
fn every_kind_becomes_a_looping_strip_and_the_frozen_one_stands_still() {
    let out = std::env::temp_dir().join(format!("nda-lab-clips-{}", std::process::id()));
    let options = ClipsOptions {
        spec: ClipSpec {
            count: 3,
            ..ClipSpec::default()
        },
        augment_seed: 1,
        scale: 2,
        data: None,
        out: out.clone(),
    };
    run(&options).expect("clips written");
    let real = frames_of(&out.join("real.gif"));
    assert_eq!(real.len(), 8);
    // Three 32-pixel clips with two gaps between them, doubled.
    let width = 3 * 32 + 2 * nda_core::data::MOSAIC_GAP as u32;
    assert_eq!(real[0].dimensions(), (width * 2, 32 * 2));
    assert_ne!(real[0], real[7], "the real clips move");
    for kind in TemporalNegative::ALL {
        let frames = frames_of(&out.join(format!("{}.gif", kind.slug())));
        assert_eq!(frames.len(), 8, "{}", kind.slug());
    }
    let still = image::open(out.join("real.png"))
        .expect("a still")
        .to_rgba8();
    assert_eq!(
        still.dimensions(),
        (
            width * 2,
            (8 * 32 + 7 * nda_core::data::MOSAIC_GAP as u32) * 2
        )
    );
    let frozen = frames_of(&out.join("frozen.gif"));
    assert!(frozen.iter().all(|frame| *frame == frozen[0]));
    let table = fs::read_to_string(out.join("clips.md")).expect("table");
    assert!(table.contains("moving right, moving left, moving down"));
    for kind in TemporalNegative::ALL {
        assert!(table.contains(kind.reason()), "{}", kind.slug());
    }
    assert!(table.contains("| control |"));
    fs::remove_dir_all(&out).expect("clean up");
}

#[test]
fn a_person_s_clips_are_shown_with_their_negatives_and_bad_files_refused() {
    let root = std::env::temp_dir().join(format!("nda-lab-own-clips-{}", std::process::id()));
    let data = root.join("mine");
    fs::create_dir_all(data.join("left")).expect("folder");
    // An animated GIF of ten frames, from nda-lab clips' own output.
    let drawn = root.join("drawn");
    let mut options = ClipsOptions {
        spec: ClipSpec {
            count: 2,
            frames: 10,
            ..ClipSpec::default()
        },
        augment_seed: 1,
        scale: 1,
        data: None,
        out: drawn.clone(),
    };
    run(&options).expect("a clip drawn");
    fs::copy(drawn.join("real.gif"), data.join("left/walk.gif")).expect("copy");
    fs::copy(drawn.join("reverse.gif"), data.join("left/back.gif")).expect("copy");
    fs::write(data.join("notes.txt"), "not a clip").expect("write");
    options.spec.frames = 8;
    options.data = Some(data.clone());
    options.out = root.join("out");
    run(&options).expect("the person's clip");
    let real = frames_of(&root.join("out/real.gif"));
    let width = 2 * 32 + nda_core::data::MOSAIC_GAP as u32;
    assert_eq!((real.len(), real[0].dimensions()), (8, (width, 32)));
    let table = fs::read_to_string(root.join("out/clips.md")).expect("table");
    assert!(table.contains("left to right: left, left."), "{table}");
    options.data = Some(data.join("left/walk.gif"));
    let refused = run(&options).expect_err("one clip");
    assert!(refused.contains("1 clip: temporal stitching"), "{refused}");
    options.data = Some(data.join("notes.txt"));
    let refused = run(&options).expect_err("no clip");
    assert!(refused.contains("no usable clip"), "{refused}");
    fs::remove_dir_all(&root).expect("clean up");
}
