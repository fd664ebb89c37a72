//! The browser side of share links, settings and run files: the URL fragment, the clipboard, and
//! reading a chosen file. Nothing here contacts a server: the fragment is never sent.

use wasm_bindgen_futures::JsFuture;
use web_sys::File;

/// The URL fragment without `#` (empty when there is none).
pub fn read_fragment() -> String {
    let hash = leptos::prelude::window()
        .location()
        .hash()
        .unwrap_or_default();
    hash.strip_prefix('#').unwrap_or(&hash).to_string()
}

/// Puts `fragment` in the address bar (no reload) and returns the whole link.
pub fn write_fragment(fragment: &str) -> String {
    let _ = leptos::prelude::window().location().set_hash(fragment);
    format!("{}#{fragment}", page_url())
}

/// The page's address without its fragment.
pub fn page_url() -> String {
    let location = leptos::prelude::window().location();
    format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default()
    )
}

/// Copies `text` to the clipboard; `false` when the browser refused (the page shows it instead).
pub async fn copy_to_clipboard(text: &str) -> bool {
    let clipboard = leptos::prelude::window().navigator().clipboard();
    JsFuture::from(clipboard.write_text(text)).await.is_ok()
}

/// The text of a chosen file, at most `limit` bytes.
pub async fn read_text(file: &File, limit: f64) -> Result<String, String> {
    if file.size() > limit {
        return Err(format!(
            "{} is {:.0} KB, larger than any file this page opens here ({:.0} KB at most)",
            file.name(),
            file.size() / 1024.0,
            limit / 1024.0
        ));
    }
    JsFuture::from(file.text())
        .await
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| format!("{} could not be read", file.name()))
}

/// Reads the run file picked in the file input of `event` (clearing the input, so the same file
/// can be picked again), then gives its bytes to `opened`, or why it could not be read to
/// `failed`.
pub fn read_picked_run_file(
    event: &leptos::ev::Event,
    opened: impl FnOnce(Vec<u8>) + 'static,
    failed: impl FnOnce(String) + 'static,
) {
    let input: web_sys::HtmlInputElement = leptos::prelude::event_target(event);
    let Some(file) = input.files().and_then(|files| files.get(0)) else {
        return;
    };
    input.set_value("");
    leptos::task::spawn_local(async move {
        match read_bytes(&file, crate::experiment::MAX_ARCHIVE_BYTES).await {
            Ok(bytes) => opened(bytes),
            Err(message) => failed(message),
        }
    });
}

/// The bytes of a chosen file, at most `limit` bytes.
pub async fn read_bytes(file: &File, limit: usize) -> Result<Vec<u8>, String> {
    if file.size() > limit as f64 {
        return Err(format!(
            "{} is {:.0} MB, more than the {:.0} MB a run file may have",
            file.name(),
            file.size() / 1e6,
            limit as f64 / 1e6
        ));
    }
    JsFuture::from(file.array_buffer())
        .await
        .map(|buffer| js_sys::Uint8Array::new(&buffer).to_vec())
        .map_err(|_| format!("{} could not be read", file.name()))
}
