//! A person's clips: animations and frame folders become clips with their folder's label;
//! short, still, broken and oversized files are refused with a reason.

use std::io::{Cursor, Write};

use image::codecs::gif::{GifEncoder, Repeat};
use image::{Delay, Frame, Rgba, RgbaImage};

use super::*;
use crate::data::video::MAX_SOURCE_FRAMES;
use image::ImageFormat;

/// An animated GIF of `frames` 8×8 frames, frame `t` filled with grey `15 * t` (mod 256).
fn gif(frames: usize) -> Vec<u8> {
    let mut bytes = Vec::new();
    {
        let mut encoder = GifEncoder::new(&mut bytes);
        encoder.set_repeat(Repeat::Infinite).expect("repeat");
        let frames = (0..frames).map(|t| {
            let shade = (15 * t % 256) as u8;
            Frame::from_parts(
                RgbaImage::from_pixel(8, 8, Rgba([shade, shade, shade, 255])),
                0,
                0,
                Delay::from_numer_denom_ms(100, 1),
            )
        });
        encoder.encode_frames(frames).expect("gif");
    }
    bytes
}

/// A PNG of one grey `shade`.
fn png(shade: u8) -> Vec<u8> {
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(8, 8, image::Rgb([shade; 3])))
        .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
        .expect("png");
    bytes
}

fn file(name: &str, bytes: Vec<u8>) -> UploadFile {
    UploadFile {
        name: name.into(),
        bytes,
    }
}

/// The grey of frame `t` of clip `clip`.
fn shade(report: &ClipUploadReport, clip: usize, t: usize) -> u8 {
    report.clips.clip(clip)[t * 32 * 32 * 3]
}

#[test]
fn animations_and_frame_folders_become_labelled_clips_sampled_evenly() {
    let mut files = vec![file("moves/left/a.gif", gif(15))];
    for t in 0..10 {
        // Either separator names the same folder.
        let separator = if t % 2 == 0 { '/' } else { '\\' };
        let name = format!("moves{separator}right/clip-1{separator}{t:03}.png");
        files.push(file(&name, png(10 * t as u8)));
    }
    let report = decode_clip_uploads(files, 32, 8, &UploadLimits::default()).expect("report");
    assert_eq!(report.rejected, Vec::new());
    assert_eq!(report.clips.len(), 2);
    assert_eq!(report.clips.class_names(), ["left", "right"]);
    assert_eq!(
        (report.clips.label(0), report.clips.label(1)),
        (Some(0), Some(1))
    );
    // 15 frames sampled to 8: the first and the last are kept, in order.
    assert_eq!(shade(&report, 0, 0), 0);
    assert_eq!(shade(&report, 0, 7), 15 * 14);
    assert!((1..8).all(|t| shade(&report, 0, t) > shade(&report, 0, t - 1)));
    // A folder's frames in name order, 10 sampled to 8.
    assert_eq!((shade(&report, 1, 0), shade(&report, 1, 7)), (0, 90));
}

#[test]
fn short_still_broken_and_long_files_are_refused_with_their_reason() {
    let files = vec![
        file("short.gif", gif(3)),
        file("photo.png", png(5)),
        file("notes.txt", b"not a clip".to_vec()),
        file("few/clip/000.png", png(1)),
        file("empty.gif", Vec::new()),
        file(".DS_Store", vec![1, 2, 3]),
    ];
    let report = decode_clip_uploads(files, 32, 8, &UploadLimits::default()).expect("report");
    assert!(report.clips.is_empty());
    let reasons: Vec<(&str, &RejectReason)> = report
        .rejected
        .iter()
        .map(|rejected| (rejected.name.as_str(), &rejected.reason))
        .collect();
    assert_eq!(
        reasons,
        [
            (
                "short.gif",
                &RejectReason::TooFewFrames {
                    frames: 3,
                    needed: 8
                }
            ),
            ("photo.png", &RejectReason::StillImageNotClip),
            ("notes.txt", &RejectReason::NotAnImage),
            ("empty.gif", &RejectReason::EmptyFile),
            (
                "few/clip",
                &RejectReason::TooFewFrames {
                    frames: 1,
                    needed: 8
                }
            ),
        ]
    );
    assert_eq!(report.num_skipped, 1);
    let long = decode_clip_uploads(
        vec![file("long.gif", gif(MAX_SOURCE_FRAMES + 1))],
        32,
        8,
        &UploadLimits::default(),
    )
    .expect("report");
    assert_eq!(
        long.rejected[0].reason,
        RejectReason::TooManyFrames {
            limit: MAX_SOURCE_FRAMES
        }
    );
    let small = UploadLimits {
        max_pixels: 32,
        ..UploadLimits::default()
    };
    let large = decode_clip_uploads(vec![file("big.gif", gif(8))], 32, 8, &small).expect("report");
    assert!(matches!(
        large.rejected[0].reason,
        RejectReason::TooManyPixels {
            width: 8,
            height: 8,
            ..
        }
    ));
}

#[test]
fn a_zip_of_clips_reads_like_its_folders() {
    let mut zipped = Vec::new();
    {
        let mut writer = zip::ZipWriter::new(Cursor::new(&mut zipped));
        let options = zip::write::SimpleFileOptions::default();
        writer.start_file("up/a.gif", options).expect("entry");
        writer.write_all(&gif(8)).expect("write");
        writer.start_file("b.gif", options).expect("entry");
        writer.write_all(&gif(8)).expect("write");
        writer.finish().expect("zip");
    }
    let report = decode_clip_uploads(
        vec![file("clips.zip", zipped)],
        32,
        8,
        &UploadLimits::default(),
    )
    .expect("report");
    assert_eq!(report.clips.len(), 2);
    assert_eq!(report.clips.class_names(), ["up"]);
    // An entry at the archive's top level has no label, as an image would not.
    assert_eq!(
        (report.clips.label(0), report.clips.label(1)),
        (Some(0), None)
    );
    let bad_length = decode_clip_uploads(Vec::new(), 32, 0, &UploadLimits::default());
    assert!(matches!(
        bad_length,
        Err(DataError::FramesOutOfRange { frames: 0, .. })
    ));
}
