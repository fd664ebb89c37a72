//! Saves a grid as a PNG file (or any bytes as a file) through a temporary object URL: the bytes never leave the browser.

use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

use crate::data::RgbaMosaic;

/// Offers `mosaic` as the download `file_name`; returns a message if the browser refused.
pub fn download_png(mosaic: &RgbaMosaic, file_name: &str) -> Result<(), String> {
    let png = mosaic.to_png().map_err(|error| error.to_string())?;
    download_bytes(&png, "image/png", file_name)
}

/// Offers `bytes` of type `mime` as the download `file_name`.
pub fn download_bytes(bytes: &[u8], mime: &str, file_name: &str) -> Result<(), String> {
    let bytes = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&bytes);
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|error| format!("the browser could not build the file: {error:?}"))?;
    let url = Url::create_object_url_with_blob(&blob)
        .map_err(|error| format!("the browser could not offer the file: {error:?}"))?;
    let anchor: HtmlAnchorElement = leptos::prelude::document()
        .create_element("a")
        .map_err(|error| format!("{error:?}"))?
        .unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    // The click has started the download; the URL is not needed any more.
    let _ = Url::revoke_object_url(&url);
    Ok(())
}
