//! Runs the WebAssembly module's static constructors exactly once, at start.
//!
//! cubecl (under burn) registers its kernels' parts with `inventory`, whose constructors the Wasm
//! linker (`wasm-ld`) gathers into `__wasm_call_ctors`. A module that never calls that function
//! itself is linked "command-style": the linker then calls it at the top of *every* exported
//! function, so every call from JavaScript into the module (each event, each callback, each
//! worker message) re-ran hundreds of registrations. The browser bench saw main-thread tasks of
//! 0.7 s at a run's start and 0.3 s later, most of it in those constructors. Calling it once here,
//! before anything else, makes the linker leave the exports alone (see the `inventory` crate's
//! notes on WebAssembly).

// The crate denies unsafe code; this call has no safe form.
#![allow(unsafe_code)]

unsafe extern "C" {
    fn __wasm_call_ctors();
}

/// Runs the static constructors; call it first, once, from the module's `main`.
pub fn run_constructors() {
    // SAFETY: `__wasm_call_ctors` is the linker-made function that runs the constructors;
    // `main` calls this once, before any other code of the module runs.
    unsafe { __wasm_call_ctors() }
}
