//! Short videos a person picks for the clip gallery (any format this browser's `<video>` plays:
//! MP4, WebM, Ogg…), turned into what the clip reader already knows: a folder of frames. The
//! video is opened from memory (a `blob:` address, nothing leaves the page), `frames` pictures
//! are taken evenly from its first moment to its last by seeking, each drawn on a canvas at most
//! 96 px on its shorter side and kept as a PNG, named `{folder}/{video}/000.png…` so that the
//! folder above the video is the clip's label, as for an animated GIF.

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{CanvasRenderingContext2d, File, HtmlCanvasElement, HtmlVideoElement, Url};

use crate::data::{RgbaMosaic, UploadFile};

/// The longest video the gallery samples, in seconds (a clip is a few seconds of motion).
pub const MAX_VIDEO_SECONDS: f64 = 60.0;

/// Side of the frames kept, before the clip reader crops and resizes them.
const FRAME_SIDE: f64 = 96.0;

/// Whether `name` (or its type) is a video this reader should try.
pub fn is_video(name: &str, mime: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    mime.starts_with("video/")
        || [".mp4", ".m4v", ".webm", ".mov", ".ogv", ".mkv"]
            .iter()
            .any(|ext| lower.ends_with(ext))
}

/// The frames of the video `file` (its display name `name`, which may hold folders), or why it
/// cannot be read.
pub async fn video_frames(
    file: &File,
    name: &str,
    frames: usize,
) -> Result<Vec<UploadFile>, String> {
    let url = Url::create_object_url_with_blob(file)
        .map_err(|_| "the browser could not open it".to_string())?;
    let result = sample(&url, name, frames).await;
    let _ = Url::revoke_object_url(&url);
    result
}

async fn sample(url: &str, name: &str, frames: usize) -> Result<Vec<UploadFile>, String> {
    let document = web_sys::window()
        .and_then(|window| window.document())
        .ok_or("no document")?;
    let video: HtmlVideoElement = document
        .create_element("video")
        .map_err(|_| "no video element")?
        .unchecked_into();
    video.set_muted(true);
    video.set_preload("auto");
    video.set_src(url);
    wait(&video, "loadeddata").await.map_err(|_| {
        "this browser cannot play it (not a video, or a format it does not know)".to_string()
    })?;
    let mut duration = video.duration();
    if duration.is_infinite() {
        // Recorded WebM often carries no duration until the end has been seen: seek there.
        video.set_current_time(1e9);
        wait(&video, "seeked")
            .await
            .map_err(|_| "it cannot be searched".to_string())?;
        duration = video.duration();
    }
    if !duration.is_finite() || duration <= 0.0 {
        return Err("it has no length".to_string());
    }
    if duration > MAX_VIDEO_SECONDS {
        return Err(format!(
            "it is {duration:.0} s long; the gallery samples videos of at most {MAX_VIDEO_SECONDS:.0} s"
        ));
    }
    let (width, height) = (
        f64::from(video.video_width()),
        f64::from(video.video_height()),
    );
    if width < 1.0 || height < 1.0 {
        return Err("it has no picture".to_string());
    }
    let scale = (FRAME_SIDE / width.min(height)).min(1.0);
    let (side_w, side_h) = (
        (width * scale).round().max(1.0),
        (height * scale).round().max(1.0),
    );
    let canvas: HtmlCanvasElement = document
        .create_element("canvas")
        .map_err(|_| "no canvas")?
        .unchecked_into();
    canvas.set_width(side_w as u32);
    canvas.set_height(side_h as u32);
    let context: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .ok_or("no 2-D canvas")?
        .unchecked_into();
    let folder = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let mut files = Vec::with_capacity(frames);
    for index in 0..frames {
        // Evenly from the first moment to (just before) the last, as the clip reader samples.
        let at = duration * index as f64 / frames.saturating_sub(1).max(1) as f64;
        video.set_current_time(at.min(duration - 1e-3).max(0.0));
        wait(&video, "seeked")
            .await
            .map_err(|_| "it cannot be searched".to_string())?;
        context
            .draw_image_with_html_video_element_and_dw_and_dh(&video, 0.0, 0.0, side_w, side_h)
            .map_err(|_| "a frame could not be drawn".to_string())?;
        let pixels = context
            .get_image_data(0.0, 0.0, side_w, side_h)
            .map_err(|_| "a frame could not be read".to_string())?;
        let png = RgbaMosaic {
            width: side_w as usize,
            height: side_h as usize,
            rgba: pixels.data().0,
        }
        .to_png()
        .map_err(|error| error.to_string())?;
        files.push(UploadFile {
            name: format!("{folder}/{index:03}.png"),
            bytes: png,
        });
    }
    Ok(files)
}

/// Resolves at the video's next `event`, or fails at its next `error`.
async fn wait(video: &HtmlVideoElement, event: &str) -> Result<JsValue, JsValue> {
    let promise = Promise::new(&mut |resolve, reject| {
        let options = web_sys::AddEventListenerOptions::new();
        options.set_once(true);
        let _ = video.add_event_listener_with_callback_and_add_event_listener_options(
            event, &resolve, &options,
        );
        let _ = video.add_event_listener_with_callback_and_add_event_listener_options(
            "error", &reject, &options,
        );
    });
    JsFuture::from(promise).await
}
