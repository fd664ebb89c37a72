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
