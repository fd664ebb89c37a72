//! The drawing surface shared by the procedural datasets: one reusable anti-aliased tiny-skia
//! canvas addressed in unit coordinates (`[0, 1]²`, y down), with fast paths of its own for the
//! two things drawn most: background gradients and ovals.

use tiny_skia::{
    Color, FillRule, LineCap, LineJoin, Paint, Path, Pixmap, Shader, Stroke, Transform,
};

use crate::data::error::DataError;

/// An opaque sRGB colour, as the canvas paints it.
pub type Rgb = [u8; 3];

/// A square canvas of `size` pixels, reused for every image of a dataset.
pub struct Canvas {
    pixmap: Pixmap,
    unit: Transform,
}

impl Canvas {
    /// A canvas of side `size` whose drawing coordinates span `[0, 1]`.
    pub fn new(size: usize) -> Result<Self, DataError> {
        let side = u32::try_from(size).map_err(|_| DataError::UnsupportedSize { size })?;
        let pixmap = Pixmap::new(side, side).ok_or(DataError::UnsupportedSize { size })?;
        Ok(Canvas {
            pixmap,
            unit: Transform::from_scale(side as f32, side as f32),
        })
    }

    /// Paints the whole canvas one colour.
    pub fn fill_solid(&mut self, color: Rgb) {
        self.pixmap.fill(to_color(color));
    }

    /// Paints the whole canvas with a linear gradient from `from` to `to` along the direction
    /// `angle` (radians) through the centre: per pixel, which for a background is several times
    /// faster than tiny-skia's general gradient shader.
    pub fn fill_gradient(&mut self, from: Rgb, to: Rgb, angle: f32) {
        let side = self.pixmap.width() as usize;
        let step = 1.0 / side as f32;
        let (dx, dy) = (angle.cos() * step, angle.sin() * step);
        // Position along the direction at the centre of pixel (0, 0): 0 and 1 lie half a unit
        // either side of the image centre.
        let origin = 0.5 + (0.5 * step - 0.5) * (angle.cos() + angle.sin());
        let (from, to) = (from.map(f32::from), to.map(f32::from));
        let delta = [to[0] - from[0], to[1] - from[1], to[2] - from[2]];
        let rows = self.pixmap.data_mut().chunks_exact_mut(side * 4);
        for (y, row) in rows.enumerate() {
            let mut t = origin + y as f32 * dy;
            for pixel in row.chunks_exact_mut(4) {
                let weight = t.clamp(0.0, 1.0);
                for channel in 0..3 {
                    pixel[channel] = (from[channel] + delta[channel] * weight + 0.5) as u8;
                }
                pixel[3] = 255;
                t += dx;
            }
        }
    }

    /// Fills `path` (unit coordinates after `transform`) with `color`.
    pub fn fill(&mut self, path: &Path, color: Rgb, transform: Transform) {
        self.fill_with_rule(path, color, transform, FillRule::Winding);
    }

    /// Fills `path` with the even-odd rule, so inner sub-paths cut holes.
    pub fn fill_even_odd(&mut self, path: &Path, color: Rgb, transform: Transform) {
        self.fill_with_rule(path, color, transform, FillRule::EvenOdd);
    }

    fn fill_with_rule(&mut self, path: &Path, color: Rgb, transform: Transform, rule: FillRule) {
        let transform = self.unit.pre_concat(transform);
        self.pixmap
            .fill_path(path, &solid_paint(color), rule, transform, None);
    }

    /// Strokes `path` with round caps and joins; `width` is in the path's own coordinates, so it
    /// is scaled (and slanted) by `transform` like the path.
    pub fn stroke(&mut self, path: &Path, color: Rgb, width: f32, transform: Transform) {
        let stroke = Stroke {
            width,
            line_cap: LineCap::Round,
            line_join: LineJoin::Round,
            ..Stroke::default()
        };
        let transform = self.unit.pre_concat(transform);
        self.pixmap
            .stroke_path(path, &solid_paint(color), &stroke, transform, None);
    }

    /// Fills the image of the unit circle under `transform` (an ellipse), keeping only the part
    /// with local `y <= max_local_y` (`f32::INFINITY` for all of it).
    ///
    /// Drawn analytically, pixel by pixel over the ellipse's bounding box, with coverage from the
    /// signed distance to the outline (first-order, exact for circles): several times faster
    /// than a general anti-aliased path fill for the large ovals of the faces, same look.
    pub fn fill_ellipse(&mut self, color: Rgb, transform: Transform, max_local_y: f32) {
        let to_pixels = self.unit.pre_concat(transform);
        let Some(to_local) = to_pixels.invert() else {
            return;
        };
        let side = self.pixmap.width() as usize;
        let (left, top, right, bottom) = pixel_bounds(to_pixels, side);
        // Local y varies with the pixel position by (ky, sy): its rate per pixel.
        let clip_rate = (to_local.ky * to_local.ky + to_local.sy * to_local.sy)
            .sqrt()
            .max(f32::EPSILON);
        let per_clip_rate = clip_rate.recip();
        // Outside a band of one pixel (in local units, bounded by the Frobenius norm) around
        // the outline and the clip line, coverage is exactly 0 or 1: no distance needed.
        let pixel_size = (to_local.sx * to_local.sx
            + to_local.kx * to_local.kx
            + to_local.ky * to_local.ky
            + to_local.sy * to_local.sy)
            .sqrt();
        let inner = (1.0 - pixel_size).max(0.0).powi(2);
        let outer = (1.0 + pixel_size).powi(2);
        let data = self.pixmap.data_mut();
        for y in top..bottom {
            let row = &mut data[(y * side + left) * 4..(y * side + right) * 4];
            let (px, py) = (left as f32 + 0.5, y as f32 + 0.5);
            let mut u = to_local.sx * px + to_local.kx * py + to_local.tx;
            let mut v = to_local.ky * px + to_local.sy * py + to_local.ty;
            for pixel in row.chunks_exact_mut(4) {
                let radius2 = u * u + v * v;
                let clip_distance = (v - max_local_y) * per_clip_rate;
                if radius2 < inner && clip_distance < -1.0 {
                    pixel[..3].copy_from_slice(&color);
                } else if radius2 < outer && clip_distance < 1.0 {
                    // f = u² + v² - 1 over the length of its gradient in pixel units is the
                    // signed distance to the outline in pixels.
                    let gx = u * to_local.sx + v * to_local.ky;
                    let gy = u * to_local.kx + v * to_local.sy;
                    let gradient = 2.0 * (gx * gx + gy * gy).sqrt().max(f32::EPSILON);
                    let inside = 0.5 - (radius2 - 1.0) / gradient;
                    blend(pixel, color, inside.min(0.5 - clip_distance));
                }
                u += to_local.sx;
                v += to_local.ky;
            }
        }
    }

    /// Appends the canvas as `size × size × 3` RGB bytes (the canvas is opaque, so its
    /// premultiplied colours are the plain ones).
    pub fn append_rgb(&self, out: &mut Vec<u8>) {
        let start = out.len();
        let data = self.pixmap.data();
        out.resize(start + data.len() / 4 * 3, 0);
        for (rgb, rgba) in out[start..].chunks_exact_mut(3).zip(data.chunks_exact(4)) {
            rgb.copy_from_slice(&rgba[..3]);
        }
    }
}

/// Mixes `color` into an opaque RGBA `pixel` with `coverage` (clamped to `[0, 1]`).
fn blend(pixel: &mut [u8], color: Rgb, coverage: f32) {
    if coverage >= 1.0 {
        pixel[..3].copy_from_slice(&color);
    } else if coverage > 0.0 {
        for (value, target) in pixel[..3].iter_mut().zip(color) {
            let current = f32::from(*value);
            *value = (current + (f32::from(target) - current) * coverage + 0.5) as u8;
        }
    }
}

/// The pixel rows and columns (`left..right`, `top..bottom`) that the unit square's image under
/// `to_pixels` touches, with a one-pixel margin for anti-aliasing, clipped to the canvas.
fn pixel_bounds(to_pixels: Transform, side: usize) -> (usize, usize, usize, usize) {
    let (mut min_x, mut min_y, mut max_x, mut max_y) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for (u, v) in [(-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)] {
        let x = to_pixels.sx * u + to_pixels.kx * v + to_pixels.tx;
        let y = to_pixels.ky * u + to_pixels.sy * v + to_pixels.ty;
        (min_x, max_x) = (min_x.min(x), max_x.max(x));
        (min_y, max_y) = (min_y.min(y), max_y.max(y));
    }
    let clip = |value: f32| value.clamp(0.0, side as f32) as usize;
    (
        clip(min_x - 1.0),
        clip(min_y - 1.0),
        clip(max_x + 2.0),
        clip(max_y + 2.0),
    )
}

fn to_color(rgb: Rgb) -> Color {
    Color::from_rgba8(rgb[0], rgb[1], rgb[2], 255)
}

fn solid_paint(color: Rgb) -> Paint<'static> {
    Paint {
        shader: Shader::SolidColor(to_color(color)),
        anti_alias: true,
        ..Paint::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sum of the red channel over the canvas, in pixels of full intensity.
    fn covered_area(canvas: &Canvas) -> f32 {
        let mut rgb = Vec::new();
        canvas.append_rgb(&mut rgb);
        rgb.chunks(3).map(|p| f32::from(p[0]) / 255.0).sum()
    }

    #[test]
    fn ellipses_cover_their_area_and_respect_the_clip() {
        let mut canvas = Canvas::new(32).expect("canvas");
        let circle = Transform::from_translate(0.5, 0.5).pre_scale(0.3, 0.3);
        canvas.fill_solid([0, 0, 0]);
        canvas.fill_ellipse([255, 0, 0], circle, f32::INFINITY);
        let disc = std::f32::consts::PI * (0.3 * 32.0f32).powi(2);
        assert!((covered_area(&canvas) - disc).abs() < 0.01 * disc);
        // Clipped at the centre line: the top half only.
        canvas.fill_solid([0, 0, 0]);
        canvas.fill_ellipse([255, 0, 0], circle, 0.0);
        assert!((covered_area(&canvas) - disc / 2.0).abs() < 0.01 * disc);
        let mut rgb = Vec::new();
        canvas.append_rgb(&mut rgb);
        assert_eq!(
            rgb[(20 * 32 + 16) * 3],
            0,
            "below the clip line stays empty"
        );
        assert_eq!(rgb[(12 * 32 + 16) * 3], 255, "above it is filled");
        // A rotated, stretched ellipse keeps its area (pi * a * b).
        let tilted = Transform::from_translate(0.5, 0.5)
            .pre_rotate(30.0)
            .pre_scale(0.4, 0.2);
        canvas.fill_solid([0, 0, 0]);
        canvas.fill_ellipse([255, 0, 0], tilted, f32::INFINITY);
        let oval = std::f32::consts::PI * 0.4 * 0.2 * 32.0 * 32.0;
        assert!((covered_area(&canvas) - oval).abs() < 0.01 * oval);
    }

    #[test]
    fn gradients_run_from_one_colour_to_the_other() {
        let mut canvas = Canvas::new(32).expect("canvas");
        canvas.fill_gradient([0, 0, 0], [255, 255, 255], 0.0);
        let mut rgb = Vec::new();
        canvas.append_rgb(&mut rgb);
        let left = rgb[(16 * 32) * 3];
        let right = rgb[(16 * 32 + 31) * 3];
        assert!(left < 8 && right > 247, "{left} {right}");
        let row: Vec<u8> = (0..32).map(|x| rgb[(5 * 32 + x) * 3]).collect();
        assert!(row.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn canvas_fill_and_readback() {
        let mut canvas = Canvas::new(4).expect("canvas");
        canvas.fill_solid([10, 20, 30]);
        let mut out = Vec::new();
        canvas.append_rgb(&mut out);
        assert_eq!(out.len(), 48);
        assert!(out.chunks(3).all(|p| p == [10, 20, 30]));
    }
}
