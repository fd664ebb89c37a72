//! How a person reads a contrastive run (Sinha et al., ICLR 2021, Sec. 5 evaluate MoCo + NDA by
//! linear-probe accuracy): with the query encoder frozen, its pooled features of held-out images
//! give
//!
//! - k-NN accuracy (weighted, k = 20, cosine; the bank is the training images) and linear-probe
//!   accuracy (trained on the bank's features), when every image has a label;
//! - a 2-D PCA map of the held-out features and each held-out image's 8 nearest neighbours;
//! - a histogram of the embedding similarity of each image to its positive views and to its NDA
//!   views: NDA training should push the second to the left.
//!
//! The split is stratified and seeded (the NDA run and its baseline use the same one); the bank
//! and the held-out images are capped so an evaluation takes seconds in the browser.

use burn::tensor::{Device, Tensor};

use crate::augment::Augment;
use crate::data::{ImageBatch, ImageSet, evenly_spaced};
use crate::eval::{
    Features, SimilarityHistogram, all_nearest_neighbours, pca_2d, probe_accuracies,
};
use crate::seeding::{RngStream, stream_rng};
use crate::train::contrastive::ContrastiveTrainer;
use crate::train::contrastive::metrics::{Evaluation, NUM_NEIGHBOURS, SIMILARITY_BINS};
use crate::train::draws::pick_by_weight;
use crate::train::gan::stats::read_floats;
use crate::train::{TrainError, all_finite};

/// Fraction of each class held out for evaluation.
pub const HELD_OUT_FRACTION: f32 = 0.2;
/// Most training images whose features form the k-NN bank and the probe's training set.
pub const MAX_BANK_IMAGES: usize = 1024;
/// Most held-out images evaluated (and drawn on the map).
pub const MAX_HELD_OUT_IMAGES: usize = 256;
/// Held-out images whose view similarities make the histogram.
const SIMILARITY_IMAGES: usize = 64;
/// Images per encoder pass when extracting features.
const FEATURE_CHUNK: usize = 128;

/// The images a run is evaluated on.
#[derive(Debug, Clone)]
pub struct EvaluationSet {
    /// Training images whose features are the k-NN bank and the probe's training set.
    pub bank: ImageSet,
    /// Held-out images: queries, map points and retrieval.
    pub held_out: ImageSet,
    /// Why there is no accuracy (no labels, one class), or `None` when there is.
    pub accuracy_unavailable_because: Option<String>,
}

/// Splits `set` into the images to train on and the [`EvaluationSet`], from `seed`.
pub fn split_for_evaluation(
    set: &ImageSet,
    seed: u64,
) -> Result<(ImageSet, EvaluationSet), TrainError> {
    let (training, held_out) = set
        .split(HELD_OUT_FRACTION, seed)
        .map_err(|error| TrainError::Dataset(error.to_string()))?;
    let bank = training.subset(&evenly_spaced(training.len(), MAX_BANK_IMAGES));
    let held_out = held_out.subset(&evenly_spaced(held_out.len(), MAX_HELD_OUT_IMAGES));
    let accuracy_unavailable_because = if !set.is_fully_labelled() {
        Some(format!(
            "{} of the {} images have no label, so there is no accuracy to measure: the encoder \
             still trains; upload a zip with one folder per class to see accuracy",
            set.num_unlabelled(),
            set.len()
        ))
    } else if set.num_classes() < 2 {
        Some("accuracy needs at least 2 classes, and the images have 1".to_string())
    } else if held_out.is_empty() {
        Some("too few images to hold any out for measuring accuracy".to_string())
    } else {
        None
    };
    let evaluation = EvaluationSet {
        bank,
        held_out,
        accuracy_unavailable_because,
    };
    Ok((training, evaluation))
}

impl EvaluationSet {
    /// Evaluates `trainer`'s frozen query encoder after `step` steps.
    pub async fn evaluate(
        &self,
        trainer: &ContrastiveTrainer,
        step: usize,
        device: &Device,
    ) -> Result<Evaluation, TrainError> {
        let held_out = features_of(trainer, &self.held_out, device).await?;
        let (knn_accuracy, linear_accuracy) = match &self.accuracy_unavailable_because {
            None => {
                let bank = features_of(trainer, &self.bank, device).await?;
                self.accuracies(&bank, &held_out)?
            }
            Some(_) => (None, None),
        };
        let normalised = held_out.l2_normalised();
        let map = pca_2d(&normalised).map_err(TrainError::evaluation)?;
        let neighbours = all_nearest_neighbours(&normalised, NUM_NEIGHBOURS);
        let similarity = self.similarity_histogram(trainer, device).await?;
        Ok(Evaluation {
            step,
            knn_accuracy,
            linear_accuracy,
            map,
            neighbours,
            similarity,
        })
    }

    fn accuracies(
        &self,
        bank: &Features,
        held_out: &Features,
    ) -> Result<(Option<f64>, Option<f64>), TrainError> {
        let bank_labels = labels_of(&self.bank);
        let held_out_labels = labels_of(&self.held_out);
        let classes = self.bank.num_classes();
        let (knn, linear) =
            probe_accuracies(bank, &bank_labels, held_out, &held_out_labels, classes)
                .map_err(TrainError::evaluation)?;
        Ok((Some(knn), Some(linear)))
    }

    /// Cosine similarity of the first held-out images' embeddings to one positive view and to
    /// one NDA view each. The views come from a fixed stream, so every evaluation of a run (and
    /// of its baseline) compares the same views.
    async fn similarity_histogram(
        &self,
        trainer: &ContrastiveTrainer,
        device: &Device,
    ) -> Result<Option<SimilarityHistogram>, TrainError> {
        let count = self.held_out.len().min(SIMILARITY_IMAGES);
        let config = trainer.config();
        if count < 2 || !config.negatives.iter().any(|(_, weight)| *weight > 0.0) {
            return Ok(None);
        }
        let indices: Vec<usize> = (0..count).collect();
        let images = self.held_out.batch(&indices, device);
        let mut rng = stream_rng(config.seed, RngStream::FixedNoise);
        let positive = config.positive.apply(images.clone(), &mut rng)?;
        let augmentation = pick_by_weight(&config.negatives, &mut rng)?;
        let negative = augmentation.apply(images.clone(), &mut rng)?;
        let embedded = trainer.embed(Tensor::cat(vec![images, positive, negative], 0));
        // [3 * count, dim]
        let anchors = embedded.clone().narrow(0, 0, count);
        let positive = embedded.clone().narrow(0, count, count);
        let negative = embedded.narrow(0, 2 * count, count);
        let similarities = Tensor::cat(
            vec![
                anchors.clone().mul(positive).sum_dim(1),
                anchors.mul(negative).sum_dim(1),
            ],
            0,
        );
        // [2 * count, 1]
        let values = read_floats(similarities).await?;
        let (positive, negative) = values.split_at(count.min(values.len()));
        Ok(Some(SimilarityHistogram::new(
            positive,
            negative,
            SIMILARITY_BINS,
        )))
    }
}

/// The frozen encoder's pooled features of every image of `set`, read back in chunks.
async fn features_of(
    trainer: &ContrastiveTrainer,
    set: &ImageSet,
    device: &Device,
) -> Result<Features, TrainError> {
    let mut values = Vec::new();
    let dim = trainer.config().encoder().feature_dim();
    let indices: Vec<usize> = (0..set.len()).collect();
    for chunk in indices.chunks(FEATURE_CHUNK) {
        let features = trainer.features(set.batch(chunk, device));
        values.extend(read_floats(features).await?);
    }
    Features::new(all_finite(values, "an encoder feature")?, dim).map_err(TrainError::evaluation)
}

fn labels_of(set: &ImageSet) -> Vec<u32> {
    set.labels()
        .iter()
        .map(|label| label.unwrap_or(0))
        .collect()
}
