//! The `nda-lab` command line: its commands and options (clap), each handed to its driver in
//! this folder.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// NDA Lab on the command line.
#[derive(Parser)]
#[command(name = "nda-lab", version, about)]
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
        /// Where the GAN iteration and the contrastive step run (`gpu` needs a build with
        /// `--features native-gpu`).
        #[arg(long, value_enum, default_value = "cpu")]
        device: super::driver::NativeDevice,
    },
    /// Train an NDA-GAN (and optionally its baseline) from a JSON config; writes sample grids
    /// (PNG) and metrics (CSV).
    Gan {
        /// The experiment, e.g. `examples/gan-faces.json`, or a run file (`run.zip`) to
        /// continue.
        #[arg(long)]
        config: std::path::PathBuf,
        /// Your own images instead of the config's built-in set: a folder whose sub-folders
        /// are labels, a zip, or one image (the page's decoder and limits).
        #[arg(long)]
        data: Option<std::path::PathBuf>,
        /// Folder for the results (metrics, grids, config and `run.zip`).
        #[arg(long, default_value = "runs/gan")]
        out: std::path::PathBuf,
        /// Where to compute.
        #[arg(long, value_enum, default_value = "cpu")]
        device: super::driver::NativeDevice,
        /// Every N iterations, write the process's resident memory to `memory.csv` (a long
        /// run must stay flat: `scripts/bench-memory.sh`).
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
        memory_every: Option<u64>,
    },
    /// Draw images from the EMA generator of a run file (the page's "Export run", or
    /// `run.zip` of `nda-lab gan`) as a PNG grid.
    Sample {
        /// The run file.
        run_file: std::path::PathBuf,
        /// Which run of the file: `nda` or `baseline` (default: the first).
        #[arg(long)]
        run: Option<String>,
        /// Number of images (1 to 1024), in rows of eight.
        #[arg(long, default_value_t = 64)]
        n: usize,
        /// New noise from this seed (the page's "New noise" grid); without it, the run's
        /// fixed noise, whose first 64 images are its training grid.
        #[arg(long)]
        seed: Option<u64>,
        /// The PNG to write.
        #[arg(long, default_value = "samples.png")]
        out: std::path::PathBuf,
        /// Also write the noise, labels, images (floats) and the discriminator's logits as
        /// safetensors, for `python/check_numpy.py` and `python/check_torch.py`.
        #[arg(long)]
        tensors: Option<std::path::PathBuf>,
    },
    /// Evaluate the runs of a run file as they are: KID, FD, precision/recall/density/
    /// coverage, structure score and the discriminator's anomaly AUROCs, in feature spaces
    /// trained here (not Inception: not comparable with published FIDs).
    Evaluate {
        /// The run file (`run.zip` of `nda-lab gan`, or the page's "Export run").
        run_file: std::path::PathBuf,
        /// Folder for `<nda|baseline>/evaluation.csv`.
        #[arg(long, default_value = "runs/evaluation")]
        out: std::path::PathBuf,
        /// Generated and held-out real images compared (default: the file's setting, 1000).
        #[arg(long)]
        samples: Option<usize>,
        /// Held-out images per anomaly set (default: the file's setting, 500).
        #[arg(long)]
        anomaly_images: Option<usize>,
        /// The images of a run trained on your own images (a folder whose sub-folders are
        /// labels, a zip, or one image).
        #[arg(long)]
        data: Option<std::path::PathBuf>,
    },
    /// Run a paired multi-seed study (NDA arms against the baseline, judged at the end of the
    /// budget) and write `report.md` and `study.csv`; a stopped study resumes, keeping the
    /// pairs it finished.
    Study {
        /// The experiment with its `study` section, e.g. `examples/smoke-study.json`.
        #[arg(long)]
        config: std::path::PathBuf,
        /// Folder for the pairs and the report.
        #[arg(long, default_value = "runs/study")]
        out: std::path::PathBuf,
        /// Print the plan (pairs, the smallest p the seeds allow, Holm's floor for the
        /// secondary metrics, and a warning when they cannot reach 0.05) and run nothing.
        #[arg(long)]
        plan: bool,
        /// Your own images instead of the config's built-in set (a folder whose sub-folders
        /// are labels, or a zip): judged by an encoder trained on them without NDA.
        #[arg(long)]
        data: Option<std::path::PathBuf>,
        /// Seeds trained at once, each on its share of the cores (default: one per core).
        #[arg(long)]
        jobs: Option<usize>,
        /// Train only shard K of N (seeds K, K + N, …) into --out; merge the shards' folders
        /// with `nda-lab study-merge`.
        #[arg(long, default_value = "1/1")]
        shard: super::study_shards::Shard,
    },
    /// Merge the folders of a study's shards (`nda-lab study --shard K/N`) into the report one
    /// unsharded run writes, after checking they are one study's with every pair once.
    StudyMerge {
        /// The shards' folders.
        #[arg(required = true)]
        shards: Vec<std::path::PathBuf>,
        /// Folder for the merged report (it must not hold one yet).
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Measure every sample-quality metric on known cases (a second real sample, corruptions,
    /// NDA mixed in, dropped classes, memorised copies, one generator over training and
    /// collapsed) in the evaluator's features, and write which metrics order them right.
    ValidateMetrics(super::validate_metrics_cli::ValidateMetricsArgs),
    /// Draw Moving Shapes clips (the label is the motion) and each of the video task's
    /// negatives of them (frame shuffle, temporal jigsaw, frozen, temporal stitching, jigsaw per
    /// frame) and the reversed control, as looping GIFs with a table of what each does.
    Clips(super::video::clips::ClipsArgs),
    /// A paired multi-seed study of the video task from a JSON file (its seeds, NDA arms and
    /// primary metric): every seed's baseline and arms, then `report.md`, `study.csv` and plots.
    VideoStudy(super::video::study::VideoStudyArgs),
    /// Train the video task's clip encoder by dense predictive coding with NDA clips (and
    /// optionally its baseline) on Moving Shapes; writes metrics and evaluations (CSV).
    Video(super::video::train::VideoArgs),
    /// Train a MoCo-v2 encoder with NDA negatives (and optionally its baseline) from a JSON
    /// config; writes metrics, accuracies and the embedding map (CSV) and prints the final
    /// k-NN and linear-probe accuracy.
    Contrastive {
        /// The experiment, e.g. `examples/contrastive-digits.json`.
        #[arg(long)]
        config: std::path::PathBuf,
        /// Your own images instead of the config's built-in set: a folder whose sub-folders
        /// are labels, a zip, or one image (the page's decoder and limits).
        #[arg(long)]
        data: Option<std::path::PathBuf>,
        /// Folder for the results.
        #[arg(long, default_value = "runs/contrastive")]
        out: std::path::PathBuf,
        /// Where to compute.
        #[arg(long, value_enum, default_value = "cpu")]
        device: super::driver::NativeDevice,
    },
}

/// Runs the command of the process's arguments; a failure is printed and gives exit code 1.
pub fn main() -> ExitCode {
    let outcome = match Cli::parse().command {
        Command::Bench { only, device } => crate::bench::run(only.as_deref(), device),
        Command::Gan {
            config,
            data,
            out,
            device,
            memory_every,
        } => super::gan::run_with(
            &config,
            &out,
            device,
            data.as_deref(),
            &super::gan::Extras {
                memory_every: memory_every.map(|every| every as usize),
                ..super::gan::Extras::default()
            },
        ),
        Command::Sample {
            run_file,
            run,
            n,
            seed,
            out,
            tensors,
        } => super::sample::run(&super::sample::SampleOptions {
            run_file,
            run,
            count: n,
            seed,
            out,
            tensors,
        }),
        Command::Evaluate {
            run_file,
            out,
            samples,
            anomaly_images,
            data,
        } => super::evaluate::run(&run_file, &out, (samples, anomaly_images), data.as_deref()),
        Command::Study {
            config,
            out,
            plan,
            data,
            jobs,
            shard,
        } => super::study::run(&super::study::StudyOptions {
            config: &config,
            out: &out,
            plan_only: plan,
            data: data.as_deref(),
            jobs: jobs.unwrap_or_else(super::study_jobs::cores),
            shard,
        }),
        Command::StudyMerge { shards, out } => super::study_shards::merge(&shards, &out),
        Command::ValidateMetrics(args) => super::validate_metrics_cli::run(&args),
        Command::Contrastive {
            config,
            data,
            out,
            device,
        } => super::contrastive::run(&config, &out, device, data.as_deref()),
        Command::Clips(args) => super::video::clips::run(&args.options()),
        Command::Video(args) => super::video::train::run(&args),
        Command::VideoStudy(args) => super::video::study::run(&args),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
