//! Frozen networks run over many images in chunks, with one asynchronous read-back per call:
//! features and class probabilities of the evaluators, the discriminator's raw logits, and the
//! generator's samples for a plan of latent vectors.

use burn::tensor::activation::softmax;
use burn::tensor::{Device, Tensor, TensorData};

use super::feature_net::{FeatureNet, FeatureSpace};
use crate::eval::Features;
use crate::train::gan::sampling::SamplePlan;
use crate::train::{GanTrainer, TrainError, labels_tensor, read_floats};

/// Images per forward pass: bounds the activations' memory (about 16 MB for the tiny trunk at
/// 64 px), whatever the number of images evaluated.
pub const CHUNK: usize = 128;

/// `[n, 3, S, S]` images in chunks of [`CHUNK`] along the first axis; a last single image joins
/// the chunk before it, so augmentations that pair images always have a partner.
pub fn chunks(images: &Tensor<4>) -> impl Iterator<Item = Tensor<4>> + '_ {
    let [count, ..] = images.dims();
    let starts: Vec<usize> = (0..count)
        .step_by(CHUNK)
        .filter(|&start| start == 0 || count - start > 1)
        .collect();
    let ends: Vec<usize> = starts.iter().skip(1).copied().chain([count]).collect();
    starts
        .into_iter()
        .zip(ends)
        .map(move |(start, end)| images.clone().narrow(0, start, end - start))
}

/// The pooled features of `images` under `net`.
pub async fn features(net: &FeatureNet, images: &Tensor<4>) -> Result<Features, TrainError> {
    features_in(net, images, FeatureSpace::Penultimate).await
}

/// The features of `images` under `net` in `space`.
pub async fn features_in(
    net: &FeatureNet,
    images: &Tensor<4>,
    space: FeatureSpace,
) -> Result<Features, TrainError> {
    let rows: Vec<Tensor<2>> = chunks(images)
        .map(|chunk| net.features_in(chunk, space))
        .collect();
    let [_, dim] = rows.first().map_or([0, 0], Tensor::dims);
    let values = read_floats(Tensor::cat(rows, 0)).await?;
    Features::new(values, dim).map_err(|error| TrainError::Readback(error.to_string()))
}

/// Softmax probabilities of `images` under `net`, one row per image.
pub async fn probabilities(
    net: &FeatureNet,
    images: &Tensor<4>,
) -> Result<Vec<Vec<f32>>, TrainError> {
    let rows: Vec<Tensor<2>> = chunks(images)
        .map(|chunk| softmax(net.logits(chunk), 1))
        .collect();
    let [_, outputs] = rows.first().map_or([0, 1], Tensor::dims);
    let values = read_floats(Tensor::cat(rows, 0)).await?;
    Ok(values.chunks_exact(outputs).map(<[f32]>::to_vec).collect())
}

/// The discriminator's raw logits of `images` (higher: more like the training data). A
/// class-conditional discriminator scores each image under every class and keeps the highest,
/// its most favourable reading, since an out-of-distribution image has no class.
pub async fn discriminator_scores(
    trainer: &GanTrainer,
    images: &Tensor<4>,
    device: &Device,
) -> Result<Vec<f32>, TrainError> {
    let mut scores = Vec::new();
    for chunk in chunks(images) {
        let [count, ..] = chunk.dims();
        let score = match trainer.config().num_classes {
            None => trainer.score(chunk, None),
            Some(classes) => {
                let per_class: Vec<Tensor<2>> = (0..classes)
                    .map(|class| {
                        let labels = labels_tensor(&vec![class; count], device);
                        trainer
                            .score(chunk.clone(), Some(labels))
                            .reshape([count, 1])
                    })
                    .collect();
                Tensor::cat(per_class, 1).max_dim(1).reshape([count])
            }
        };
        scores.push(score);
    }
    read_floats(Tensor::cat(scores, 0)).await
}

/// The EMA generator's images for `plan`, generated in chunks, `[count, 3, S, S]` on `device`.
pub fn generate(trainer: &GanTrainer, plan: &SamplePlan, device: &Device) -> Tensor<4> {
    let latent_dim = trainer.config().latent_dim;
    let parts: Vec<Tensor<4>> = (0..plan.count)
        .step_by(CHUNK)
        .map(|start| {
            let count = CHUNK.min(plan.count - start);
            let part = SamplePlan {
                latent: plan.latent[start * latent_dim..(start + count) * latent_dim].to_vec(),
                count,
                labels: plan
                    .labels
                    .as_ref()
                    .map(|labels| labels[start..start + count].to_vec()),
                columns: plan.columns,
            };
            trainer.sample_plan(&part, device)
        })
        .collect();
    Tensor::cat(parts, 0)
}

/// Host `[n, 3, S, S]` floats as a tensor on `device`.
pub fn upload(values: Vec<f32>, size: usize, device: &Device) -> Tensor<4> {
    let count = values.len() / (3 * size * size);
    Tensor::from_data(TensorData::new(values, [count, 3, size, size]), device)
}
