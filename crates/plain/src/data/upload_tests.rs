//! Tests of whole uploads: folders and zip archives give labels, limits hold, clutter is skipped,
//! every file gets an outcome.

use std::io::{Cursor, Write};

use image::{DynamicImage, ImageFormat, Rgb, RgbImage};
use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

use super::*;

fn png(rgb: [u8; 3]) -> Vec<u8> {
    encoded(rgb, ImageFormat::Png)
}

fn encoded(rgb: [u8; 3], format: ImageFormat) -> Vec<u8> {
    let image = DynamicImage::ImageRgb8(RgbImage::from_pixel(48, 40, Rgb(rgb)));
    let mut bytes = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut bytes), format)
        .expect("encode test image");
    bytes
}

fn file(name: &str, bytes: Vec<u8>) -> UploadFile {
    UploadFile {
        name: name.into(),
        bytes,
    }
}

fn zip_of(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, bytes) in entries {
        if name.ends_with('/') {
            writer.add_directory(*name, options).expect("zip directory");
        } else {
            writer.start_file(*name, options).expect("zip entry");
            writer.write_all(bytes).expect("zip write");
        }
    }
    writer.finish().expect("zip finish").into_inner()
}

fn upload(files: Vec<UploadFile>) -> UploadReport {
    decode_uploads(files, 32, &UploadLimits::default(), None).expect("valid size")
}

fn reasons(report: &UploadReport) -> Vec<(&str, &RejectReason)> {
    report
        .rejected
        .iter()
        .map(|r| (r.name.as_str(), &r.reason))
        .collect()
}

#[test]
fn a_zip_with_folders_gives_sorted_classes_and_folder_labels() {
    let archive = zip_of(&[
        ("pets/", vec![]),
        ("pets/cats/", vec![]),
        ("pets/cats/a.png", png([200, 0, 0])),
        ("pets/dogs/c.jpg", encoded([0, 200, 0], ImageFormat::Jpeg)),
        ("pets/birds/d.png", png([0, 0, 200])),
        ("pets/cats/b.gif", encoded([200, 0, 0], ImageFormat::Gif)),
        ("__MACOSX/pets/cats/._a.png", vec![1, 2, 3]),
        ("pets/.DS_Store", vec![0; 10]),
        ("pets/readme.txt", b"my pets".to_vec()),
        ("top.png", png([9, 9, 9])),
    ]);
    let report = upload(vec![file("pets.zip", archive)]);
    let images = &report.images;
    assert_eq!(images.class_names(), ["birds", "cats", "dogs"]);
    assert_eq!(images.labels(), [Some(1), Some(2), Some(0), Some(1), None]);
    assert_eq!(report.num_added, 5);
    assert_eq!(report.num_skipped, 2);
    assert_eq!(
        reasons(&report),
        [("pets.zip/pets/readme.txt", &RejectReason::NotAnImage)]
    );
    assert!(!images.is_fully_labelled());
    assert_eq!(images.image_rgb(0).len(), 32 * 32 * 3);
    assert!(images.image_rgb(4).iter().all(|&c| c == 9));
}

#[test]
fn picked_folders_label_by_parent_and_top_level_files_stay_unlabelled() {
    let report = upload(vec![
        file("dogs/b.png", png([1, 1, 1])),
        file("cats/a.png", png([2, 2, 2])),
        file("root/cats/c.png", png([3, 3, 3])),
    ]);
    assert_eq!(report.images.class_names(), ["cats", "dogs"]);
    assert_eq!(report.images.labels(), [Some(1), Some(0), Some(0)]);
    assert!(report.images.is_fully_labelled());
    let report = upload(vec![file("a.png", png([1, 1, 1]))]);
    assert_eq!(report.images.labels(), [None]);
    assert!(report.images.class_names().is_empty());
}

#[test]
fn zips_are_recognised_by_content_not_name() {
    let archive = zip_of(&[("cats/a.png", png([5, 5, 5]))]);
    let report = upload(vec![file("download.bin", archive)]);
    assert_eq!(report.images.len(), 1);
    let report = upload(vec![file("fake.zip", png([5, 5, 5]))]);
    assert_eq!(report.images.len(), 1);
    assert_eq!(report.images.labels(), [None]);
}

#[test]
fn uploads_are_added_to_an_existing_set_with_merged_sorted_classes() {
    let mut existing = ImageSet::new(32, vec!["zebra".into(), "cats".into()]);
    existing.push(&[7; 32 * 32 * 3], Some(0)).expect("push");
    existing.push(&[8; 32 * 32 * 3], Some(1)).expect("push");
    let files = vec![
        file("dogs/a.png", png([1, 1, 1])),
        file("cats/b.png", png([2, 2, 2])),
    ];
    let report =
        decode_uploads(files, 32, &UploadLimits::default(), Some(existing)).expect("upload");
    let images = &report.images;
    assert_eq!(images.class_names(), ["cats", "dogs", "zebra"]);
    assert_eq!(images.labels(), [Some(2), Some(0), Some(1), Some(0)]);
    assert_eq!(images.image_rgb(0)[0], 7);
    assert_eq!(report.num_added, 2);
}

#[test]
fn the_image_limit_counts_existing_images() {
    let mut existing = ImageSet::new(32, vec![]);
    existing.push(&[0; 32 * 32 * 3], None).expect("push");
    let limits = UploadLimits {
        max_images: 3,
        ..UploadLimits::default()
    };
    let files = (0..4)
        .map(|i| file(&format!("{i}.png"), png([i, i, i])))
        .collect();
    let report = decode_uploads(files, 32, &limits, Some(existing)).expect("upload");
    assert_eq!(report.images.len(), 3);
    let too_many = RejectReason::TooManyFiles { limit: 3 };
    assert_eq!(
        reasons(&report),
        [("2.png", &too_many), ("3.png", &too_many)]
    );
}

#[test]
fn size_limits_apply_to_files_and_zip_entries() {
    let limits = UploadLimits {
        max_file_bytes: 100,
        ..UploadLimits::default()
    };
    let big = png([1, 2, 3]);
    let length = big.len() as u64;
    assert!(length > 100);
    let archive = zip_of(&[("cats/big.png", big.clone())]);
    let files = vec![file("big.png", big), file("a.zip", archive)];
    let report = decode_uploads(files, 32, &limits, None).expect("upload");
    let too_large = RejectReason::FileTooLarge {
        bytes: length,
        limit: 100,
    };
    assert_eq!(
        reasons(&report),
        [("big.png", &too_large), ("a.zip/cats/big.png", &too_large)]
    );
}

#[test]
fn zip_bombs_and_oversized_archives_are_stopped() {
    // 4 MiB of zeros deflate to a few kilobytes.
    let archive = zip_of(&[
        ("a/zeros.png", vec![0; 4 << 20]),
        ("a/b.png", png([1, 1, 1])),
    ]);
    assert!(archive.len() < 64 * 1024);
    let limits = UploadLimits {
        max_zip_uncompressed_bytes: 1 << 20,
        max_file_bytes: 8 << 20,
        ..UploadLimits::default()
    };
    let report = decode_uploads(vec![file("bomb.zip", archive)], 32, &limits, None).expect("ok");
    let too_large = RejectReason::ZipTooLarge { limit: 1 << 20 };
    assert_eq!(reasons(&report), [("bomb.zip", &too_large)]);
    assert!(report.images.is_empty());
}

#[test]
fn too_many_zip_entries_refuse_the_archive() {
    let archive = zip_of(&[
        ("a.png", png([1, 1, 1])),
        ("b/", vec![]),
        ("c.png", png([1, 1, 1])),
    ]);
    let limits = UploadLimits {
        max_zip_entries: 2,
        ..UploadLimits::default()
    };
    let report = decode_uploads(vec![file("x.zip", archive)], 32, &limits, None).expect("ok");
    let reason = RejectReason::TooManyZipEntries {
        entries: 3,
        limit: 2,
    };
    assert_eq!(reasons(&report), [("x.zip", &reason)]);
}

#[test]
fn damaged_nested_and_encrypted_archives_are_reported() {
    let mut garbage = b"PK\x03\x04".to_vec();
    garbage.extend_from_slice(&[0x42; 200]);
    let inner = zip_of(&[("a.png", png([1, 1, 1]))]);
    let nested = zip_of(&[("inner.zip", inner.clone()), ("ok.png", png([1, 1, 1]))]);
    let mut encrypted = inner;
    set_encrypted_flags(&mut encrypted);
    let report = upload(vec![
        file("bad.zip", garbage),
        file("outer.zip", nested),
        file("locked.zip", encrypted),
    ]);
    let got = reasons(&report);
    assert!(
        matches!(got[0], ("bad.zip", RejectReason::CorruptZip { .. })),
        "{got:?}"
    );
    assert_eq!(got[1], ("outer.zip/inner.zip", &RejectReason::NestedZip));
    assert_eq!(
        got[2],
        ("locked.zip/a.png", &RejectReason::EncryptedZipEntry)
    );
    assert_eq!(got.len(), 3);
    assert_eq!(report.images.len(), 1);
}

/// Sets the "encrypted" flag of every local and central header (what a password-protected zip
/// has), so the reader must refuse the entry.
fn set_encrypted_flags(zip: &mut [u8]) {
    for start in 0..zip.len().saturating_sub(10) {
        match &zip[start..start + 4] {
            b"PK\x03\x04" => zip[start + 6] |= 1,
            b"PK\x01\x02" => zip[start + 8] |= 1,
            _ => {}
        }
    }
}

#[test]
fn empty_and_clutter_files_at_the_top_level() {
    let report = upload(vec![
        file("empty.png", vec![]),
        file(".DS_Store", vec![1, 2]),
        file("photos/Thumbs.db", vec![1, 2]),
        file("notes.txt", b"hello".to_vec()),
    ]);
    assert_eq!(
        reasons(&report),
        [
            ("empty.png", &RejectReason::EmptyFile),
            ("notes.txt", &RejectReason::NotAnImage)
        ]
    );
    assert_eq!(report.num_skipped, 2);
    assert!(report.images.is_empty());
}

#[test]
fn bad_arguments_are_errors() {
    let files = || vec![file("a.png", png([1, 1, 1]))];
    let limits = UploadLimits::default();
    assert_eq!(
        decode_uploads(files(), 48, &limits, None),
        Err(DataError::UnsupportedSize { size: 48 })
    );
    let existing = ImageSet::new(64, vec![]);
    assert_eq!(
        decode_uploads(files(), 32, &limits, Some(existing)),
        Err(DataError::SizeMismatch {
            expected: 64,
            actual: 32
        })
    );
}

#[test]
fn reports_survive_serde() {
    let report = upload(vec![
        file("cats/a.png", png([1, 2, 3])),
        file("b.txt", b"x".to_vec()),
    ]);
    let json = serde_json::to_string(&report).expect("serialise");
    let back: UploadReport = serde_json::from_str(&json).expect("deserialise");
    assert_eq!(back, report);
    assert_eq!(
        report.rejected[0].to_string(),
        "b.txt: this is not an image file (supported: PNG, JPEG, GIF, WebP, BMP)"
    );
}

/// Decode throughput on photo-sized JPEGs. Run in release:
/// `cargo test --release --lib data::upload -- --ignored --nocapture`.
#[test]
#[ignore = "timing, meaningful only in release"]
fn time_decoding() {
    for (width, height) in [(640, 480), (4032, 3024)] {
        let photo = RgbImage::from_fn(width, height, |x, y| {
            Rgb([(x % 256) as u8, (y % 256) as u8, ((x * y) % 251) as u8])
        });
        let mut bytes = Vec::new();
        DynamicImage::ImageRgb8(photo)
            .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Jpeg)
            .expect("encode");
        let count = if width > 1000 { 5 } else { 50 };
        let files = (0..count)
            .map(|i| file(&format!("c/{i}.jpg"), bytes.clone()))
            .collect();
        let start = std::time::Instant::now();
        let report = upload(files);
        let millis = start.elapsed().as_secs_f64() * 1e3;
        assert_eq!(report.images.len(), count);
        println!(
            "{width}x{height} JPEG ({} KB): {:.1} ms per image",
            bytes.len() / 1024,
            millis / count as f64
        );
    }
}
