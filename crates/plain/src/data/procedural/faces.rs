//! Procedural cartoon faces: an oval face of varied skin colour with two eyes above a nose above a
//! mouth, sometimes hair and ears. Label = expression (happy, sad, surprised, neutral), carried by
//! the mouth and eyebrow shapes together. The face fills most of the image and is centred, so a
//! 2×2 jigsaw puts a mouth beside an eye or an eye below the chin: obviously not a face, which is
//! the paper's point about structure-breaking negatives.
//!
//! Features are drawn in face-local coordinates, where the face oval is the unit circle.

use rand::RngExt;
use rand::rngs::ChaCha8Rng;
use tiny_skia::{Path, PathBuilder, Transform};

use super::color::{Background, Rgb, contrast, darken, random_color};
use super::raster::Canvas;

/// Class names, label = index.
pub const CLASS_NAMES: [&str; 4] = ["happy", "sad", "surprised", "neutral"];

const HAPPY: usize = 0;
const SAD: usize = 1;
const SURPRISED: usize = 2;

/// Skin colours: a range of human tones and a few cartoon ones (yellow, green, blue, pink).
const SKINS: [Rgb; 10] = [
    [255, 224, 189],
    [241, 194, 125],
    [224, 172, 105],
    [198, 134, 66],
    [141, 85, 36],
    [255, 219, 172],
    [255, 214, 60],
    [150, 220, 130],
    [150, 190, 240],
    [250, 180, 200],
];

/// Local `y` of the hair's fringe line: hair covers the face oval above it.
const FRINGE_Y: f32 = -0.72;

/// Stroked paths shared by every face, built once per dataset. Ovals (face, hair, ears, eyes,
/// the surprised mouth) are drawn as analytic ellipses and need no path.
pub struct FacePainter {
    nose: Path,
    /// One stroked mouth per class, spanning x in [-1, 1]; `None` for the surprised class, whose
    /// mouth is a filled oval.
    mouths: Vec<Option<Path>>,
    /// One left eyebrow per class, spanning x in [-1, 1] with +x towards the nose.
    brows: Vec<Path>,
}

fn build(draw: impl FnOnce(&mut PathBuilder)) -> Option<Path> {
    let mut builder = PathBuilder::new();
    draw(&mut builder);
    builder.finish()
}

/// A quadratic arc from `(-1, end_y)` to `(1, end_y)` bending through control `(0, control_y)`.
fn arc(end_y: f32, control_y: f32) -> Option<Path> {
    build(|b| {
        b.move_to(-1.0, end_y);
        b.quad_to(0.0, control_y, 1.0, end_y);
    })
}

/// A straight segment from `(-1, left_y)` to `(1, right_y)`.
fn segment(left_y: f32, right_y: f32) -> Option<Path> {
    build(|b| {
        b.move_to(-1.0, left_y);
        b.line_to(1.0, right_y);
    })
}

impl FacePainter {
    /// Builds the shared paths; `None` only if tiny-skia rejects a constant path.
    pub fn new() -> Option<Self> {
        let nose = build(|b| {
            b.move_to(0.02, -0.1);
            b.line_to(-0.08, 0.12);
            b.line_to(0.06, 0.14);
        })?;
        // Happy: a U-shaped smile. Sad: an arch. Neutral: a flat line. (Surprised: a filled "O".)
        let mouths = vec![
            Some(arc(-0.3, 1.1)?),
            Some(arc(0.45, -0.75)?),
            None,
            Some(segment(0.0, 0.0)?),
        ];
        // Happy: gently raised arches. Sad: inner ends raised. Surprised: high arches. Neutral: flat.
        let brows = vec![
            arc(0.25, -0.35)?,
            segment(0.35, -0.45)?,
            arc(0.35, -0.75)?,
            segment(0.0, 0.0)?,
        ];
        Some(FacePainter {
            nose,
            mouths,
            brows,
        })
    }

    /// Draws a face with expression `label` and random looks.
    pub fn draw(&self, canvas: &mut Canvas, label: u32, rng: &mut ChaCha8Rng) {
        let expression = label as usize % CLASS_NAMES.len();
        let skin = jitter(SKINS[rng.random_range(0..SKINS.len())], rng);
        Background::random_against(rng, skin, 1.6).paint(canvas);
        // Half-axes of the face oval, centre with a little jitter, and a small head tilt.
        let half_width: f32 = rng.random_range(0.28..0.35);
        let half_height = (half_width * rng.random_range(1.05..1.22)).min(0.41);
        let (cx, cy) = (
            0.5 + rng.random_range(-0.04..0.04),
            0.5 + rng.random_range(-0.03..0.03),
        );
        let frame = FaceFrame {
            transform: Transform::from_translate(cx, cy)
                .pre_rotate(rng.random_range(-10.0..10.0))
                .pre_scale(half_width, half_height),
            half_width,
            half_height,
            // Pen 0.045–0.06 of the side: 1.5–2 px at 32 px.
            pen: rng.random_range(0.045..0.06),
            ink: feature_color(skin),
        };
        self.draw_head(canvas, &frame, skin, rng);
        self.draw_eyes(canvas, &frame, expression, rng);
        let nose = frame
            .transform
            .pre_translate(0.0, rng.random_range(0.02..0.12));
        canvas.stroke(
            &self.nose,
            darken(skin, 0.4),
            frame.pen_for(1.0) * 0.8,
            nose,
        );
        self.draw_mouth(canvas, &frame, expression, rng);
    }

    /// Hair and ears behind the face, sometimes an outline, the face oval and a fringe.
    fn draw_head(&self, canvas: &mut Canvas, frame: &FaceFrame, skin: Rgb, rng: &mut ChaCha8Rng) {
        let face = frame.transform;
        let hair = rng.random_bool(0.6).then(|| random_color(rng));
        if let Some(hair) = hair {
            let cap = face.pre_translate(0.0, -0.12).pre_scale(1.08, 1.02);
            canvas.fill_ellipse(hair, cap, f32::INFINITY);
        }
        if rng.random_bool(0.5) {
            for side in [-1.0, 1.0] {
                let ear = face.pre_translate(side * 0.97, 0.0).pre_scale(0.2, 0.26);
                canvas.fill_ellipse(darken(skin, 0.1), ear, f32::INFINITY);
            }
        }
        if rng.random_bool(0.6) {
            // An outline 0.6 pen wide: a darker oval just larger than the face, under it.
            let width = 0.6 * frame.pen;
            let outline = face.pre_scale(
                1.0 + width / frame.half_width,
                1.0 + width / frame.half_height,
            );
            canvas.fill_ellipse(darken(skin, 0.5), outline, f32::INFINITY);
        }
        canvas.fill_ellipse(skin, face, f32::INFINITY);
        if let Some(hair) = hair {
            canvas.fill_ellipse(hair, face, FRINGE_Y);
        }
    }

    /// Two eyes and their eyebrows, mirrored about the nose.
    fn draw_eyes(
        &self,
        canvas: &mut Canvas,
        frame: &FaceFrame,
        expression: usize,
        rng: &mut ChaCha8Rng,
    ) {
        let spacing = rng.random_range(0.32..0.42);
        let height = rng.random_range(-0.3..-0.2);
        let surprised = expression == SURPRISED;
        let radius = rng.random_range(0.1..0.13) * if surprised { 1.4 } else { 1.0 };
        let brow_gap = radius + if surprised { 0.25 } else { 0.15 };
        let brow_length = rng.random_range(0.15..0.2);
        let brow_depth = 0.1;
        for side in [-1.0f32, 1.0] {
            let eye = frame
                .transform
                .pre_translate(side * spacing, height)
                .pre_scale(radius * 0.85, radius);
            canvas.fill_ellipse(frame.ink, eye, f32::INFINITY);
            // The brow path is a left brow (+x towards the nose); the right one is mirrored.
            let brow = frame
                .transform
                .pre_translate(side * spacing, height - brow_gap)
                .pre_scale(-side * brow_length, brow_depth);
            let pen = frame.pen_for(brow_depth);
            canvas.stroke(&self.brows[expression], frame.ink, pen, brow);
        }
    }

    fn draw_mouth(
        &self,
        canvas: &mut Canvas,
        frame: &FaceFrame,
        expression: usize,
        rng: &mut ChaCha8Rng,
    ) {
        let mouth_y = rng.random_range(0.45..0.55);
        let at_mouth = frame.transform.pre_translate(0.0, mouth_y);
        let Some(path) = &self.mouths[expression] else {
            // The surprised "O".
            let radius = rng.random_range(0.14..0.19);
            let mouth = at_mouth.pre_scale(radius * 0.85, radius);
            canvas.fill_ellipse(frame.ink, mouth, f32::INFINITY);
            return;
        };
        let half_width = rng.random_range(0.3..0.42);
        let depth = if expression == HAPPY || expression == SAD {
            0.2
        } else {
            0.1
        };
        let mouth = at_mouth.pre_scale(half_width, depth);
        canvas.stroke(path, frame.ink, frame.pen_for(depth), mouth);
    }
}

/// Where a face sits and how its features are drawn.
struct FaceFrame {
    /// Face-local coordinates (face oval = unit circle) to unit image coordinates.
    transform: Transform,
    half_width: f32,
    half_height: f32,
    /// Pen width in image-side units.
    pen: f32,
    /// Colour of eyes, brows and mouth.
    ink: Rgb,
}

impl FaceFrame {
    /// The stroke width, in the coordinates of a path scaled vertically by `local_scale` inside
    /// the face, that gives mostly horizontal strokes a thickness of `pen` in the image.
    fn pen_for(&self, local_scale: f32) -> f32 {
        self.pen / (local_scale * self.half_height)
    }
}

/// `color` with each channel moved by up to ±12.
fn jitter(color: Rgb, rng: &mut ChaCha8Rng) -> Rgb {
    color.map(|c| (i32::from(c) + rng.random_range(-12..=12)).clamp(0, 255) as u8)
}

/// Dark features: a dark shade of the skin, or near-black on dark skin, or near-white on the
/// rare skin too dark for either.
fn feature_color(skin: Rgb) -> Rgb {
    let dark = darken(skin, 0.85);
    let black = [15, 10, 10];
    if contrast(dark, skin) >= 3.0 {
        dark
    } else if contrast(black, skin) >= 2.5 {
        black
    } else {
        [250, 245, 240]
    }
}
