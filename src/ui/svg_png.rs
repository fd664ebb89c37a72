//! A drawing the page makes as SVG (the study's forest plot), saved as PNG: the browser's own SVG
//! renderer draws it on an off-screen canvas, at twice its size so it stays sharp on a slide, on
//! white (a PNG has no page behind it), and the pixels are encoded like every other PNG of the
//! page. Nothing leaves the browser: the SVG travels as a `blob:` URL of this page.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, BlobPropertyBag, CanvasRenderingContext2d, HtmlCanvasElement, HtmlImageElement, Url,
};

use crate::data::RgbaMosaic;

/// Pixels per SVG unit.
const SCALE: u32 = 2;

/// The PNG bytes of `svg`.
pub async fn svg_to_png(svg: &str) -> Result<Vec<u8>, String> {
    let image = load_image(svg).await?;
    let (width, height) = (
        image.natural_width() * SCALE,
        image.natural_height() * SCALE,
    );
    if width == 0 || height == 0 {
        return Err("the drawing has no size".into());
    }
    let canvas: HtmlCanvasElement = leptos::prelude::document()
        .create_element("canvas")
        .map_err(|error| format!("{error:?}"))?
        .unchecked_into();
    canvas.set_width(width);
    canvas.set_height(height);
    let context: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .ok_or("this browser cannot draw on a canvas")?
        .unchecked_into();
    context.set_fill_style_str("#ffffff");
    context.fill_rect(0.0, 0.0, f64::from(width), f64::from(height));
    context
        .draw_image_with_html_image_element_and_dw_and_dh(
            &image,
            0.0,
            0.0,
            f64::from(width),
            f64::from(height),
        )
        .map_err(|error| format!("the browser could not draw the plot: {error:?}"))?;
    let pixels = context
        .get_image_data(0.0, 0.0, f64::from(width), f64::from(height))
        .map_err(|error| format!("the browser could not read the plot back: {error:?}"))?;
    let mosaic = RgbaMosaic {
        width: width as usize,
        height: height as usize,
        rgba: pixels.data().0,
    };
    mosaic.to_png().map_err(|error| error.to_string())
}

/// `svg` decoded by the browser as an image.
async fn load_image(svg: &str) -> Result<HtmlImageElement, String> {
    let parts = js_sys::Array::of1(&svg.into());
    let options = BlobPropertyBag::new();
    options.set_type("image/svg+xml");
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|error| format!("the browser could not hold the drawing: {error:?}"))?;
    let url = Url::create_object_url_with_blob(&blob).map_err(|error| format!("{error:?}"))?;
    let image = HtmlImageElement::new().map_err(|error| format!("{error:?}"))?;
    let loaded = js_sys::Promise::new(&mut |resolve, reject| {
        image.set_onload(Some(&resolve));
        image.set_onerror(Some(&reject));
    });
    image.set_src(&url);
    let outcome = JsFuture::from(loaded).await;
    let _ = Url::revoke_object_url(&url);
    outcome.map_err(|_| "the browser could not read the drawing".to_string())?;
    Ok(image)
}
