//! A canvas that shows one RGBA mosaic, scaled up with crisp pixels.

use leptos::prelude::*;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

use crate::data::RgbaMosaic;

/// Shows `mosaic` (nothing while it is `None`); `scale` enlarges it for display only.
#[component]
pub fn MosaicCanvas(
    #[prop(into)] mosaic: Signal<Option<RgbaMosaic>>,
    #[prop(into)] testid: String,
    #[prop(into)] label: String,
    #[prop(default = 2)] scale: usize,
) -> impl IntoView {
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    Effect::new(move |_| {
        let Some(canvas) = canvas_ref.get() else {
            return;
        };
        mosaic.with(|mosaic| {
            if let Some(mosaic) = mosaic {
                draw(&canvas, mosaic, scale);
            }
        });
    });
    view! { <canvas node_ref=canvas_ref class="mosaic" data-testid=testid role="img" aria-label=label /> }
}

fn draw(canvas: &HtmlCanvasElement, mosaic: &RgbaMosaic, scale: usize) {
    let (width, height) = (mosaic.width as u32, mosaic.height as u32);
    canvas.set_width(width.max(1));
    canvas.set_height(height.max(1));
    let element: &web_sys::HtmlElement = canvas;
    let _ = element
        .style()
        .set_property("width", &format!("{}px", mosaic.width * scale));
    if width == 0 || height == 0 {
        return;
    }
    let context = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|context| context.dyn_into::<CanvasRenderingContext2d>().ok());
    let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&mosaic.rgba), width, height);
    if let (Some(context), Ok(image)) = (context, image) {
        let _ = context.put_image_data(&image, 0.0, 0.0);
    }
}
