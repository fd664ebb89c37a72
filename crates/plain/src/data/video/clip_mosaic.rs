//! Clips as one picture: the frames of several clips side by side, one row per frame, for the
//! page's animated gallery (a row of one frame at a time) and the command line's stills.

use std::ops::Range;

use crate::data::error::DataError;
use crate::data::image_set::ImageSet;
use crate::data::mosaic::{RgbaMosaic, mosaic_from_set};

/// Frames `frames` of every clip of `clips` (each `frames.end` or more frames of
/// `size × size × 3` bytes), clips as columns and frames as rows.
pub fn clip_mosaic(
    clips: &[Vec<u8>],
    size: usize,
    frames: Range<usize>,
) -> Result<RgbaMosaic, DataError> {
    let frame_bytes = size * size * 3;
    let pixels: Vec<u8> = frames
        .clone()
        .flat_map(|t| {
            clips
                .iter()
                .flat_map(move |clip| &clip[t * frame_bytes..(t + 1) * frame_bytes])
        })
        .copied()
        .collect();
    let count = frames.len() * clips.len();
    let set = ImageSet::from_parts(size, pixels, vec![None; count], Vec::new())?;
    let tiles: Vec<usize> = (0..count).collect();
    Ok(mosaic_from_set(&set, &tiles, clips.len().max(1)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::MOSAIC_GAP;

    #[test]
    fn clips_are_columns_and_frames_are_rows() {
        // Two clips of two 1-pixel frames: clip c's frame t is grey 10·c + t.
        let clips = vec![vec![0, 0, 0, 1, 1, 1], vec![10, 10, 10, 11, 11, 11]];
        let one_frame = clip_mosaic(&clips, 1, 1..2).expect("mosaic");
        assert_eq!((one_frame.width, one_frame.height), (2 + MOSAIC_GAP, 1));
        assert_eq!(one_frame.rgba[0], 1);
        assert_eq!(one_frame.rgba[(1 + MOSAIC_GAP) * 4], 11);
        let both = clip_mosaic(&clips, 1, 0..2).expect("mosaic");
        assert_eq!(both.height, 2 + MOSAIC_GAP);
    }
}
