//! A video run's weights on the host, named by module path (`encoder.…`, as burn names them), and
//! the tensors that let another implementation check its forward pass: a few clips with the
//! frozen encoder's clip features, one-frame features, predictions, targets and predictive
//! scores of them (`python/check_video.py` recomputes each from the weights).

use burn::module::Module;
use burn::tensor::{Device, Tensor};

use super::clip_batch::clip_batch;
use super::trainer::VideoTrainer;
use crate::data::video::ClipSet;
use crate::train::TrainError;
use crate::train::gan::stats::read_floats;
use crate::train::host_weights::{HostWeights, NamedTensor};
use crate::train::module_weights::{load_module, read_module};
use crate::train::video::config::VideoConfig;

const ENCODER: &str = "encoder";

/// Reads every weight of `trainer` without blocking.
pub async fn read_video_weights(trainer: &VideoTrainer) -> Result<HostWeights, TrainError> {
    Ok(HostWeights {
        tensors: read_module(ENCODER, &trainer.encoder).await?,
        iteration: trainer.step,
    })
}

/// A trainer of `config` on the autodiff `device` holding `weights`, at their step, with a fresh
/// optimiser.
pub fn restore_video(
    weights: &HostWeights,
    config: &VideoConfig,
    device: &Device,
) -> Result<VideoTrainer, TrainError> {
    let mut restored = VideoTrainer::new(config.clone(), device)?;
    restored.encoder = load_module(ENCODER, restored.encoder, &weights.by_name())?;
    restored.step = weights.iteration;
    Ok(restored)
}

/// The frozen encoder's outputs on the clips of `clips` at `indices`, as named host tensors:
/// `clips` (its input, `[n, 3T, S, S]`), `clip_features`, `still_features`, `predictions` and
/// `targets` (rows: clip, future block, location) and `scores`.
pub async fn check_tensors(
    trainer: &VideoTrainer,
    clips: &ClipSet,
    indices: &[usize],
    device: &Device,
) -> Result<Vec<NamedTensor>, TrainError> {
    let input = clip_batch(clips, indices, device).without_autodiff();
    let encoder = trainer.encoder.valid();
    let maps = encoder.block_maps(input.clone());
    let [count, _, dim, _, _] = maps.dims();
    let (predictions, targets) = encoder.predictions_and_targets(maps);
    let named: Vec<(&str, Vec<usize>, Tensor<1>)> = vec![
        ("clips", input.dims().to_vec(), flat(input.clone())),
        (
            "clip_features",
            vec![count, dim],
            flat(trainer.clip_features(input.clone())),
        ),
        (
            "still_features",
            vec![count, dim],
            flat(trainer.still_features(input.clone())),
        ),
        (
            "predictions",
            predictions.dims().to_vec(),
            flat(predictions),
        ),
        ("targets", targets.dims().to_vec(), flat(targets)),
        ("scores", vec![count], trainer.predictive_scores(input)),
    ];
    let mut tensors = Vec::new();
    for (name, shape, values) in named {
        tensors.push(NamedTensor {
            name: name.to_string(),
            shape,
            values: read_floats(values).await?,
        });
    }
    Ok(tensors)
}

fn flat<const D: usize>(tensor: Tensor<D>) -> Tensor<1> {
    let count = tensor.dims().iter().product::<usize>();
    tensor.reshape([count])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::video::{ClipSpec, generate_clips};

    #[test]
    fn weights_restore_the_same_encoder_and_the_check_names_every_output() {
        let device = Device::flex().autodiff();
        let clips = generate_clips(&ClipSpec {
            count: 8,
            ..ClipSpec::default()
        })
        .expect("clips");
        let config = VideoConfig {
            batch_size: 4,
            ..VideoConfig::default()
        };
        let mut trainer = VideoTrainer::new(config.clone(), &device).expect("trainer");
        trainer.step(&clips, &[0, 1, 2, 3], &device).expect("step");
        let weights = futures::executor::block_on(read_video_weights(&trainer)).expect("read");
        assert_eq!(weights.iteration, 1);
        assert!(
            weights
                .tensors
                .iter()
                .all(|t| t.name.starts_with("encoder."))
        );
        let restored = restore_video(&weights, &config, &device).expect("restored");
        let batch = clip_batch(&clips, &[4, 5], &device);
        let features = |trainer: &VideoTrainer| {
            futures::executor::block_on(read_floats(trainer.clip_features(batch.clone())))
                .expect("read")
        };
        assert_eq!(features(&trainer), features(&restored));
        let check = futures::executor::block_on(check_tensors(&trainer, &clips, &[6, 7], &device))
            .expect("check");
        let names: Vec<&str> = check.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "clips",
                "clip_features",
                "still_features",
                "predictions",
                "targets",
                "scores"
            ]
        );
        assert_eq!(check[3].shape, vec![2 * 2 * 64, 64]);
    }
}
