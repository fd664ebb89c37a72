//! Colours for the procedural datasets: random colours over the whole gamut, the WCAG contrast
//! ratio, and backgrounds (solid or two-tone gradient) against which every figure is drawn with
//! enough contrast to be seen.

use rand::RngExt;
use rand::rngs::ChaCha8Rng;

use super::raster::Canvas;
pub use super::raster::Rgb;

/// Minimum WCAG contrast ratio between a figure and its background. 3:1 is the WCAG threshold
/// for large graphical objects, which is what a 32-pixel figure is.
pub const MIN_CONTRAST: f32 = 3.0;

/// A colour from hue (turns, any real), saturation and value (both `[0, 1]`).
pub fn hsv(hue: f32, saturation: f32, value: f32) -> Rgb {
    let h = hue.rem_euclid(1.0) * 6.0;
    let chroma = value * saturation;
    let x = chroma * (1.0 - ((h % 2.0) - 1.0).abs());
    let (r, g, b) = match h as u32 {
        0 => (chroma, x, 0.0),
        1 => (x, chroma, 0.0),
        2 => (0.0, chroma, x),
        3 => (0.0, x, chroma),
        4 => (x, 0.0, chroma),
        _ => (chroma, 0.0, x),
    };
    let m = value - chroma;
    let byte = |c: f32| ((c + m) * 255.0).round().clamp(0.0, 255.0) as u8;
    [byte(r), byte(g), byte(b)]
}

/// A random colour over the whole gamut of hue, fairly saturated or fairly grey.
pub fn random_color(rng: &mut ChaCha8Rng) -> Rgb {
    hsv(
        rng.random::<f32>(),
        rng.random_range(0.0..1.0),
        rng.random_range(0.1..1.0),
    )
}

/// Relative luminance of an sRGB colour (WCAG 2.x definition).
pub fn luminance(rgb: Rgb) -> f32 {
    let channel = |c: u8| {
        let c = f32::from(c) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2])
}

/// WCAG contrast ratio between two colours, from 1 (same) to 21 (black on white).
pub fn contrast(a: Rgb, b: Rgb) -> f32 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Smallest contrast of `color` against any of `backgrounds`.
fn worst_contrast(color: Rgb, backgrounds: &[Rgb]) -> f32 {
    backgrounds
        .iter()
        .map(|b| contrast(color, *b))
        .fold(f32::INFINITY, f32::min)
}

/// A random colour with at least [`MIN_CONTRAST`] against every colour of `backgrounds`; after a
/// few failed draws, black or white, whichever contrasts more.
pub fn contrasting_color(rng: &mut ChaCha8Rng, backgrounds: &[Rgb]) -> Rgb {
    for _ in 0..12 {
        let candidate = random_color(rng);
        if worst_contrast(candidate, backgrounds) >= MIN_CONTRAST {
            return candidate;
        }
    }
    let (black, white) = ([0, 0, 0], [255, 255, 255]);
    if worst_contrast(black, backgrounds) >= worst_contrast(white, backgrounds) {
        black
    } else {
        white
    }
}

/// `color` moved towards black by `amount` in `[0, 1]`.
pub fn darken(color: Rgb, amount: f32) -> Rgb {
    color.map(|c| (f32::from(c) * (1.0 - amount)).round() as u8)
}

/// A background: one colour, or a two-tone linear gradient at an angle.
#[derive(Clone, Copy, Debug)]
pub struct Background {
    from: Rgb,
    to: Rgb,
    angle: Option<f32>,
}

impl Background {
    /// A random background, solid or gradient with equal odds.
    pub fn random(rng: &mut ChaCha8Rng) -> Self {
        let from = random_color(rng);
        if rng.random_bool(0.5) {
            return Background {
                from,
                to: from,
                angle: None,
            };
        }
        Background {
            from,
            to: random_color(rng),
            angle: Some(rng.random_range(0.0..std::f32::consts::TAU)),
        }
    }

    /// A random background whose colours all have at least `min_contrast` against `figure`,
    /// or, after a few tries, a plain background of black or white.
    pub fn random_against(rng: &mut ChaCha8Rng, figure: Rgb, min_contrast: f32) -> Self {
        for _ in 0..8 {
            let background = Self::random(rng);
            if worst_contrast(figure, &background.colors()) >= min_contrast {
                return background;
            }
        }
        let plain = if contrast(figure, [0, 0, 0]) > contrast(figure, [255, 255, 255]) {
            [0, 0, 0]
        } else {
            [255, 255, 255]
        };
        Background {
            from: plain,
            to: plain,
            angle: None,
        }
    }

    /// The colours a figure drawn on this background must contrast with.
    pub fn colors(&self) -> [Rgb; 2] {
        [self.from, self.to]
    }

    /// Paints the whole canvas.
    pub fn paint(&self, canvas: &mut Canvas) {
        match self.angle {
            Some(angle) => canvas.fill_gradient(self.from, self.to, angle),
            None => canvas.fill_solid(self.from),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn contrast_of_black_on_white_is_21() {
        assert!((contrast([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 1e-3);
        assert!((contrast([90, 90, 90], [90, 90, 90]) - 1.0).abs() < 1e-6);
    }

    #[test]
    fn contrasting_colours_always_meet_the_threshold() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        for _ in 0..500 {
            let backgrounds = [random_color(&mut rng), random_color(&mut rng)];
            let color = contrasting_color(&mut rng, &backgrounds);
            // Black or white may fall short only when no colour can reach the threshold.
            let best = worst_contrast([0, 0, 0], &backgrounds)
                .max(worst_contrast([255, 255, 255], &backgrounds));
            assert!(worst_contrast(color, &backgrounds) >= MIN_CONTRAST.min(best));
        }
    }

    #[test]
    fn hsv_primaries() {
        assert_eq!(hsv(0.0, 1.0, 1.0), [255, 0, 0]);
        assert_eq!(hsv(1.0 / 3.0, 1.0, 1.0), [0, 255, 0]);
        assert_eq!(hsv(2.0 / 3.0, 1.0, 1.0), [0, 0, 255]);
        assert_eq!(hsv(0.5, 0.0, 0.5), [128, 128, 128]);
    }
}
