//! The compute Web Worker: all burn work of the page happens here.

#[cfg(target_arch = "wasm32")]
fn main() {
    nda_protocol::wasm_start::run_constructors();
    nda_worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the worker runs only in the browser: build it with `trunk build` (see README.md)");
}
