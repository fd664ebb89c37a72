//! `nda-lab`: the native command-line runner (its commands are in `headless::cli`).

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    nda_lab::headless::cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
