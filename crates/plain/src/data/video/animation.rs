//! Reading an animated GIF, APNG or WebP file into frames: each frame is decoded, composited
//! by the codec, then cropped and resized as an uploaded image is, one at a time, so only the
//! small frames are kept whatever the file's own size. A file that is not an animation is left to
//! the still-image decoder.

use std::io::Cursor;

use image::codecs::gif::GifDecoder;
use image::codecs::png::PngDecoder;
use image::codecs::webp::WebPDecoder;
use image::{AnimationDecoder, DynamicImage, Frames, ImageDecoder, ImageFormat};

use crate::data::decode::to_square_rgb;
use crate::data::limits::UploadLimits;
use crate::data::reject::RejectReason;

/// The most frames read from one animation (20 s at 30 frames a second).
pub const MAX_SOURCE_FRAMES: usize = 600;

/// The frames of an animated GIF, APNG or WebP file, each as `size × size × 3` bytes; `None`
/// when `bytes` are not an animation (a still image, one-frame GIF, or no image at all).
pub(super) fn decode_animation(
    bytes: &[u8],
    size: usize,
    limits: &UploadLimits,
) -> Option<Result<Vec<Vec<u8>>, RejectReason>> {
    let cursor = || Cursor::new(bytes);
    let corrupt = |error: image::ImageError| RejectReason::Corrupt {
        detail: error.to_string(),
    };
    let (dimensions, frames): ((u32, u32), Frames) = match image::guess_format(bytes).ok()? {
        ImageFormat::Gif => {
            let decoder = GifDecoder::new(cursor()).ok()?;
            (decoder.dimensions(), decoder.into_frames())
        }
        ImageFormat::Png => {
            let decoder = PngDecoder::new(cursor()).ok()?;
            if !decoder.is_apng().ok()? {
                return None;
            }
            let dimensions = decoder.dimensions();
            match decoder.apng() {
                Ok(apng) => (dimensions, apng.into_frames()),
                Err(error) => return Some(Err(corrupt(error))),
            }
        }
        ImageFormat::WebP => {
            let decoder = WebPDecoder::new(cursor()).ok()?;
            if !decoder.has_animation() {
                return None;
            }
            (decoder.dimensions(), decoder.into_frames())
        }
        _ => return None,
    };
    let (width, height) = dimensions;
    if u64::from(width) * u64::from(height) > limits.max_pixels {
        let limit = limits.max_pixels;
        return Some(Err(RejectReason::TooManyPixels {
            width,
            height,
            limit,
        }));
    }
    let mut out = Vec::new();
    for frame in frames.take(MAX_SOURCE_FRAMES + 1) {
        match frame {
            Ok(frame) => out.push(to_square_rgb(
                DynamicImage::from(frame.into_buffer()),
                size as u32,
            )),
            Err(error) => return Some(Err(corrupt(error))),
        }
    }
    if out.len() > MAX_SOURCE_FRAMES {
        return Some(Err(RejectReason::TooManyFrames {
            limit: MAX_SOURCE_FRAMES,
        }));
    }
    // A one-frame GIF is a still image.
    (out.len() >= 2).then_some(Ok(out))
}
