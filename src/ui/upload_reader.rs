//! Reads the files a person picked or dropped, on the page, before handing their bytes to the
//! worker. Files over the size limit are refused here, unread, so a huge file cannot exhaust the
//! tab's memory.

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, FileList};

use crate::data::{RejectReason, UploadFile, UploadLimits};
use nda_protocol::RejectedFile;

/// The files of a `FileList`, copied out at once: the list is live, and clearing the input
/// (so the same file can be picked again) empties it.
pub fn take_files(files: &FileList) -> Vec<File> {
    (0..files.length())
        .filter_map(|index| files.get(index))
        .collect()
}

/// The files a file input holds, copied out, and the input cleared so the same file can be
/// picked again.
pub fn take_picked(input: &web_sys::HtmlInputElement) -> Vec<File> {
    let files = input
        .files()
        .map(|files| take_files(&files))
        .unwrap_or_default();
    input.set_value("");
    files
}

/// The files' bytes in path order, and the files refused without reading.
pub async fn read_files(
    files: Vec<File>,
    limits: &UploadLimits,
) -> (Vec<UploadFile>, Vec<RejectedFile>) {
    let mut read = Vec::new();
    let mut refused = Vec::new();
    // In path order, as `nda-lab --data` reads a folder: the order a browser lists picked files
    // in is its own, and the images' order is part of their fingerprint.
    let mut named: Vec<(String, File)> = files
        .into_iter()
        .map(|file| (display_name(&file), file))
        .collect();
    named.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, file) in named {
        if file.size() > limits.max_file_bytes as f64 {
            let reason = RejectReason::FileTooLarge {
                bytes: file.size() as u64,
                limit: limits.max_file_bytes,
            };
            refused.push(RejectedFile {
                name,
                reason: reason.to_string(),
            });
            continue;
        }
        match JsFuture::from(file.array_buffer()).await {
            Ok(buffer) => read.push(UploadFile {
                name,
                bytes: Uint8Array::new(&buffer).to_vec(),
            }),
            Err(_) => refused.push(RejectedFile {
                name,
                reason: "the browser could not read the file (was it moved or deleted?)"
                    .to_string(),
            }),
        }
    }
    (read, refused)
}

/// The path inside a picked folder ("cats/a.png", which gives the label), else the file name.
pub fn display_name(file: &File) -> String {
    Reflect::get(file, &JsValue::from_str("webkitRelativePath"))
        .ok()
        .and_then(|path| path.as_string())
        .filter(|path| !path.is_empty())
        .unwrap_or_else(|| file.name())
}

/// The one image a file input holds, read on the page: `on_file` gets it, or `on_refused` its
/// name and the reason it was refused unread (too large, unreadable). The input is cleared, so the same file
/// can be picked again.
pub fn pick_one(
    input: &web_sys::HtmlInputElement,
    on_refused: impl FnOnce(String, String) + 'static,
    on_file: impl FnOnce(UploadFile) + 'static,
) {
    let files = take_picked(input);
    leptos::task::spawn_local(async move {
        let (mut read, refused) = read_files(files, &UploadLimits::default()).await;
        if let Some(refused) = refused.first() {
            on_refused(refused.name.clone(), refused.reason.clone());
        } else if !read.is_empty() {
            on_file(read.swap_remove(0));
        }
    });
}
