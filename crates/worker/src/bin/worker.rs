//! The compute Web Worker: all burn work of the page happens here.

#[cfg(target_arch = "wasm32")]
fn main() {
    nda_protocol::wasm_start::run_constructors();
    nda_worker::start();
}

/// The worker's WebAssembly memory in bytes, read by the memory benchmark
/// (`tests/bench/memory.mjs`) from the worker's scope as `wasm_bindgen.worker_memory_bytes()`.
/// A WebAssembly memory only grows, so a long run that holds its memory keeps this flat.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn worker_memory_bytes() -> f64 {
    use wasm_bindgen::JsCast;
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    memory
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length() as f64
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the worker runs only in the browser: build it with `trunk build` (see README.md)");
}
