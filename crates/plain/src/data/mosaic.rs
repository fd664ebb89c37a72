//! Lays many small images out as one RGBA grid, so the page draws a whole batch (real images,
//! their negatives, generator samples) into a single canvas with one `putImageData`.
//!
//! Images are separated by a one-pixel transparent gap (alpha 0, so the page background shows
//! through); the images themselves are opaque. There is no outer border.

use serde::{Deserialize, Serialize};

use super::error::DataError;
use super::image_set::ImageSet;

/// Width of the transparent gap between neighbouring images, in pixels.
pub const MOSAIC_GAP: usize = 1;

/// An RGBA image ready for a canvas: `width × height × 4` bytes, row-major, straight alpha.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RgbaMosaic {
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// `width * height * 4` bytes.
    #[serde(with = "serde_bytes")]
    pub rgba: Vec<u8>,
}

impl RgbaMosaic {
    /// The mosaic as PNG file bytes (for downloads and the CLI's sample grids).
    pub fn to_png(&self) -> Result<Vec<u8>, DataError> {
        let image =
            image::RgbaImage::from_raw(self.width as u32, self.height as u32, self.rgba.clone())
                .ok_or(DataError::MosaicShapeMismatch {
                    shape: [1, 4, self.height, self.width],
                    expected: self.width * self.height * 4,
                    actual: self.rgba.len(),
                })?;
        let mut bytes = std::io::Cursor::new(Vec::new());
        image
            .write_to(&mut bytes, image::ImageFormat::Png)
            .map_err(|error| DataError::Encode(error.to_string()))?;
        Ok(bytes.into_inner())
    }

    /// A mosaic from PNG file bytes (a run file's timeline) of exactly `width × height` pixels.
    /// The size is read from the header before anything is decoded: a file may come from anyone,
    /// and a small PNG can hold a huge blank image.
    pub fn from_png(bytes: &[u8], (width, height): (usize, usize)) -> Result<Self, DataError> {
        let reader = || {
            image::ImageReader::with_format(std::io::Cursor::new(bytes), image::ImageFormat::Png)
        };
        let unreadable =
            |error: image::ImageError| DataError::Encode(format!("not a PNG: {error}"));
        let (found_width, found_height) = reader().into_dimensions().map_err(unreadable)?;
        if (found_width as usize, found_height as usize) != (width, height) {
            return Err(DataError::Encode(format!(
                "a {found_width}×{found_height} image where a {width}×{height} grid belongs"
            )));
        }
        let mut reader = reader();
        let mut limits = image::Limits::default();
        limits.max_alloc = Some(2 * (width * height * 4) as u64);
        reader.limits(limits);
        let decoded = reader.decode().map_err(unreadable)?;
        Ok(Self {
            width,
            height,
            rgba: decoded.into_rgba8().into_raw(),
        })
    }
}

/// The size in pixels of a mosaic of `num_images` tiles of `tile_width × tile_height` in
/// `columns` columns (what the builders below make).
pub fn mosaic_size(
    num_images: usize,
    columns: usize,
    tile_width: usize,
    tile_height: usize,
) -> (usize, usize) {
    if num_images == 0 {
        return (0, 0);
    }
    let columns = columns.clamp(1, num_images);
    let span = |count: usize, tile: usize| (count * (tile + MOSAIC_GAP)).saturating_sub(MOSAIC_GAP);
    (
        span(columns, tile_width),
        span(num_images.div_ceil(columns), tile_height),
    )
}

/// Grid geometry shared by both mosaic builders.
struct Grid {
    columns: usize,
    tile_width: usize,
    tile_height: usize,
    mosaic: RgbaMosaic,
}

impl Grid {
    /// A blank grid for `num_images` tiles; `columns` is clamped to `1..=num_images`.
    fn new(num_images: usize, columns: usize, tile_width: usize, tile_height: usize) -> Self {
        let columns = columns.clamp(1, num_images.max(1));
        let (width, height) = mosaic_size(num_images, columns, tile_width, tile_height);
        Grid {
            columns,
            tile_width,
            tile_height,
            mosaic: RgbaMosaic {
                width,
                height,
                rgba: vec![0; width * height * 4],
            },
        }
    }

    /// Writes opaque pixel `(x, y)` of tile `tile`.
    fn put(&mut self, tile: usize, x: usize, y: usize, rgb: [u8; 3]) {
        let left = (tile % self.columns) * (self.tile_width + MOSAIC_GAP);
        let top = (tile / self.columns) * (self.tile_height + MOSAIC_GAP);
        let offset = ((top + y) * self.mosaic.width + left + x) * 4;
        self.mosaic.rgba[offset..offset + 4].copy_from_slice(&[rgb[0], rgb[1], rgb[2], 255]);
    }
}

/// The images of `set` at `indices` as one grid with `columns` columns.
///
/// # Panics
/// If an index is out of range.
pub fn mosaic_from_set(set: &ImageSet, indices: &[usize], columns: usize) -> RgbaMosaic {
    let size = set.size();
    let mut grid = Grid::new(indices.len(), columns, size, size);
    for (tile, &index) in indices.iter().enumerate() {
        for (pixel, rgb) in set.image_rgb(index).chunks_exact(3).enumerate() {
            grid.put(tile, pixel % size, pixel / size, [rgb[0], rgb[1], rgb[2]]);
        }
    }
    grid.mosaic
}

/// Maps a float in `[-1, 1]` to a byte, clamping values outside.
fn float_to_byte(value: f32) -> u8 {
    ((value.clamp(-1.0, 1.0) + 1.0) * 127.5).round() as u8
}

/// Planar floats in `[-1, 1]` read back from a tensor of shape `[images, channels, height, width]`
/// (`channels` 1 or 3; one channel is shown as grey) as one grid with `columns` columns.
pub fn mosaic_from_nchw(
    values: &[f32],
    shape: [usize; 4],
    columns: usize,
) -> Result<RgbaMosaic, DataError> {
    let [num_images, channels, height, width] = shape;
    let expected = num_images * channels * height * width;
    if values.len() != expected || !(channels == 1 || channels == 3) {
        return Err(DataError::MosaicShapeMismatch {
            shape,
            expected,
            actual: values.len(),
        });
    }
    let plane = height * width;
    let mut grid = Grid::new(num_images, columns, width, height);
    for tile in 0..num_images {
        let image = &values[tile * channels * plane..(tile + 1) * channels * plane];
        for pixel in 0..plane {
            let channel = |c: usize| float_to_byte(image[(c % channels) * plane + pixel]);
            grid.put(
                tile,
                pixel % width,
                pixel / width,
                [channel(0), channel(1), channel(2)],
            );
        }
    }
    Ok(grid.mosaic)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mosaic_encodes_as_a_png_that_decodes_to_the_same_pixels() {
        let mosaic = RgbaMosaic {
            width: 2,
            height: 1,
            rgba: vec![255, 0, 0, 255, 0, 0, 255, 0],
        };
        let png = mosaic.to_png().expect("encodes");
        assert_eq!(&png[1..4], b"PNG");
        let decoded = image::load_from_memory(&png).expect("decodes").to_rgba8();
        assert_eq!(decoded.into_raw(), mosaic.rgba);
        let broken = RgbaMosaic { width: 3, ..mosaic };
        assert!(broken.to_png().is_err());
    }

    fn set_of(count: usize, size: usize) -> ImageSet {
        let mut set = ImageSet::new(size, vec![]);
        for i in 0..count {
            set.push(&vec![i as u8; size * size * 3], None)
                .expect("valid image");
        }
        set
    }

    #[test]
    fn grid_dimensions_include_one_pixel_gaps() {
        let set = set_of(10, 32);
        let indices: Vec<usize> = (0..10).collect();
        let mosaic = mosaic_from_set(&set, &indices, 4);
        // 4 columns, 3 rows: 4 * 32 + 3 gaps, 3 * 32 + 2 gaps.
        assert_eq!((mosaic.width, mosaic.height), (131, 98));
        assert_eq!(mosaic.rgba.len(), 131 * 98 * 4);
    }

    #[test]
    fn tiles_are_opaque_and_gaps_transparent() {
        let set = set_of(2, 2);
        let mosaic = mosaic_from_set(&set, &[0, 1], 2);
        assert_eq!((mosaic.width, mosaic.height), (5, 2));
        let alpha: Vec<u8> = mosaic.rgba.chunks(4).map(|p| p[3]).collect();
        assert_eq!(alpha, vec![255, 255, 0, 255, 255, 255, 255, 0, 255, 255]);
        assert_eq!(&mosaic.rgba[12..16], &[1, 1, 1, 255]);
    }

    #[test]
    fn columns_are_clamped_and_empty_input_gives_an_empty_mosaic() {
        let set = set_of(3, 4);
        let mosaic = mosaic_from_set(&set, &[0, 1, 2], 100);
        assert_eq!((mosaic.width, mosaic.height), (14, 4));
        let mosaic = mosaic_from_set(&set, &[0, 1, 2], 0);
        assert_eq!((mosaic.width, mosaic.height), (4, 14));
        let empty = mosaic_from_set(&set, &[], 8);
        assert_eq!((empty.width, empty.height, empty.rgba.len()), (0, 0, 0));
    }

    #[test]
    fn float_mosaic_matches_the_set_mosaic_after_a_round_trip() {
        let mut set = ImageSet::new(3, vec![]);
        let image: Vec<u8> = (0..27).map(|v| (v * 9) as u8).collect();
        set.push(&image, None).expect("valid image");
        set.push(&[255; 27], None).expect("valid image");
        let floats = set.to_nchw_floats(&[0, 1]);
        let from_floats = mosaic_from_nchw(&floats, [2, 3, 3, 3], 1).expect("valid shape");
        assert_eq!(from_floats, mosaic_from_set(&set, &[0, 1], 1));
    }

    #[test]
    fn grey_and_out_of_range_values_are_handled() {
        let mosaic = mosaic_from_nchw(&[-2.0, 0.0, 1.0, 5.0], [1, 1, 2, 2], 1).expect("shape");
        let red: Vec<u8> = mosaic.rgba.chunks(4).map(|p| p[0]).collect();
        assert_eq!(red, vec![0, 128, 255, 255]);
        assert!(mosaic_from_nchw(&[0.0; 5], [1, 1, 2, 2], 1).is_err());
        assert!(mosaic_from_nchw(&[0.0; 8], [1, 2, 2, 2], 1).is_err());
    }
}
