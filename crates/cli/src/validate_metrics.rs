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

use super::driver::{progress_bar, write};
use super::evaluator_cache::seeded_evaluators;
use nda_core::data::{BuiltinDataset, BuiltinSpec, HeldOut, generate};
use nda_core::model::ModelPreset;
use nda_core::train::evaluation::evaluators::EVALUATOR_SEED;
use nda_core::train::evaluation::feature_net::FeatureSpace;
use nda_core::train::evaluation::held_out_images::{HeldOutSource, all_images};
use nda_core::train::evaluation::inference::{features_in, probabilities, upload};
use nda_core::train::evaluation::sample_quality::{FeatureScaling, QualityReference};
use nda_core::train::evaluation::validation::{
    CaseOutputs, Family, KnownCase, Measured, RealPool, csv, generator_samples, image_cases,
    markdown, measure,
};
use nda_core::train::evaluation::{EVALUATOR_VERSION, EvaluatorBudget};
use nda_core::train::{EmaConfig, GanConfig, GanRun};

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
    let (generators, collapsed) = train_generators(args, max_n)?;
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
            for scaling in [FeatureScaling::Isotropic, FeatureScaling::PerDimension] {
                // The real side's scaling, computed once for every case.
                let reference =
                    QualityReference::scaled(real.clone(), scaling).map_err(|e| e.to_string())?;
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
         --iterations {}{}` in {seconds:.0} s. The reference is the studies' own: held-out \
         reference images of the set, in the label classifier's features ({}). Every known case is \
         made from other held-out images (seed {POOL_SEED}), never seen by an evaluator or a run. \
         Evaluator seeds {}–{}: the first is the one every run is judged by. Two feature \
         scalings are measured: isotropic (one scale for all dimensions, evaluator version 2) \
         and per-dimension (version 1's, kept only for this comparison). {generators}",
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
        match args.space {
            FeatureSpace::Penultimate => "",
            FeatureSpace::Trunk => " --features trunk",
            FeatureSpace::Both => " --features both",
        },
        match args.space {
            FeatureSpace::Penultimate => "its penultimate layer, the studies' feature space",
            FeatureSpace::Trunk => {
                "a candidate, not the studies': each convolution stage's activations averaged \
                 over the image"
            }
            FeatureSpace::Both => {
                "a candidate, not the studies': the penultimate layer and each convolution \
                 stage's activations averaged over the image"
            }
        },
        EVALUATOR_SEED,
        EVALUATOR_SEED + args.evaluator_seeds as u64 - 1,
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

/// The first `n` images of `case`.
fn first(case: &KnownCase, n: usize, size: usize) -> KnownCase {
    KnownCase {
        images: case.images[..n * 3 * size * size].to_vec(),
        ..case.clone()
    }
}

/// Trains the generator once, sampling `n` images untrained and at each of `args.iterations`;
/// then the collapsed case from the last one.
fn train_generators(
    args: &ValidationArgs,
    n: usize,
) -> Result<(Vec<KnownCase>, Option<KnownCase>), String> {
    if args.iterations.is_empty() {
        return Ok((Vec::new(), None));
    }
    let last = args.iterations.iter().copied().max().unwrap_or(0);
    let config = GanConfig {
        preset: ModelPreset::Tiny,
        batch_size: 64,
        seed: 1,
        ema: EmaConfig::scaled_for_run(last),
        ..GanConfig::default()
    }
    .baseline();
    let set = generate(&BuiltinSpec {
        dataset: args.dataset,
        size: args.size,
        count: 2_000,
        seed: 1,
    })
    .map_err(|e| e.to_string())?;
    let device = Device::flex().autodiff();
    let mut run = GanRun::new(config, &set, &device).map_err(|e| e.to_string())?;
    let sample_device = Device::flex();
    let sample = |run: &GanRun, collapse: bool| -> Result<Vec<f32>, String> {
        block_on(generator_samples(
            run.trainer(),
            n,
            collapse,
            &sample_device,
        ))
        .map_err(|e| e.to_string())
    };
    let case = |label: String, quality: f64, images| KnownCase {
        family: Family::Generators,
        label,
        quality,
        images,
    };
    let mut cases = vec![case("untrained".into(), 0.0, sample(&run, false)?)];
    let progress = progress_bar(last, 0, "generator iterations")?;
    for iteration in 1..=last {
        run.iteration().map_err(|e| e.to_string())?;
        progress.inc(1);
        if args.iterations.contains(&iteration) {
            cases.push(case(
                format!("{iteration} iterations"),
                iteration as f64,
                sample(&run, false)?,
            ));
        }
    }
    progress.finish_and_clear();
    let collapsed = KnownCase {
        family: Family::Generators,
        label: format!("{last} iterations, collapsed"),
        quality: f64::NAN,
        images: sample(&run, true)?,
    };
    Ok((cases, Some(collapsed)))
}

/// The default output folder of a set and side.
pub fn default_out(dataset: BuiltinDataset, size: usize) -> PathBuf {
    Path::new("docs/science/metric-validation")
        .join(format!("{}-{size}", dataset.label().to_lowercase()))
}
