//! A map of non-negative values drawn as a "hot" colour ramp (black, red, yellow, white), on a
//! scale shared by the maps it is compared with, so two discriminators side by side are read on
//! one scale.

use crate::data::RgbaMosaic;

/// `values` (`size²`, row by row, non-negative) as an RGBA image where `max` is white.
pub fn heat_map(values: &[f32], size: usize, max: f32) -> RgbaMosaic {
    let scale = if max > 0.0 { 1.0 / max } else { 0.0 };
    let channel = |t: f32| (t.clamp(0.0, 1.0) * 255.0).round() as u8;
    let mut rgba = Vec::with_capacity(size * size * 4);
    for &value in values.iter().take(size * size) {
        let t = value * scale * 3.0;
        rgba.extend([channel(t), channel(t - 1.0), channel(t - 2.0), 255]);
    }
    RgbaMosaic {
        width: size,
        height: size,
        rgba,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_is_black_the_maximum_is_white_and_a_third_is_red() {
        let map = heat_map(&[0.0, 3.0, 1.0, 6.0], 2, 3.0);
        assert_eq!(map.rgba[0..4], [0, 0, 0, 255]);
        assert_eq!(map.rgba[4..8], [255, 255, 255, 255]);
        assert_eq!(map.rgba[8..12], [255, 0, 0, 255]);
        assert_eq!(
            map.rgba[12..16],
            [255, 255, 255, 255],
            "above the scale stays white"
        );
        assert_eq!(heat_map(&[1.0], 1, 0.0).rgba[0..4], [0, 0, 0, 255]);
    }
}
