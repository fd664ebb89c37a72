//! `nda-lab`: the native command-line runner (its commands are in `nda_cli::cli`; its
//! allocator is declared in the library's `memory.rs`).

fn main() -> std::process::ExitCode {
    nda_cli::cli::main()
}
