//! Procedural handwritten-style digits 0–9: each digit is one or two stroke paths in the unit box
//! (polylines, quadratic and cubic curves), drawn with a random pen width, slant, rotation, scale,
//! position and a foreground colour that contrasts with a solid or gradient background.
//! Label = the digit. A digit's identity lives in its global shape, which is exactly what the
//! jigsaw and stitching negatives of the paper break.

use rand::RngExt;
use rand::rngs::ChaCha8Rng;
use tiny_skia::{Path, PathBuilder, Rect, Transform};

use super::color::{Background, contrasting_color};
use super::raster::Canvas;

/// Class names, label = index.
pub const CLASS_NAMES: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

/// The stroke paths of every digit, built once per dataset; each digit has one or two styles.
pub struct DigitPainter {
    glyphs: Vec<Vec<Path>>,
}

/// Builds a path with `draw`, which issues `PathBuilder` commands.
fn build(draw: impl FnOnce(&mut PathBuilder)) -> Option<Path> {
    let mut builder = PathBuilder::new();
    draw(&mut builder);
    builder.finish()
}

fn oval(left: f32, top: f32, right: f32, bottom: f32) -> impl FnOnce(&mut PathBuilder) {
    move |b: &mut PathBuilder| {
        if let Some(rect) = Rect::from_ltrb(left, top, right, bottom) {
            b.push_oval(rect);
        }
    }
}

/// The styles of `digit`, in unit coordinates: glyphs span roughly x 0.32–0.70, y 0.18–0.82.
fn digit_styles(digit: usize) -> Vec<Option<Path>> {
    match digit {
        0 => vec![build(oval(0.32, 0.18, 0.68, 0.82))],
        1 => vec![
            build(|b| {
                b.move_to(0.40, 0.30);
                b.line_to(0.53, 0.18);
                b.line_to(0.53, 0.82);
            }),
            build(|b| {
                b.move_to(0.40, 0.30);
                b.line_to(0.53, 0.18);
                b.line_to(0.53, 0.82);
                b.move_to(0.40, 0.82);
                b.line_to(0.66, 0.82);
            }),
        ],
        2 => vec![build(|b| {
            b.move_to(0.33, 0.32);
            b.cubic_to(0.33, 0.12, 0.69, 0.12, 0.67, 0.35);
            b.cubic_to(0.65, 0.50, 0.45, 0.62, 0.32, 0.82);
            b.line_to(0.70, 0.82);
        })],
        3 => vec![build(|b| {
            b.move_to(0.33, 0.25);
            b.cubic_to(0.45, 0.12, 0.70, 0.16, 0.66, 0.33);
            b.cubic_to(0.63, 0.46, 0.52, 0.48, 0.46, 0.48);
            b.cubic_to(0.62, 0.48, 0.71, 0.58, 0.68, 0.68);
            b.cubic_to(0.65, 0.86, 0.40, 0.88, 0.32, 0.76);
        })],
        4 => vec![
            build(|b| {
                b.move_to(0.60, 0.82);
                b.line_to(0.60, 0.18);
                b.line_to(0.30, 0.62);
                b.line_to(0.72, 0.62);
            }),
            build(|b| {
                b.move_to(0.38, 0.18);
                b.line_to(0.33, 0.58);
                b.line_to(0.72, 0.58);
                b.move_to(0.61, 0.32);
                b.line_to(0.61, 0.82);
            }),
        ],
        5 => vec![build(|b| {
            b.move_to(0.67, 0.18);
            b.line_to(0.38, 0.18);
            b.line_to(0.35, 0.46);
            b.cubic_to(0.50, 0.38, 0.71, 0.44, 0.68, 0.63);
            b.cubic_to(0.66, 0.85, 0.42, 0.88, 0.32, 0.76);
        })],
        6 => vec![build(|b| {
            b.move_to(0.64, 0.20);
            b.cubic_to(0.48, 0.15, 0.31, 0.32, 0.32, 0.64);
            oval(0.32, 0.47, 0.68, 0.82)(b);
        })],
        7 => vec![
            build(|b| {
                b.move_to(0.31, 0.18);
                b.line_to(0.69, 0.18);
                b.line_to(0.44, 0.82);
            }),
            build(|b| {
                b.move_to(0.31, 0.18);
                b.line_to(0.69, 0.18);
                b.line_to(0.44, 0.82);
                b.move_to(0.42, 0.50);
                b.line_to(0.64, 0.50);
            }),
        ],
        8 => vec![build(|b| {
            oval(0.36, 0.18, 0.64, 0.48)(b);
            oval(0.32, 0.48, 0.68, 0.82)(b);
        })],
        _ => vec![
            build(|b| {
                oval(0.32, 0.18, 0.68, 0.52)(b);
                b.move_to(0.68, 0.35);
                b.line_to(0.68, 0.82);
            }),
            build(|b| {
                oval(0.32, 0.18, 0.68, 0.52)(b);
                b.move_to(0.68, 0.35);
                b.cubic_to(0.68, 0.62, 0.58, 0.80, 0.36, 0.82);
            }),
        ],
    }
}

impl DigitPainter {
    /// Builds the glyph paths.
    pub fn new() -> Self {
        let glyphs = (0..CLASS_NAMES.len())
            .map(|digit| digit_styles(digit).into_iter().flatten().collect())
            .collect();
        DigitPainter { glyphs }
    }

    /// Draws digit `label` with random style and placement.
    pub fn draw(&self, canvas: &mut Canvas, label: u32, rng: &mut ChaCha8Rng) {
        let background = Background::random(rng);
        background.paint(canvas);
        let ink = contrasting_color(rng, &background.colors());
        let styles = &self.glyphs[label as usize % self.glyphs.len()];
        let Some(glyph) = styles.get(rng.random_range(0..styles.len().max(1))) else {
            return;
        };
        // Pen width 0.06–0.12 of the image side: 2–4 px at 32 px.
        let pen = rng.random_range(0.06..0.12);
        let scale = rng.random_range(0.85..1.15);
        let aspect = rng.random_range(0.85..1.2);
        let slant = rng.random_range(-0.1..0.35);
        let rotation = rng.random_range(-8.0..8.0);
        let (dx, dy) = (rng.random_range(-0.07..0.07), rng.random_range(-0.05..0.05));
        // Centre, then scale, slant (top leans right), rotate and move back with jitter.
        let transform = Transform::from_translate(0.5 + dx, 0.5 + dy)
            .pre_rotate(rotation)
            .pre_concat(Transform::from_skew(-slant * 0.5, 0.0))
            .pre_scale(scale * aspect, scale)
            .pre_translate(-0.5, -0.5);
        canvas.stroke(glyph, ink, pen / scale, transform);
    }
}
