//! Procedural coloured shapes: circle, square, triangle, star, ring and cross, one per image, with
//! random size, position, rotation and colour on a solid or two-tone gradient background.
//! Label = the shape. The class is the outline of the figure as a whole, so a jigsawed star or
//! a stitched circle-and-square is plainly no member of any class.

use std::f32::consts::TAU;

use rand::RngExt;
use rand::rngs::ChaCha8Rng;
use tiny_skia::{Path, PathBuilder, Rect, Transform};

use super::color::{Background, contrasting_color};
use super::raster::{Canvas, Rgb};

/// Class names, label = index.
pub const CLASS_NAMES: [&str; 6] = ["circle", "square", "triangle", "star", "ring", "cross"];

/// Label of the ring, the one shape filled with the even-odd rule (its hole is a sub-path).
const RING: usize = 4;

/// Largest distance of any shape's outline from its centre, in units of its radius (the square's
/// corner: 0.8 × √2), used to keep every shape inside the image.
pub const MAX_EXTENT: f32 = 1.14;

/// Unit outlines of the six shapes (radius 1 around the origin), built once per dataset.
pub struct ShapePainter {
    outlines: Vec<Path>,
}

/// A closed polygon through `points`.
fn polygon(points: impl IntoIterator<Item = (f32, f32)>) -> Option<Path> {
    let mut builder = PathBuilder::new();
    for (index, (x, y)) in points.into_iter().enumerate() {
        if index == 0 {
            builder.move_to(x, y);
        } else {
            builder.line_to(x, y);
        }
    }
    builder.close();
    builder.finish()
}

/// Point at `radius` and `angle` (radians, 0 = up, clockwise on screen).
fn polar(radius: f32, angle: f32) -> (f32, f32) {
    (radius * angle.sin(), -radius * angle.cos())
}

fn outline(shape: usize) -> Option<Path> {
    match shape {
        0 => PathBuilder::from_circle(0.0, 0.0, 1.0),
        1 => Rect::from_ltrb(-0.8, -0.8, 0.8, 0.8).map(PathBuilder::from_rect),
        // Equilateral, centroid at the origin; the radius is enlarged so its area is not tiny.
        2 => polygon((0..3).map(|k| polar(1.1, k as f32 * TAU / 3.0))),
        3 => polygon((0..10).map(|k| {
            let radius = if k % 2 == 0 { 1.05 } else { 0.45 };
            polar(radius, k as f32 * TAU / 10.0)
        })),
        RING => {
            let mut builder = PathBuilder::new();
            builder.push_circle(0.0, 0.0, 1.0);
            builder.push_circle(0.0, 0.0, 0.55);
            builder.finish()
        }
        _ => {
            // A plus sign: arms of half-width 0.32 reaching radius 1.
            let (w, r) = (0.32, 1.0);
            polygon([
                (-w, -r),
                (w, -r),
                (w, -w),
                (r, -w),
                (r, w),
                (w, w),
                (w, r),
                (-w, r),
                (-w, w),
                (-r, w),
                (-r, -w),
                (-w, -w),
            ])
        }
    }
}

impl ShapePainter {
    /// Builds the unit outlines.
    pub fn new() -> Self {
        let outlines = (0..CLASS_NAMES.len()).filter_map(outline).collect();
        ShapePainter { outlines }
    }

    /// Draws shape `label` with random colour, size, position and rotation.
    pub fn draw(&self, canvas: &mut Canvas, label: u32, rng: &mut ChaCha8Rng) {
        let background = Background::random(rng);
        background.paint(canvas);
        let color = contrasting_color(rng, &background.colors());
        let shape = label as usize % CLASS_NAMES.len();
        // Radius 0.2–0.34 of the side; the centre keeps the whole outline 0.03 inside the border.
        let radius: f32 = rng.random_range(0.2..0.34);
        let margin = radius * MAX_EXTENT + 0.03;
        let span = (1.0 - 2.0 * margin).max(0.0);
        let cx = margin + span * rng.random::<f32>();
        let cy = margin + span * rng.random::<f32>();
        let rotation = rng.random_range(0.0..360.0);
        self.draw_figure(canvas, shape, color, ([cx, cy], radius, rotation));
    }

    /// Draws shape `shape` in `color` at `(centre, radius, rotation)`: the centre in unit
    /// coordinates, the radius as a fraction of the side, the rotation in degrees clockwise. The
    /// video clips move a figure by drawing it at a new place on every frame.
    pub fn draw_figure(
        &self,
        canvas: &mut Canvas,
        shape: usize,
        color: Rgb,
        (centre, radius, rotation): ([f32; 2], f32, f32),
    ) {
        let Some(path) = self.outlines.get(shape) else {
            return;
        };
        let transform = Transform::from_translate(centre[0], centre[1])
            .pre_rotate(rotation)
            .pre_scale(radius, radius);
        if shape == RING {
            canvas.fill_even_odd(path, color, transform);
        } else {
            canvas.fill(path, color, transform);
        }
    }
}
