//! Decoding one uploaded image into the dataset's format: recognise the format from its bytes,
//! refuse anything too large from the header alone, decode (first frame of a GIF), apply the EXIF
//! orientation, composite transparency over white, centre-crop to a square and resize to the
//! dataset side with a Lanczos-3 filter. Only the small RGB result is kept.

use std::io::{Cursor, ErrorKind};

use image::imageops::{self, FilterType};
use image::metadata::Orientation;
use image::{
    DynamicImage, ImageBuffer, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits, Pixel,
    RgbaImage,
};

use super::limits::UploadLimits;
use super::reject::RejectReason;

/// What the first bytes of a file say it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sniffed {
    /// A format this build decodes.
    Decodable(ImageFormat),
    /// An image format this build does not decode, by name.
    Unsupported(&'static str),
    /// Not an image we recognise.
    Unknown,
}

/// Recognises the format from magic bytes, never from the file name.
fn sniff(bytes: &[u8]) -> Sniffed {
    if let Some(name) = sniff_unsupported(bytes) {
        return Sniffed::Unsupported(name);
    }
    match image::guess_format(bytes) {
        Ok(format @ (ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif)) => {
            Sniffed::Decodable(format)
        }
        Ok(format @ (ImageFormat::WebP | ImageFormat::Bmp)) => Sniffed::Decodable(format),
        // "P1".."P7" starts many text files; a real PNM header continues with whitespace and
        // then a number or a comment.
        Ok(ImageFormat::Pnm) if !looks_like_pnm(bytes) => Sniffed::Unknown,
        Ok(format) => Sniffed::Unsupported(format_name(format)),
        Err(_) => Sniffed::Unknown,
    }
}

fn looks_like_pnm(bytes: &[u8]) -> bool {
    let rest = bytes.get(2..).unwrap_or_default();
    let next = rest.iter().find(|b| !b.is_ascii_whitespace());
    rest.first().is_some_and(u8::is_ascii_whitespace)
        && next.is_some_and(|&b| b.is_ascii_digit() || b == b'#')
}

/// Formats the image crate does not recognise but a person would call an image: HEIC/HEIF and
/// AVIF (ISO-BMFF `ftyp` brands), SVG, JPEG XL, Photoshop.
fn sniff_unsupported(bytes: &[u8]) -> Option<&'static str> {
    if bytes.get(4..8) == Some(b"ftyp") {
        let brand = bytes.get(8..12)?;
        return match brand {
            b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis" => Some("HEIC"),
            b"mif1" | b"msf1" => Some("HEIF"),
            b"avif" | b"avis" => Some("AVIF"),
            _ => None,
        };
    }
    if bytes.starts_with(&[0xFF, 0x0A]) || bytes.starts_with(b"\0\0\0\x0CJXL \r\n\x87\n") {
        return Some("JPEG XL");
    }
    if bytes.starts_with(b"8BPS") {
        return Some("Photoshop (PSD)");
    }
    let head = &bytes[..bytes.len().min(1024)];
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with('<') && text.contains("<svg") {
        return Some("SVG");
    }
    None
}

fn format_name(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Tiff => "TIFF",
        ImageFormat::Ico => "ICO",
        ImageFormat::Avif => "AVIF",
        ImageFormat::Dds => "DDS",
        ImageFormat::Hdr => "Radiance HDR",
        ImageFormat::OpenExr => "OpenEXR",
        ImageFormat::Qoi => "QOI",
        ImageFormat::Pnm => "PNM",
        ImageFormat::Farbfeld => "farbfeld",
        ImageFormat::Tga => "TGA",
        _ => "This format's",
    }
}

/// Decodes `bytes` into `size × size × 3` RGB bytes, or says why not.
pub(crate) fn decode_image(
    bytes: &[u8],
    size: usize,
    limits: &UploadLimits,
) -> Result<Vec<u8>, RejectReason> {
    let format = match sniff(bytes) {
        Sniffed::Decodable(format) => format,
        Sniffed::Unsupported(name) => return Err(RejectReason::UnsupportedFormat(name.into())),
        Sniffed::Unknown => return Err(RejectReason::NotAnImage),
    };
    // A cut JPEG still decodes (the missing part comes out grey), so check its end first.
    if format == ImageFormat::Jpeg && !jpeg_has_end(bytes) {
        return Err(RejectReason::Truncated);
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut decoder_limits = Limits::default();
    decoder_limits.max_alloc = Some(limits.max_decoder_bytes());
    reader.limits(decoder_limits);
    let classify = |error| classify_error(error, format, bytes);
    let mut decoder = reader.into_decoder().map_err(classify)?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > limits.max_pixels {
        return Err(RejectReason::TooManyPixels {
            width,
            height,
            limit: limits.max_pixels,
        });
    }
    // A damaged EXIF block should not cost the image: keep it unrotated.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(classify)?;
    if image.width() == 0 || image.height() == 0 {
        return Err(RejectReason::Corrupt {
            detail: "the image has no pixels".into(),
        });
    }
    image.apply_orientation(orientation);
    Ok(to_square_rgb(image, size as u32))
}

/// Turns a decoder error into a reason, telling truncation apart from other damage.
fn classify_error(error: ImageError, format: ImageFormat, bytes: &[u8]) -> RejectReason {
    match error {
        ImageError::Limits(error) => RejectReason::DecoderLimit {
            detail: error.to_string(),
        },
        ImageError::Unsupported(error) => RejectReason::Corrupt {
            detail: format!("it uses a feature this page cannot decode ({error})"),
        },
        ImageError::IoError(error) if error.kind() == ErrorKind::UnexpectedEof => {
            RejectReason::Truncated
        }
        _ if looks_truncated(format, bytes) => RejectReason::Truncated,
        error => RejectReason::Corrupt {
            detail: error.to_string(),
        },
    }
}

/// Whether the file visibly ends early for its format: a PNG without its `IEND` chunk, a JPEG
/// without its end marker, a GIF without its trailer, or a WebP or BMP shorter than its header
/// declares.
fn looks_truncated(format: ImageFormat, bytes: &[u8]) -> bool {
    let declared_u32 = |offset: usize| {
        bytes
            .get(offset..offset + 4)
            .and_then(|b| b.try_into().ok())
            .map(u32::from_le_bytes)
    };
    match format {
        ImageFormat::Png => !bytes.windows(4).any(|w| w == b"IEND"),
        ImageFormat::Jpeg => !jpeg_has_end(bytes),
        ImageFormat::Gif => bytes.iter().rev().find(|&&b| b != 0) != Some(&0x3B),
        ImageFormat::WebP => declared_u32(4).is_none_or(|n| u64::from(n) + 8 > bytes.len() as u64),
        ImageFormat::Bmp => declared_u32(2).is_none_or(|n| u64::from(n) > bytes.len() as u64),
        _ => false,
    }
}

/// Walks the JPEG segments (skipping their contents, so an EXIF thumbnail's end marker does
/// not count) and the entropy-coded scans, and says whether the end-of-image marker is reached
/// before the bytes run out. A structure it cannot follow counts as complete: the decoder judges.
fn jpeg_has_end(bytes: &[u8]) -> bool {
    let mut pos = 2;
    loop {
        while bytes.get(pos).is_some_and(|&b| b != 0xFF) {
            pos += 1;
        }
        while bytes.get(pos) == Some(&0xFF) {
            pos += 1;
        }
        let Some(&marker) = bytes.get(pos) else {
            return false;
        };
        pos += 1;
        match marker {
            0xD9 => return true,
            0x01 | 0xD0..=0xD7 => continue,
            _ => {}
        }
        let Some(length) = bytes.get(pos..pos + 2) else {
            return false;
        };
        let length = usize::from(u16::from_be_bytes([length[0], length[1]]));
        if length < 2 {
            return true;
        }
        pos += length;
        if pos > bytes.len() {
            return false;
        }
        if marker == 0xDA {
            // Entropy-coded data: 0xFF is followed by 0x00 (stuffing) or a restart marker.
            loop {
                let (Some(&byte), Some(&next)) = (bytes.get(pos), bytes.get(pos + 1)) else {
                    return false;
                };
                if byte == 0xFF && next != 0 && !(0xD0..=0xD7).contains(&next) {
                    break;
                }
                pos += 1;
            }
        }
    }
}

/// Composites transparency over white, centre-crops to a square and resizes to `size`.
pub(crate) fn to_square_rgb(image: DynamicImage, size: u32) -> Vec<u8> {
    if !image.color().has_alpha() {
        return square_resize(&image.into_rgb8(), size).into_raw();
    }
    let mut rgba = image.into_rgba8();
    flatten_over_white(&mut rgba);
    let square = square_resize(&rgba, size);
    square.pixels().flat_map(|p| [p[0], p[1], p[2]]).collect()
}

/// Replaces every pixel by its colour composited over white, with full opacity.
fn flatten_over_white(rgba: &mut RgbaImage) {
    for pixel in rgba.pixels_mut() {
        let alpha = u32::from(pixel[3]);
        for channel in 0..3 {
            let value = u32::from(pixel[channel]) * alpha + 255 * (255 - alpha);
            pixel[channel] = ((value + 127) / 255) as u8;
        }
        pixel[3] = 255;
    }
}

/// The centred largest square of `image`, resized to `size × size`. Large images are first
/// reduced by area averaging to four times the target (fast, alias-free), then Lanczos-3 does
/// the last step (sharp), which keeps a 12-megapixel photo to a few milliseconds.
fn square_resize<P>(image: &ImageBuffer<P, Vec<u8>>, size: u32) -> ImageBuffer<P, Vec<u8>>
where
    P: Pixel<Subpixel = u8> + 'static,
{
    let (width, height) = image.dimensions();
    let side = width.min(height);
    let square = imageops::crop_imm(image, (width - side) / 2, (height - side) / 2, side, side);
    let prefilter_side = size.saturating_mul(4);
    if side > prefilter_side {
        let reduced = imageops::thumbnail(&*square, prefilter_side, prefilter_side);
        imageops::resize(&reduced, size, size, FilterType::Lanczos3)
    } else {
        imageops::resize(&*square, size, size, FilterType::Lanczos3)
    }
}

/// Whether `bytes` start like a zip archive (local file header, or the end record of an empty
/// archive).
pub(crate) fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

#[cfg(test)]
#[path = "decode_tests.rs"]
mod tests;
