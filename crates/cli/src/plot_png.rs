//! The study's forest plots as PNG for `nda-lab study`: the very SVG the page draws, rasterised
//! by resvg at twice its size on white (the page draws its PNG with the browser's own renderer),
//! with this machine's fonts for the labels.

use resvg::{tiny_skia, usvg};

/// Pixels per SVG unit.
const SCALE: f32 = 2.0;

/// Sans-serif families tried in turn for the SVG's `sans-serif` (fontdb would ask for Arial).
const SANS_SERIF: [&str; 5] = [
    "DejaVu Sans",
    "Liberation Sans",
    "Noto Sans",
    "Arial",
    "Helvetica",
];

/// The PNG bytes of `svg`; refuses on a machine without fonts, where the labels would vanish.
pub fn svg_to_png(svg: &str) -> Result<Vec<u8>, String> {
    let mut options = usvg::Options::default();
    let fonts = options.fontdb_mut();
    fonts.load_system_fonts();
    let families: Vec<String> = fonts
        .faces()
        .flat_map(|face| face.families.iter().map(|(name, _)| name.clone()))
        .collect();
    let family = SANS_SERIF
        .iter()
        .find(|wanted| families.iter().any(|name| name == *wanted))
        .map(|name| name.to_string())
        .or_else(|| families.first().cloned())
        .ok_or("this machine has no fonts, so a PNG would have no labels (the SVG has them)")?;
    fonts.set_sans_serif_family(family);
    let tree = usvg::Tree::from_str(svg, &options).map_err(|error| error.to_string())?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(SCALE)
        .ok_or("the drawing has no size")?;
    let mut pixmap =
        tiny_skia::Pixmap::new(size.width(), size.height()).ok_or("the drawing has no size")?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(SCALE, SCALE),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|error| error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use nda_core::eval::{Direction, compare_paired};
    use nda_core::train::study::{MetricComparison, forest_svg};

    #[test]
    fn a_forest_plot_becomes_a_png_twice_its_size_with_its_labels_drawn() {
        let pairs = [(0.1, 0.3), (0.2, 0.35), (0.15, 0.2)];
        let comparison = MetricComparison {
            metric: "kid".into(),
            primary: true,
            comparison: compare_paired(&pairs, Direction::LowerIsBetter).map_err(|e| e.to_string()),
            holm_p: None,
            per_seed: Vec::new(),
        };
        let svg = forest_svg("Arm nda", &[comparison]);
        let png = svg_to_png(&svg).expect("a machine with fonts");
        let image = image::load_from_memory(&png).expect("a PNG").to_rgba8();
        let width: u32 = attribute(&svg, "width");
        let height: u32 = attribute(&svg, "height");
        assert_eq!(image.dimensions(), (2 * width, 2 * height));
        // The title's text sits in the top band: some of its pixels are dark.
        let dark = (0..image.width())
            .flat_map(|x| (0..40).map(move |y| (x, y)))
            .filter(|&(x, y)| image.get_pixel(x, y).0[0] < 100)
            .count();
        assert!(dark > 50, "{dark} dark pixels in the title band");
    }

    fn attribute(svg: &str, name: &str) -> u32 {
        let start = svg.find(&format!(" {name}=\"")).expect("attribute") + name.len() + 3;
        let end = start + svg[start..].find('"').expect("closing quote");
        svg[start..end].parse().expect("a number")
    }
}
