//! `nda-lab`: the native command-line runner (its commands are in `headless::cli`).

/// Training frees and re-allocates buffers of several megabytes every step. glibc's `malloc` gives
/// them back to the kernel and faults them in again (about 10% of a GAN iteration's time on one
/// thread); mimalloc keeps them (issue 14, README's Benchmarks).
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    nda_lab::headless::cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
