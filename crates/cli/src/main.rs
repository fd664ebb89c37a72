//! `nda-lab`: the native command-line runner (its commands are in `nda_cli::cli`).

/// Training frees and re-allocates buffers of several megabytes every step. glibc's `malloc` gives
/// them back to the kernel and faults them in again (about 10% of a GAN iteration's time on one
/// thread); mimalloc keeps them (issue 14, README's Benchmarks).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    nda_cli::cli::main()
}
