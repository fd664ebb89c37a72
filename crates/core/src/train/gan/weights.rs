//! A host copy of a GAN trainer's weights: the generator (`generator.…`), the discriminator
//! (`discriminator.…`) and the EMA generator (`ema_generator.…`), including the spectral-norm `u`
//! vectors and batch-norm statistics; Adam's moments are not copied (they restart).

use burn::tensor::Device;

use crate::train::TrainError;
use crate::train::gan::GanTrainer;
use crate::train::host_weights::HostWeights;
use crate::train::module_weights::{load_module, read_module};

/// The three models of a trainer are named by these prefixes.
const GENERATOR: &str = "generator";
const DISCRIMINATOR: &str = "discriminator";
const EMA_GENERATOR: &str = "ema_generator";

/// Reads every weight of `trainer` without blocking.
pub async fn read_gan_weights(trainer: &GanTrainer) -> Result<HostWeights, TrainError> {
    let mut tensors = read_module(GENERATOR, &trainer.generator).await?;
    tensors.extend(read_module(DISCRIMINATOR, &trainer.discriminator).await?);
    tensors.extend(read_module(EMA_GENERATOR, &trainer.ema.model).await?);
    Ok(HostWeights {
        tensors,
        iteration: trainer.iteration,
    })
}

/// A trainer of `trainer`'s settings on `device` (autodiff) holding `weights`, at their
/// iteration, with fresh optimiser state. Every model tensor must be in the copy, with
/// its shape.
pub fn restore_gan(
    weights: &HostWeights,
    trainer: &GanTrainer,
    device: &Device,
) -> Result<GanTrainer, TrainError> {
    let mut restored = GanTrainer::new(trainer.config().clone(), device)?;
    let by_name = weights.by_name();
    restored.generator = load_module(GENERATOR, restored.generator, &by_name)?;
    restored.discriminator = load_module(DISCRIMINATOR, restored.discriminator, &by_name)?;
    restored.ema.model = load_module(EMA_GENERATOR, restored.ema.model, &by_name)?;
    restored.iteration = weights.iteration;
    Ok(restored)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ModelPreset;
    use crate::train::{EmaConfig, GanConfig, RealBatch};
    use burn::tensor::{Distribution, Tensor};
    use futures::executor::block_on;

    fn tiny() -> GanConfig {
        GanConfig {
            preset: ModelPreset::Tiny,
            latent_dim: 8,
            batch_size: 4,
            n_dis: 1,
            ema: EmaConfig::scaled_for_run(10),
            ..GanConfig::default()
        }
    }

    #[test]
    fn a_copy_restored_on_another_device_draws_the_same_samples_and_keeps_training() {
        let device = Device::flex().autodiff();
        let mut trainer = GanTrainer::new(tiny(), &device).expect("valid");
        let batch = RealBatch {
            images: Tensor::random([4, 3, 32, 32], Distribution::Uniform(-1.0, 1.0), &device),
            labels: None,
        };
        trainer.iteration(vec![batch.clone()]).expect("iteration");
        let copy = block_on(read_gan_weights(&trainer)).expect("read");
        assert_eq!(copy.iteration, 1);
        let names: std::collections::HashSet<&str> = copy
            .tensors
            .iter()
            .map(|tensor| tensor.name.as_str())
            .collect();
        assert_eq!(names.len(), copy.tensors.len(), "names are unique");
        assert!(
            names.contains("generator.blocks.0.conv.weight"),
            "{names:?}"
        );
        assert!(names.contains("ema_generator.to_rgb.bias"), "{names:?}");
        let other_device = Device::flex().autodiff();
        let mut restored = restore_gan(&copy, &trainer, &other_device).expect("restore");
        let z = trainer.latent(3);
        let samples = |trainer: &GanTrainer| {
            trainer
                .sample(z.clone(), None)
                .into_data()
                .try_to_vec::<f32>()
                .expect("f32")
        };
        assert_eq!(samples(&trainer), samples(&restored));
        let fresh = GanTrainer::new(tiny(), &other_device).expect("fresh");
        assert_ne!(samples(&fresh), samples(&restored));
        restored.iteration(vec![batch]).expect("iteration");
        assert_ne!(samples(&trainer), samples(&restored));
    }

    #[test]
    fn safetensors_round_trip_and_misfits_are_refused() {
        let device = Device::flex().autodiff();
        let trainer = GanTrainer::new(tiny(), &device).expect("valid");
        let copy = block_on(read_gan_weights(&trainer)).expect("read");
        let bytes = copy.to_safetensors().expect("serialise");
        let back = HostWeights::from_safetensors(&bytes).expect("parse");
        assert_eq!(back.iteration, copy.iteration);
        let sorted = |weights: &HostWeights| {
            let mut tensors = weights.tensors.clone();
            tensors.sort_by(|a, b| a.name.cmp(&b.name));
            tensors
        };
        assert_eq!(sorted(&back), sorted(&copy));
        assert!(HostWeights::from_safetensors(b"not a file").is_err());
        let small = GanConfig {
            preset: ModelPreset::Small,
            ..tiny()
        };
        let wider = GanTrainer::new(small, &device).expect("small");
        let error = restore_gan(&copy, &wider, &device)
            .err()
            .expect("misfit")
            .to_string();
        assert!(
            error.contains("the weights do not fit the model"),
            "{error}"
        );
    }
}
