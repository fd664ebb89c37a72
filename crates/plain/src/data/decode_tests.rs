//! Tests of single-image decoding: every supported format and pixel layout is kept and resized,
//! every kind of bad file gets its own reason.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::{ImageEncoder, Rgb, RgbImage, Rgba};

use super::*;

const SIZE: usize = 32;

/// 90 × 30: red, green and blue thirds from left to right; its centred square is all green.
fn stripes() -> RgbImage {
    RgbImage::from_fn(90, 30, |x, _| match x / 30 {
        0 => Rgb([255, 0, 0]),
        1 => Rgb([0, 255, 0]),
        _ => Rgb([0, 0, 255]),
    })
}

fn encode(image: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut bytes = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut bytes), format)
        .expect("encode test image");
    bytes
}

fn decode(bytes: &[u8]) -> Result<Vec<u8>, RejectReason> {
    decode_image(bytes, SIZE, &UploadLimits::default())
}

/// Largest channel difference between any pixel of `rgb` and `expected`.
fn max_error(rgb: &[u8], expected: [u8; 3]) -> u8 {
    rgb.chunks(3)
        .flat_map(|p| (0..3).map(move |c| p[c].abs_diff(expected[c])))
        .max()
        .unwrap_or(0)
}

#[test]
fn every_supported_format_and_layout_is_kept_cropped_and_resized() {
    let rgb = DynamicImage::ImageRgb8(stripes());
    let cases: Vec<(&str, Vec<u8>, u8)> = vec![
        ("png rgb8", encode(&rgb, ImageFormat::Png), 0),
        (
            "png rgba8",
            encode(&rgb.to_rgba8().into(), ImageFormat::Png),
            0,
        ),
        (
            "png rgb16",
            encode(&rgb.to_rgb16().into(), ImageFormat::Png),
            0,
        ),
        (
            "png rgba16",
            encode(&rgb.to_rgba16().into(), ImageFormat::Png),
            0,
        ),
        ("jpeg", encode(&rgb, ImageFormat::Jpeg), 24),
        ("gif", encode(&rgb.to_rgba8().into(), ImageFormat::Gif), 0),
        ("bmp", encode(&rgb, ImageFormat::Bmp), 0),
        (
            "webp lossless",
            encode(&rgb.to_rgba8().into(), ImageFormat::WebP),
            0,
        ),
    ];
    for (name, bytes, tolerance) in cases {
        let out = decode(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(out.len(), SIZE * SIZE * 3, "{name}");
        let error = max_error(&out, [0, 255, 0]);
        assert!(error <= tolerance, "{name}: off by {error}");
    }
}

#[test]
fn grayscale_images_become_grey_rgb() {
    let gray = image::GrayImage::from_pixel(40, 40, image::Luma([90]));
    let gray16 =
        image::ImageBuffer::<image::Luma<u16>, _>::from_pixel(40, 40, image::Luma([90 * 257]));
    let gray_alpha = image::GrayAlphaImage::from_pixel(40, 40, image::LumaA([90, 255]));
    let cases = [
        encode(&gray.clone().into(), ImageFormat::Png),
        encode(&gray16.into(), ImageFormat::Png),
        encode(&gray_alpha.into(), ImageFormat::Png),
        encode(&gray.into(), ImageFormat::Jpeg),
    ];
    for bytes in cases {
        let out = decode(&bytes).expect("grey image");
        assert!(max_error(&out, [90, 90, 90]) <= 2);
    }
}

#[test]
fn tall_images_are_centre_cropped_too() {
    let tall = RgbImage::from_fn(30, 90, |_, y| {
        if y / 30 == 1 {
            Rgb([0, 0, 255])
        } else {
            Rgb([255, 255, 0])
        }
    });
    let out = decode(&encode(&tall.into(), ImageFormat::Png)).expect("tall image");
    assert_eq!(max_error(&out, [0, 0, 255]), 0);
}

#[test]
fn small_images_are_enlarged_and_large_ones_reduced() {
    for side in [8, 1, 600] {
        let image = RgbImage::from_pixel(side, side, Rgb([12, 34, 56]));
        let out = decode(&encode(&image.into(), ImageFormat::Png)).expect("image");
        assert_eq!(out.len(), SIZE * SIZE * 3);
        assert_eq!(max_error(&out, [12, 34, 56]), 0, "side {side}");
    }
    let big = decode_image(
        &encode(&stripes().into(), ImageFormat::Png),
        64,
        &UploadLimits::default(),
    );
    assert_eq!(big.map(|out| out.len()), Ok(64 * 64 * 3));
}

#[test]
fn transparency_is_composited_over_white() {
    let clear = RgbaImage::from_pixel(20, 20, Rgba([0, 0, 0, 0]));
    let out = decode(&encode(&clear.into(), ImageFormat::Png)).expect("transparent image");
    assert_eq!(max_error(&out, [255, 255, 255]), 0);
    let half = RgbaImage::from_pixel(20, 20, Rgba([255, 0, 0, 128]));
    let out = decode(&encode(&half.into(), ImageFormat::Png)).expect("half-transparent image");
    assert!(max_error(&out, [255, 127, 127]) <= 1);
}

/// A little-endian EXIF (TIFF) block holding only an orientation tag.
fn exif_orientation(value: u16) -> Vec<u8> {
    let mut exif = b"II*\0\x08\0\0\0\x01\0".to_vec();
    exif.extend_from_slice(&[0x12, 0x01, 3, 0, 1, 0, 0, 0]);
    exif.extend_from_slice(&value.to_le_bytes());
    exif.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    exif
}

/// 64 × 32: red left half, blue right half.
fn halves() -> RgbImage {
    RgbImage::from_fn(64, 32, |x, _| {
        if x < 32 {
            Rgb([255, 0, 0])
        } else {
            Rgb([0, 0, 255])
        }
    })
}

fn jpeg_with_exif(image: &RgbImage, exif: Vec<u8>) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut encoder = JpegEncoder::new_with_quality(&mut bytes, 95);
    encoder.set_exif_metadata(exif).expect("jpeg takes exif");
    encoder
        .write_image(
            image.as_raw(),
            image.width(),
            image.height(),
            image::ExtendedColorType::Rgb8,
        )
        .expect("encode jpeg");
    bytes
}

fn png_with_exif(image: &RgbImage, exif: Vec<u8>) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut encoder = PngEncoder::new(&mut bytes);
    encoder.set_exif_metadata(exif).expect("png takes exif");
    encoder
        .write_image(
            image.as_raw(),
            image.width(),
            image.height(),
            image::ExtendedColorType::Rgb8,
        )
        .expect("encode png");
    bytes
}

fn pixel(rgb: &[u8], x: usize, y: usize) -> [u8; 3] {
    let offset = (y * SIZE + x) * 3;
    [rgb[offset], rgb[offset + 1], rgb[offset + 2]]
}

fn is_close(actual: [u8; 3], expected: [u8; 3]) -> bool {
    (0..3).all(|c| actual[c].abs_diff(expected[c]) <= 40)
}

#[test]
fn exif_orientation_is_applied() {
    let (red, blue) = ([255, 0, 0], [0, 0, 255]);
    for (name, encode_with) in [
        ("jpeg", jpeg_with_exif as fn(&RgbImage, Vec<u8>) -> Vec<u8>),
        ("png", png_with_exif),
    ] {
        // Upright: the centred square is red on the left, blue on the right.
        let upright = decode(&encode_with(&halves(), exif_orientation(1))).expect(name);
        assert!(
            is_close(pixel(&upright, 2, 2), red) && is_close(pixel(&upright, 29, 2), blue),
            "{name}"
        );
        // Orientation 6 (rotate 90° clockwise): red on top, blue below.
        let rotated = decode(&encode_with(&halves(), exif_orientation(6))).expect(name);
        assert!(
            is_close(pixel(&rotated, 2, 2), red),
            "{name}: {:?}",
            pixel(&rotated, 2, 2)
        );
        assert!(
            is_close(pixel(&rotated, 2, 29), blue),
            "{name}: {:?}",
            pixel(&rotated, 2, 29)
        );
    }
}

#[test]
fn non_images_are_not_images() {
    let mut noise = vec![0u8; 4096];
    let mut state = 0x1234_5678u32;
    for byte in &mut noise {
        state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        *byte = (state >> 24) as u8;
    }
    noise[0] = 0x17;
    assert_eq!(decode(&noise), Err(RejectReason::NotAnImage));
    assert_eq!(
        decode(b"Hello, these are my notes.\n"),
        Err(RejectReason::NotAnImage)
    );
    assert_eq!(
        decode(b"P1 is not a bitmap here"),
        Err(RejectReason::NotAnImage)
    );
    assert_eq!(decode(b"%PDF-1.7\n"), Err(RejectReason::NotAnImage));
}

#[test]
fn unsupported_formats_are_named() {
    let unsupported = |name: &str| Err(RejectReason::UnsupportedFormat(name.into()));
    assert_eq!(
        decode(b"II*\0\x08\0\0\0rest of a tiff"),
        unsupported("TIFF")
    );
    assert_eq!(decode(b"MM\0*\0\0\0\x08"), unsupported("TIFF"));
    let svg = b"\xEF\xBB\xBF  <?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
    assert_eq!(decode(svg), unsupported("SVG"));
    assert_eq!(decode(b"<svg width=\"10\"></svg>"), unsupported("SVG"));
    assert_eq!(
        decode(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic"),
        unsupported("HEIC")
    );
    assert_eq!(
        decode(b"\0\0\0\x1cftypavif\0\0\0\0avifmif1"),
        unsupported("AVIF")
    );
    assert_eq!(decode(b"\0\0\x01\0\x01\0\x10\x10"), unsupported("ICO"));
    assert_eq!(decode(b"qoif\0\0\0\x10"), unsupported("QOI"));
    assert_eq!(decode(b"8BPS\0\x01"), unsupported("Photoshop (PSD)"));
    assert_eq!(
        decode(b"P6\n# made by hand\n3 2\n255\n"),
        unsupported("PNM")
    );
}

#[test]
fn files_cut_in_half_are_truncated() {
    let image = DynamicImage::ImageRgb8(stripes());
    for format in [
        ImageFormat::Png,
        ImageFormat::Jpeg,
        ImageFormat::Gif,
        ImageFormat::WebP,
        ImageFormat::Bmp,
    ] {
        let bytes = encode(&image, format);
        let cut = &bytes[..bytes.len() / 2];
        assert_eq!(decode(cut), Err(RejectReason::Truncated), "{format:?}");
    }
}

#[test]
fn a_jpeg_end_marker_inside_exif_does_not_hide_a_cut() {
    let mut exif = exif_orientation(1);
    exif.extend_from_slice(&[0xFF, 0xD9, 0xFF, 0xD9]);
    let bytes = jpeg_with_exif(&halves(), exif);
    assert!(jpeg_has_end(&bytes));
    assert!(!jpeg_has_end(&bytes[..bytes.len() - 2]));
    assert_eq!(
        decode(&bytes[..bytes.len() * 2 / 3]),
        Err(RejectReason::Truncated)
    );
}

#[test]
fn damaged_data_is_corrupt() {
    let mut bytes = encode(&stripes().into(), ImageFormat::Png);
    // Overwrite the middle of the compressed data; the length and the IEND chunk stay.
    let middle = bytes.len() / 2;
    for byte in &mut bytes[middle - 8..middle + 8] {
        *byte ^= 0x5A;
    }
    assert!(
        matches!(decode(&bytes), Err(RejectReason::Corrupt { .. })),
        "{:?}",
        decode(&bytes)
    );
}

/// A valid small PNG whose header is patched to claim `width × height` (with a fixed CRC).
fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = encode(&stripes().into(), ImageFormat::Png);
    // Signature (8), IHDR length (4), "IHDR" (4), then width and height.
    bytes[16..20].copy_from_slice(&width.to_be_bytes());
    bytes[20..24].copy_from_slice(&height.to_be_bytes());
    let crc = crc32(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.to_be_bytes());
    bytes
}

/// CRC-32 (IEEE), as PNG chunks use.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn decompression_bombs_are_refused_from_the_header() {
    let limit = UploadLimits::default().max_pixels;
    assert_eq!(
        decode(&png_claiming(100_000, 100_000)),
        Err(RejectReason::TooManyPixels {
            width: 100_000,
            height: 100_000,
            limit
        })
    );
    let small_limit = UploadLimits {
        max_pixels: 1_000,
        ..UploadLimits::default()
    };
    for format in [
        ImageFormat::Png,
        ImageFormat::Jpeg,
        ImageFormat::Gif,
        ImageFormat::WebP,
        ImageFormat::Bmp,
    ] {
        let bytes = encode(&stripes().into(), format);
        assert_eq!(
            decode_image(&bytes, SIZE, &small_limit),
            Err(RejectReason::TooManyPixels {
                width: 90,
                height: 30,
                limit: 1_000
            }),
            "{format:?}"
        );
    }
}

#[test]
fn zip_magic_is_recognised() {
    assert!(is_zip(b"PK\x03\x04rest"));
    assert!(is_zip(b"PK\x05\x06\0\0"));
    assert!(!is_zip(b"PK"));
    assert!(!is_zip(&encode(&stripes().into(), ImageFormat::Png)));
}

/// Appends the `count` low bits of `value` to a bit string.
fn push_bits(bits: &mut Vec<bool>, value: u32, count: u32) {
    bits.extend((0..count).rev().map(|i| (value >> i) & 1 == 1));
}

/// A hand-made 8 × 8 baseline JPEG of one CMYK colour, stored the Adobe way (inverted: 255 = no
/// ink) with an Adobe APP14 segment saying "no transform", as Photoshop writes them. Every block
/// is flat, so each holds only a DC coefficient: Huffman tables with one code per DC size
/// (4 bits each) and a single 1-bit end-of-block code suffice; quantisation is all ones.
fn cmyk_jpeg(stored: [u8; 4]) -> Vec<u8> {
    let mut jpeg = vec![0xFF, 0xD8];
    jpeg.extend_from_slice(b"\xFF\xEE\x00\x0EAdobe\x00\x64\x00\x00\x00\x00\x00");
    jpeg.extend_from_slice(&[0xFF, 0xDB, 0, 67, 0]);
    jpeg.extend_from_slice(&[1; 64]);
    jpeg.extend_from_slice(&[0xFF, 0xC0, 0, 20, 8, 0, 8, 0, 8, 4]);
    for id in 1..=4 {
        jpeg.extend_from_slice(&[id, 0x11, 0]);
    }
    let mut dc_counts = [0u8; 16];
    dc_counts[3] = 12;
    jpeg.extend_from_slice(&[0xFF, 0xC4, 0, 31, 0x00]);
    jpeg.extend_from_slice(&dc_counts);
    jpeg.extend(0..12u8);
    let mut ac_counts = [0u8; 16];
    ac_counts[0] = 1;
    jpeg.extend_from_slice(&[0xFF, 0xC4, 0, 20, 0x10]);
    jpeg.extend_from_slice(&ac_counts);
    jpeg.push(0x00);
    jpeg.extend_from_slice(&[0xFF, 0xDA, 0, 14, 4, 1, 0, 2, 0, 3, 0, 4, 0, 0, 63, 0]);
    let mut bits = Vec::new();
    for value in stored {
        // DC of a flat block of level-shifted value v is 8 v.
        let dc = 8 * (i32::from(value) - 128);
        let size = 32 - dc.unsigned_abs().leading_zeros();
        let amplitude = if dc < 0 { dc + (1 << size) - 1 } else { dc };
        push_bits(&mut bits, size, 4);
        push_bits(&mut bits, amplitude as u32, size);
        bits.push(false);
    }
    bits.resize(bits.len().div_ceil(8) * 8, true);
    for byte in bits.chunks(8) {
        let byte = byte
            .iter()
            .fold(0u8, |acc, &bit| (acc << 1) | u8::from(bit));
        jpeg.push(byte);
        if byte == 0xFF {
            jpeg.push(0);
        }
    }
    jpeg.extend_from_slice(&[0xFF, 0xD9]);
    jpeg
}

#[test]
fn cmyk_jpegs_are_converted_to_rgb() {
    // Adobe-inverted CMYK: cyan 0, magenta 100 %, yellow 100 %, black 0 is red.
    let red = decode(&cmyk_jpeg([255, 0, 0, 255])).expect("cmyk jpeg");
    assert!(max_error(&red, [255, 0, 0]) <= 2, "{:?}", &red[..3]);
    let grey = decode(&cmyk_jpeg([255, 255, 255, 128])).expect("cmyk jpeg");
    assert!(max_error(&grey, [128, 128, 128]) <= 2, "{:?}", &grey[..3]);
}
