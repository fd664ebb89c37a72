//! Tests of the NDA-GAN trainer: the NDA term never reaches G, runs are reproducible, and a short
//! run on the built-in faces stays finite and learns to rank real images above negatives.

use burn::optim::GradientsParams;
use burn::tensor::{Device, Distribution, Tensor};
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rand::seq::SliceRandom;

use crate::augment::{Augment, NegativeAugmentation};
use crate::data::{BuiltinDataset, BuiltinSpec, ImageBatch, ImageSet, generate};
use crate::model::ModelPreset;
use crate::train::gan::loss::hinge_fake;
use crate::train::*;

fn tiny_config(batch_size: usize, n_dis: usize, seed: u64) -> GanConfig {
    GanConfig {
        preset: ModelPreset::Tiny,
        latent_dim: 32,
        batch_size,
        n_dis,
        ema: EmaConfig::scaled_for_run(30),
        seed,
        ..GanConfig::default()
    }
}

fn random_batches(count: usize, batch: usize, device: &Device) -> Vec<RealBatch> {
    (0..count)
        .map(|_| RealBatch {
            images: Tensor::random([batch, 3, 32, 32], Distribution::Uniform(-1.0, 1.0), device),
            labels: None,
        })
        .collect()
}

fn read(tensor: Tensor<1>) -> f32 {
    tensor.into_scalar::<f32>()
}

#[test]
fn the_nda_term_sends_no_gradient_to_the_generator() {
    let device = Device::flex().autodiff();
    let mut trainer = GanTrainer::new(tiny_config(4, 1, 1), &device).expect("valid");
    let real = Tensor::<4>::random([4, 3, 32, 32], Distribution::Default, &device);
    let negative = NegativeAugmentation::default()
        .apply(real, &mut trainer.augment_rng)
        .expect("jigsaw")
        .detach();
    let term = hinge_fake(trainer.discriminator.forward(negative, None)).mul_scalar(0.75);
    let grads = term.backward();
    assert!(GradientsParams::from_grads(grads, &trainer.generator).is_empty());
    // For contrast, the generated-fake term does reach G during a generator step.
    let z = trainer.latent(4);
    let fake = trainer.generator.forward(z, None);
    let grads = hinge_fake(trainer.discriminator.forward(fake, None)).backward();
    assert!(!GradientsParams::from_grads(grads, &trainer.generator).is_empty());
}

#[test]
fn each_step_moves_only_its_own_network() {
    let device = Device::flex().autodiff();
    let mut trainer = GanTrainer::new(tiny_config(4, 1, 4), &device).expect("valid");
    let g_weights = |trainer: &GanTrainer| {
        let weight = trainer.generator.input.weight.val();
        weight.into_data().try_to_vec::<f32>().expect("f32")
    };
    let d_weights = |trainer: &GanTrainer| {
        let weight = trainer.discriminator.head.weight.val();
        weight.into_data().try_to_vec::<f32>().expect("f32")
    };
    let (g0, d0) = (g_weights(&trainer), d_weights(&trainer));
    let batch = random_batches(1, 4, &device).remove(0);
    trainer.discriminator_step(batch).expect("D step");
    let (g1, d1) = (g_weights(&trainer), d_weights(&trainer));
    assert_eq!(g0, g1);
    assert_ne!(d0, d1);
    trainer.generator_step(4);
    assert_ne!(g1, g_weights(&trainer));
    assert_eq!(d1, d_weights(&trainer));
}

#[test]
fn same_seed_gives_the_same_losses() {
    let device = Device::flex().autodiff();
    let run = |seed: u64| {
        let mut trainer = GanTrainer::new(tiny_config(4, 2, seed), &device).expect("valid");
        let mut data_rng = ChaCha8Rng::seed_from_u64(11);
        let data = (0..6)
            .map(|_| crate::model::init::normal_values(4 * 3 * 32 * 32, 0.5, &mut data_rng))
            .collect::<Vec<_>>();
        let mut losses = Vec::new();
        for pair in data.chunks(2) {
            let batches = pair
                .iter()
                .map(|values| RealBatch {
                    images: Tensor::from_data(
                        burn::tensor::TensorData::new(values.clone(), [4, 3, 32, 32]),
                        &device,
                    ),
                    labels: None,
                })
                .collect();
            let stats = trainer.iteration(batches).expect("iteration");
            losses.extend(stats.named().into_iter().map(|(_, value)| read(value)));
        }
        losses
    };
    let first = run(5);
    assert_eq!(first, run(5));
    assert_ne!(first, run(6));
}

#[test]
fn conditional_runs_need_labels_and_iterations_need_n_dis_batches() {
    let device = Device::flex().autodiff();
    let config = GanConfig {
        num_classes: Some(3),
        ..tiny_config(4, 1, 1)
    };
    assert!(matches!(
        GanTrainer::new(config.clone(), &Device::flex()),
        Err(TrainError::NeedsAutodiff)
    ));
    let mut trainer = GanTrainer::new(config, &device).expect("valid");
    let batches = random_batches(1, 4, &device);
    assert!(matches!(
        trainer.iteration(batches.clone()),
        Err(TrainError::Labels(_))
    ));
    let labelled = batches
        .into_iter()
        .map(|batch| RealBatch {
            labels: Some(labels_tensor(&[0, 1, 2, 0], &device)),
            ..batch
        })
        .collect();
    let stats = trainer.iteration(labelled).expect("labelled");
    let values: Vec<_> = stats
        .named()
        .into_iter()
        .map(|(n, v)| (n, read(v)))
        .collect();
    assert!(check_finite(&values).is_ok());
    assert!(matches!(
        trainer.iteration(random_batches(2, 4, &device)),
        Err(TrainError::WrongBatchCount {
            expected: 1,
            actual: 2
        })
    ));
    let z = trainer.latent(2);
    let samples = trainer.sample(z, Some(labels_tensor(&[1, 2], &Device::flex())));
    assert_eq!(samples.dims(), [2, 3, 32, 32]);
    assert!(!samples.is_autodiff());
}

/// `n_dis` random batches of `batch` faces, drawn with the data RNG.
fn face_batches(
    set: &ImageSet,
    config: &GanConfig,
    rng: &mut ChaCha8Rng,
    device: &Device,
) -> Vec<RealBatch> {
    let mut order: Vec<usize> = (0..set.len()).collect();
    order.shuffle(rng);
    order
        .chunks(config.batch_size)
        .take(config.n_dis)
        .map(|indices| RealBatch {
            images: set.batch(indices, device),
            labels: None,
        })
        .collect()
}

#[test]
fn a_short_run_on_faces_is_finite_and_ranks_real_above_negatives() {
    let device = Device::flex().autodiff();
    let spec = BuiltinSpec {
        dataset: BuiltinDataset::Faces,
        size: 32,
        count: 64,
        seed: 1,
    };
    let set = generate(&spec).expect("faces");
    let config = tiny_config(8, 4, 2);
    let mut trainer = GanTrainer::new(config.clone(), &device).expect("valid");
    let mut data_rng = ChaCha8Rng::seed_from_u64(3);
    let mut last = None;
    for _ in 0..30 {
        let batches = face_batches(&set, &config, &mut data_rng, &device);
        let stats = trainer.iteration(batches).expect("iteration");
        let values: Vec<_> = stats
            .named()
            .into_iter()
            .map(|(n, v)| (n, read(v)))
            .collect();
        check_finite(&values).expect("finite");
        last = Some(values);
    }
    let values = last.expect("30 iterations");
    let value = |name| values.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
    let (real, negative) = (value("d_real"), value("d_negative"));
    assert!(
        real > negative,
        "D(real) {real:?} vs D(negative) {negative:?}"
    );
    assert_eq!(trainer.iteration, 30);
}
