//! `nda-lab validate-metrics --set faces --out DIR`: every sample-quality metric measured on known
//! cases in the evaluator's own feature space (issue 28; evaluation reference, "Validate a metric
//! before trusting it"), at each N, for each evaluator seed and both feature scalings, written as
//! `report.md` and `values.csv`. The known cases come from held-out real images
//! ([`nda_core::train::evaluation::validation`]); the generators are one seed of the set's tiny GAN
//! without NDA, sampled untrained and after each of `--iterations`, and then collapsed onto one
//! latent vector.

use std::path::{Path, PathBuf};
use std::time::Instant;

use burn::tensor::Device;
use futures::executor::block_on;
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;

use super::driver::write;
use super::evaluator_cache::seeded_evaluators;
use super::validate_metrics_generators::{first, train_generators};
use nda_core::data::{BuiltinDataset, HeldOut};
use nda_core::train::evaluation::evaluators::EVALUATOR_SEED;
use nda_core::train::evaluation::feature_net::FeatureSpace;
use nda_core::train::evaluation::held_out_images::{HeldOutSource, all_images};
use nda_core::train::evaluation::inference::{features_in, probabilities, upload};
use nda_core::train::evaluation::quality_reference::judged_in;
use nda_core::train::evaluation::sample_quality::{FeatureScaling, QualityReference};
use nda_core::train::evaluation::validation::{
    CaseOutputs, KnownCase, Measured, RealPool, csv, image_cases, markdown, measure, scaling_name,
};
use nda_core::train::evaluation::{EVALUATOR_VERSION, EvaluatorBudget};

/// The seed of the held-out images the known cases are made from (never the reference's).
const POOL_SEED: u64 = 28;

/// What to validate.
#[derive(Debug, Clone)]
pub struct ValidationArgs {
    /// The built-in set.
    pub dataset: BuiltinDataset,
    /// Image side.
    pub size: usize,
    /// Images per side, each validated on its own.
    pub ns: Vec<usize>,
    /// Evaluator seeds (the standard one first).
    pub evaluator_seeds: usize,
    /// Iterations at which the generator is sampled (0, untrained, is always added); empty for
    /// no generators.
    pub iterations: Vec<usize>,
    /// Where the report goes.
    pub out: PathBuf,
    /// Which of the classifier's activations are the features (the studies' is the penultimate
    /// layer; the others are candidates, measured here only).
    pub space: FeatureSpace,
}

/// Runs the validation and writes `report.md` and `values.csv` under `args.out`.
pub fn run(args: &ValidationArgs) -> Result<(), String> {
    let started = Instant::now();
    let device = Device::flex();
    let max_n = args.ns.iter().copied().max().ok_or("--n names no N")?;
    let classes = args.dataset.num_classes();
    let pool = block_on(RealPool::held_out(
        args.dataset,
        args.size,
        max_n * classes,
        POOL_SEED,
        &device,
    ))
    .map_err(|e| e.to_string())?;
    let (generators, collapsed) =
        train_generators(args.dataset, args.size, &args.iterations, max_n)?;
    let mut measured = Vec::new();
    for index in 0..args.evaluator_seeds {
        let seed = EVALUATOR_SEED + index as u64;
        let (evaluators, line) =
            seeded_evaluators(args.dataset, args.size, EvaluatorBudget::STANDARD, seed)?;
        println!("{line}");
        let reference = block_on(reference_features(&evaluators, max_n, args.space, &device))?;
        for &n in &args.ns {
            let mut rng = ChaCha8Rng::seed_from_u64(POOL_SEED + n as u64);
            let mut cases =
                block_on(image_cases(&pool, n, &mut rng, &device)).map_err(|e| e.to_string())?;
            cases.extend(generators.iter().map(|case| first(case, n, args.size)));
            let collapsed = collapsed.as_ref().map(|case| first(case, n, args.size));
            let outputs = |case: &KnownCase| -> Result<CaseOutputs, String> {
                let images = upload(case.images.clone(), args.size, &device);
                Ok(CaseOutputs {
                    features: block_on(features_in(&evaluators.classifier, &images, args.space))
                        .map_err(|e| e.to_string())?,
                    probabilities: block_on(probabilities(&evaluators.classifier, &images))
                        .map_err(|e| e.to_string())?,
                })
            };
            let all_outputs: Vec<CaseOutputs> =
                cases.iter().map(outputs).collect::<Result<_, _>>()?;
            let collapsed_outputs = collapsed.as_ref().map(outputs).transpose()?;
            let real = reference.first_rows(n);
            let widths = evaluators.classifier.block_widths(args.space);
            for scaling in scalings(args.space) {
                // The real side's scaling, computed once for every case.
                let reference = QualityReference::scaled_in_blocks(real.clone(), scaling, &widths)
                    .map_err(|e| e.to_string())?;
                let values = cases
                    .iter()
                    .zip(&all_outputs)
                    .map(|(case, out)| measure(&reference, case, out))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| e.to_string())?;
                let collapsed = match (&collapsed, &collapsed_outputs) {
                    (Some(case), Some(out)) => {
                        Some(measure(&reference, case, out).map_err(|e| e.to_string())?)
                    }
                    _ => None,
                };
                measured.push(Measured {
                    scaling,
                    n,
                    evaluator_seed: seed,
                    cases: values,
                    collapsed,
                });
            }
            println!(
                "evaluator seed {seed}, N = {n}: {} cases measured",
                cases.len()
            );
        }
    }
    let title = format!(
        "Metric validation: {} at {} px (evaluator version {EVALUATOR_VERSION})",
        args.dataset.label(),
        args.size
    );
    let setup = setup_paragraph(args, started.elapsed().as_secs_f64());
    std::fs::create_dir_all(&args.out)
        .map_err(|error| format!("cannot create {}: {error}", args.out.display()))?;
    write(
        &args.out.join("report.md"),
        markdown(&title, &setup, &measured).as_bytes(),
    )?;
    write(&args.out.join("values.csv"), csv(&measured).as_bytes())?;
    println!("report: {}", args.out.join("report.md").display());
    Ok(())
}

/// The scalings measured in `space`: per-block scaling only where the space has several blocks
/// (of the penultimate layer alone it is the isotropic scaling).
fn scalings(space: FeatureSpace) -> Vec<FeatureScaling> {
    let mut scalings = vec![
        FeatureScaling::Isotropic,
        FeatureScaling::PerDimension,
        FeatureScaling::Pooled,
    ];
    if space != FeatureSpace::Penultimate {
        scalings.push(FeatureScaling::PerBlock);
    }
    scalings
}

/// The `--features` value of `space`.
fn space_name(space: FeatureSpace) -> &'static str {
    match space {
        FeatureSpace::Penultimate => "penultimate",
        FeatureSpace::Trunk => "trunk",
        FeatureSpace::Both => "both",
    }
}

/// What `space` is, and whether `dataset`'s studies are judged in it.
fn space_words(dataset: BuiltinDataset, space: FeatureSpace) -> String {
    let what = match space {
        FeatureSpace::Penultimate => "its penultimate layer",
        FeatureSpace::Trunk => "each convolution stage's activations averaged over the image",
        FeatureSpace::Both => {
            "the penultimate layer and each convolution stage's activations averaged over the \
             image"
        }
    };
    let (studies, scaling) = judged_in(dataset);
    if studies == space {
        format!(
            "{what}: the space this set's studies are judged in (evaluator version \
             {EVALUATOR_VERSION}, {} scaling)",
            scaling_name(scaling)
        )
    } else {
        format!("{what}: a candidate, not the space this set's studies are judged in")
    }
}

/// How the report was made, for its first paragraph.
fn setup_paragraph(args: &ValidationArgs, seconds: f64) -> String {
    let ns: Vec<String> = args.ns.iter().map(usize::to_string).collect();
    let generators = if args.iterations.is_empty() {
        "No generators were trained for this report.".to_string()
    } else {
        let list: Vec<String> = args.iterations.iter().map(usize::to_string).collect();
        format!(
            "Generators: the tiny GAN without NDA (α = 1, β = 0), seed 1, batch 64, on 2,000 \
             images of the set, sampled untrained and after {} iterations with the run seed's \
             evaluation noise; the collapsed generator is the last of them with one latent \
             vector for every sample.",
            list.join(", ")
        )
    };
    format!(
        "Made by `nda-lab validate-metrics --set {} --size {} --n {} --evaluator-seeds {} \
         --iterations {} --features {}` in {seconds:.0} s. The reference is the studies' own: held-out \
         reference images of the set, in the label classifier's features ({}). Every known case is \
         made from other held-out images (seed {POOL_SEED}), never seen by an evaluator or a run. \
         Evaluator seeds {}–{}: the first is the one every run is judged by. The feature \
         scalings measured: isotropic (one scale for all dimensions, evaluator version 2), \
         per-dimension (version 1's, kept only for this comparison){} pooled (each dimension \
         by its spread over the real and judged features together). {generators}",
        args.dataset.label().to_lowercase(),
        args.size,
        ns.join(","),
        args.evaluator_seeds,
        if args.iterations.is_empty() {
            "0".to_string()
        } else {
            args.iterations
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(",")
        },
        space_name(args.space),
        space_words(args.dataset, args.space),
        EVALUATOR_SEED,
        EVALUATOR_SEED + args.evaluator_seeds as u64 - 1,
        if args.space == FeatureSpace::Penultimate {
            " and"
        } else {
            ", per-block (one scale for each convolution stage's block, and for the penultimate \
             layer's) and"
        },
    )
}

/// Raw features of the studies' reference images.
async fn reference_features(
    evaluators: &nda_core::train::evaluation::Evaluators,
    count: usize,
    space: FeatureSpace,
    device: &Device,
) -> Result<nda_core::eval::Features, String> {
    let source = HeldOutSource {
        dataset: evaluators.dataset,
        size: evaluators.size,
        purpose: HeldOut::Reference,
        seed: EVALUATOR_SEED,
    };
    let images = all_images(&source.images(0, count).map_err(|e| e.to_string())?, device);
    features_in(&evaluators.classifier, &images, space)
        .await
        .map_err(|e| e.to_string())
}

/// The default output folder of a set and side.
pub fn default_out(dataset: BuiltinDataset, size: usize) -> PathBuf {
    Path::new("docs/science/metric-validation")
        .join(format!("{}-{size}", dataset.label().to_lowercase()))
}
