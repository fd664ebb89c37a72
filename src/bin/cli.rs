//! `nda-lab`: the native command-line runner.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use clap::{Parser, Subcommand};

    /// NDA Lab on the command line.
    #[derive(Parser)]
    #[command(version, about)]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(Subcommand)]
    enum Command {
        /// Time data generation, augmentations and decoding on the CPU backend.
        Bench,
    }

    match Cli::parse().command {
        Command::Bench => nda_lab::bench::run_all(),
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
