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
        /// Time data generation, augmentations, decoding and a GAN iteration on the CPU backend.
        Bench {
            /// Run only this group: generation, augmentations, decoding, gan or contrastive.
            #[arg(long)]
            only: Option<String>,
        },
        /// Train an NDA-GAN (and optionally its baseline) from a JSON config; writes sample grids
        /// (PNG) and metrics (CSV).
        Gan {
            /// The experiment, e.g. `examples/gan-faces.json`.
            #[arg(long)]
            config: std::path::PathBuf,
            /// Folder for the results.
            #[arg(long, default_value = "runs/gan")]
            out: std::path::PathBuf,
            /// Where to compute.
            #[arg(long, value_enum, default_value = "cpu")]
            device: nda_lab::headless::gan::NativeDevice,
        },
        /// Train a MoCo-v2 encoder with NDA negatives (and optionally its baseline) from a JSON
        /// config; writes metrics, accuracies and the embedding map (CSV) and prints the final
        /// k-NN and linear-probe accuracy.
        Contrastive {
            /// The experiment, e.g. `examples/contrastive-shapes.json`.
            #[arg(long)]
            config: std::path::PathBuf,
            /// Folder for the results.
            #[arg(long, default_value = "runs/contrastive")]
            out: std::path::PathBuf,
            /// Where to compute.
            #[arg(long, value_enum, default_value = "cpu")]
            device: nda_lab::headless::gan::NativeDevice,
        },
    }

    match Cli::parse().command {
        Command::Bench { only } => nda_lab::bench::run(only.as_deref()),
        Command::Gan {
            config,
            out,
            device,
        } => {
            if let Err(message) = nda_lab::headless::gan::run(&config, &out, device) {
                eprintln!("error: {message}");
                std::process::exit(1);
            }
        }
        Command::Contrastive {
            config,
            out,
            device,
        } => {
            if let Err(message) = nda_lab::headless::contrastive::run(&config, &out, device) {
                eprintln!("error: {message}");
                std::process::exit(1);
            }
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
