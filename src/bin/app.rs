//! The NDA Lab page.

#[cfg(target_arch = "wasm32")]
fn main() {
    nda_protocol::wasm_start::run_constructors();
    nda_lab::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the page runs only in the browser: serve it with `make serve` (see README.md)");
}
