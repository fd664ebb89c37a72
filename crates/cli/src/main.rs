//! `nda-lab`: the native command-line runner (its commands are in `nda_cli::cli`; its
//! allocator in `nda_cli::memory`).

fn main() -> std::process::ExitCode {
    nda_cli::cli::main()
}
