//! Tests of a GAN run as the worker drives it: teaching steps count exactly, reports are finite,
//! an NDA run and its baseline start from the same weights, and bad datasets explain themselves.

use burn::tensor::Device;
use futures::executor::block_on;

use crate::data::{BuiltinDataset, BuiltinSpec, ImageSet, generate};
use crate::model::ModelPreset;
use crate::train::*;

fn tiny(seed: u64) -> GanConfig {
    GanConfig {
        preset: ModelPreset::Tiny,
        latent_dim: 16,
        batch_size: 8,
        n_dis: 2,
        ema: EmaConfig::scaled_for_run(20),
        seed,
        ..GanConfig::default()
    }
}

fn faces(count: usize) -> ImageSet {
    generate(&BuiltinSpec {
        dataset: BuiltinDataset::Faces,
        size: 32,
        count,
        seed: 1,
    })
    .expect("faces")
}

#[test]
fn teaching_steps_advance_exactly_one_update_each() {
    let device = Device::flex().autodiff();
    let mut run = GanRun::new(tiny(1), &faces(32), &device).expect("valid");
    assert_eq!(block_on(run.read_point()).expect("no error"), None);
    run.discriminator_step().expect("D");
    assert_eq!(
        run.counters(),
        StepCounters {
            iterations: 0,
            discriminator_steps: 1
        }
    );
    run.generator_step();
    assert_eq!(
        run.counters(),
        StepCounters {
            iterations: 1,
            discriminator_steps: 1
        }
    );
    // A full iteration after one D step adds the missing D steps: n_dis = 2.
    run.discriminator_step().expect("D");
    run.iteration().expect("iteration");
    assert_eq!(
        run.counters(),
        StepCounters {
            iterations: 2,
            discriminator_steps: 3
        }
    );
    run.iteration().expect("iteration");
    assert_eq!(
        run.counters(),
        StepCounters {
            iterations: 3,
            discriminator_steps: 5
        }
    );
    let point = block_on(run.read_point())
        .expect("finite")
        .expect("a point");
    assert_eq!((point.iteration, point.discriminator_steps), (3, 5));
    assert!(point.g_loss.is_some() && point.d_negative.is_some());
    let histogram = block_on(run.read_histogram()).expect("read").expect("some");
    assert_eq!(histogram.real.iter().sum::<u32>(), 8);
    assert_eq!(histogram.negative.iter().sum::<u32>(), 8);
}

#[test]
fn nda_and_baseline_runs_of_one_seed_start_from_the_same_generator() {
    let device = Device::flex().autodiff();
    let set = faces(32);
    let nda = GanRun::new(tiny(5), &set, &device).expect("nda");
    let mut baseline = GanRun::new(tiny(5).baseline(), &set, &device).expect("baseline");
    let nda_grid = block_on(nda.read_fixed_grid()).expect("grid");
    assert_eq!(
        nda_grid,
        block_on(baseline.read_fixed_grid()).expect("grid")
    );
    assert_eq!(nda_grid.width, 8 * 32 + 7, "an 8 x 8 grid with 1 px gaps");
    baseline.iteration().expect("iteration");
    assert_ne!(
        nda_grid,
        block_on(baseline.read_fixed_grid()).expect("grid")
    );
    let point = block_on(baseline.read_point())
        .expect("finite")
        .expect("point");
    assert_eq!((point.d_loss_negative, point.d_negative), (0.0, None));
}

#[test]
fn two_runs_with_one_seed_report_identical_numbers() {
    let device = Device::flex().autodiff();
    let set = faces(32);
    let points = || {
        let mut run = GanRun::new(tiny(9), &set, &device).expect("valid");
        (0..3)
            .map(|_| {
                run.iteration().expect("iteration");
                block_on(run.read_point()).expect("finite").expect("point")
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(points(), points());
}

#[test]
fn datasets_that_do_not_fit_the_model_say_why() {
    let device = Device::flex().autodiff();
    let small = faces(4);
    let error = GanRun::new(tiny(1), &small, &device)
        .err()
        .expect("too few");
    assert!(
        error.to_string().contains("fewer than one batch of 8"),
        "{error}"
    );
    let wrong_size = GanConfig {
        image_size: 64,
        ..tiny(1)
    };
    let error = check_dataset(&wrong_size, &faces(32)).expect_err("size");
    assert!(
        error
            .to_string()
            .contains("32x32 images but the model is set to 64x64")
    );
    let conditional = GanConfig {
        num_classes: Some(7),
        ..tiny(1)
    };
    let set = faces(32);
    let error = check_dataset(&conditional, &set).expect_err("classes");
    assert!(error.to_string().contains("7 classes"), "{error}");
    let matching = GanConfig {
        num_classes: Some(set.num_classes()),
        ..tiny(1)
    };
    let mut run = GanRun::new(matching, &set, &device).expect("conditional");
    run.iteration().expect("labels reach D");
    let per_class = plan_samples(
        SampleRequest::PerClass {
            seed: 1,
            columns: 3,
        },
        16,
        Some(set.num_classes()),
    )
    .expect("plan");
    let grid = block_on(run.read_grid(&per_class)).expect("grid");
    assert_eq!(grid.height, set.num_classes() * 33 - 1);
}
