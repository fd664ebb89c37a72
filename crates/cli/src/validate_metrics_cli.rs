//! `nda-lab validate-metrics`'s options: which set, side, sizes, evaluator seeds, generator
//! iterations and feature space, checked and handed to [`crate::validate_metrics::run`].

use crate::validate_metrics::{ValidationArgs, default_out};
use nda_core::data::BuiltinDataset;
use nda_core::train::evaluation::feature_net::FeatureSpace;
use nda_core::train::evaluation::quality_reference::judged_in;

/// The options of `nda-lab validate-metrics`.
#[derive(Debug, Clone, clap::Args)]
pub struct ValidateMetricsArgs {
    /// The built-in set: digits, shapes or faces.
    #[arg(long)]
    set: String,
    /// Image side.
    #[arg(long, default_value_t = 32)]
    size: usize,
    /// Images per side, each N on its own, e.g. `500,2000`.
    #[arg(long, value_delimiter = ',', default_value = "500")]
    n: Vec<usize>,
    /// Evaluators trained from this many seeds (the standard one first).
    #[arg(long, default_value_t = 1)]
    evaluator_seeds: usize,
    /// Iterations at which one generator is sampled (untrained is always added); `0` for
    /// no generators.
    #[arg(long, value_delimiter = ',', default_value = "300,1000,2000")]
    iterations: Vec<usize>,
    /// Folder for `report.md` and `values.csv` (default:
    /// docs/science/metric-validation/<set>-<size>).
    #[arg(long)]
    out: Option<std::path::PathBuf>,
    /// The classifier's activations to measure: `penultimate` (the last hidden layer), `trunk`
    /// (each stage averaged over the image) or `both` (default: the space the set's studies are
    /// judged in: trunk for Digits, penultimate for the others).
    #[arg(long)]
    features: Option<String>,
}

/// Checks the options and runs the validation.
pub fn run(args: &ValidateMetricsArgs) -> Result<(), String> {
    let dataset = match args.set.to_ascii_lowercase().as_str() {
        "digits" => BuiltinDataset::Digits,
        "shapes" => BuiltinDataset::Shapes,
        "faces" => BuiltinDataset::Faces,
        other => return Err(format!("--set {other}: choose digits, shapes or faces")),
    };
    let space = match args.features.as_deref() {
        None => judged_in(dataset).0,
        Some("penultimate") => FeatureSpace::Penultimate,
        Some("trunk") => FeatureSpace::Trunk,
        Some("both") => FeatureSpace::Both,
        Some(other) => {
            return Err(format!(
                "--features {other}: choose penultimate, trunk or both"
            ));
        }
    };
    if args.n.iter().any(|&n| n < 20) || args.evaluator_seeds == 0 {
        return Err("--n takes sizes of at least 20 and --evaluator-seeds at least 1".into());
    }
    crate::validate_metrics::run(&ValidationArgs {
        dataset,
        size: args.size,
        ns: args.n.clone(),
        evaluator_seeds: args.evaluator_seeds,
        iterations: args.iterations.iter().copied().filter(|&i| i > 0).collect(),
        out: args
            .out
            .clone()
            .unwrap_or_else(|| default_out(dataset, args.size)),
        space,
    })
}
