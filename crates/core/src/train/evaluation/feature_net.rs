//! The frozen feature networks of the evaluation: a small classifier whose penultimate layer is
//! the feature space of KID, FD and coverage (the role Inception plays in published FIDs), and
//! the structure detector that tells real images from NDA images (Sinha et al., ICLR 2021).
//!
//! ```text
//! [batch, 3, S, S] -> per stage: conv3x3 stride 2 -> LeakyReLU(0.2)   32, 64, 128 (128) channels
//!   -> flatten [batch, 128 * 4 * 4] -> Linear(2048, 128) -> LeakyReLU -> features [batch, 128]
//!   -> Linear(128, outputs) -> logits                                           [batch, outputs]
//! ```
//!
//! A DCGAN-discriminator-like net without normalisation: each image's features depend on that
//! image alone (any batch size gives the same numbers), and a training step costs a fraction of
//! the contrastive encoder's residual blocks with GroupNorm, so the evaluators train in about a
//! minute on a CPU. The flatten keeps where things are (a global average pool would not), which
//! is what tells a star from a cross and a jigsawed face from a face.

use burn::module::Module;
use burn::optim::{AdamConfig, GradientsParams, ModuleOptimizer};
use burn::tensor::activation::{leaky_relu, log_softmax};
use burn::tensor::{Device, Int, Tensor};
use rand::rngs::ChaCha8Rng;

use crate::model::num_stages;
use crate::model::plain_layers::{ConvLayer, ConvLayerConfig, DenseLayer, DenseLayerConfig};
use crate::train::TrainError;

/// Width of the features (the last stage's channels).
pub const FEATURE_DIM: usize = 128;
/// Slope of the LeakyReLU, DCGAN's.
const LEAKY_SLOPE: f64 = 0.2;

/// Which of the classifier's activations make an image's features. Faces and Shapes are judged
/// in [`FeatureSpace::Penultimate`], Digits in [`FeatureSpace::Trunk`] (evaluator version 3,
/// `quality_reference::judged_in`); `nda-lab validate-metrics --features` measures any of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FeatureSpace {
    /// The 128 features before the classification layer.
    #[default]
    Penultimate,
    /// Each convolution stage's activations averaged over the image (32 + 64 + 128 at 32 px):
    /// earlier stages see texture and noise that the label classifier's last layers discard.
    Trunk,
    /// Both, side by side.
    Both,
}

/// A classifier whose pooled trunk output is a feature space.
#[derive(Module, Debug)]
pub struct FeatureNet {
    /// The stride-2 convolutions: `[batch, 3, S, S]` -> `[batch, 128, 4, 4]`.
    pub convs: Vec<ConvLayer>,
    /// The 4x4 map to the features.
    pub features: DenseLayer,
    /// The classification layer on the features.
    pub head: DenseLayer,
}

impl FeatureNet {
    /// A network for `image_size` images (32 or 64) with `num_outputs` classes, drawn from `rng`.
    pub fn init(
        image_size: usize,
        num_outputs: usize,
        device: &Device,
        rng: &mut ChaCha8Rng,
    ) -> Result<Self, TrainError> {
        crate::data::validate_size(image_size)
            .map_err(|error| TrainError::Dataset(error.to_string()))?;
        let mut convs = Vec::new();
        let mut channels = 3;
        for stage in 0..num_stages(image_size) {
            let out_channels = (32 << stage).min(FEATURE_DIM);
            let conv = ConvLayerConfig::new([channels, out_channels], 3)
                .with_stride(2)
                .with_padding(1)
                .init(device, rng);
            convs.push(conv);
            channels = out_channels;
        }
        let features = DenseLayerConfig::new(FEATURE_DIM * 16, FEATURE_DIM).init(device, rng);
        let head = DenseLayerConfig::new(FEATURE_DIM, num_outputs).init(device, rng);
        Ok(Self {
            convs,
            features,
            head,
        })
    }

    /// Pooled features `[batch, 128]`.
    pub fn features(&self, images: Tensor<4>) -> Tensor<2> {
        let mut hidden = images;
        for conv in &self.convs {
            hidden = leaky_relu(conv.forward(hidden), LEAKY_SLOPE);
        }
        // [batch, 128, 4, 4]
        let [batch, ..] = hidden.dims();
        let flat = hidden.reshape([batch, FEATURE_DIM * 16]);
        // [batch, 2048]
        leaky_relu(self.features.forward(flat), LEAKY_SLOPE)
        // [batch, 128]
    }

    /// The features of `images` in `space`: [`Self::features`] for the penultimate layer, the
    /// stages' spatially averaged activations for the trunk, or both side by side.
    pub fn features_in(&self, images: Tensor<4>, space: FeatureSpace) -> Tensor<2> {
        if space == FeatureSpace::Penultimate {
            return self.features(images);
        }
        let mut hidden = images;
        let mut pooled = Vec::with_capacity(self.convs.len() + 1);
        for conv in &self.convs {
            hidden = leaky_relu(conv.forward(hidden), LEAKY_SLOPE);
            let [batch, channels, ..] = hidden.dims();
            pooled.push(
                hidden
                    .clone()
                    .mean_dim(3)
                    .mean_dim(2)
                    .reshape([batch, channels]),
            );
        }
        if space == FeatureSpace::Both {
            let [batch, ..] = hidden.dims();
            let flat = hidden.reshape([batch, FEATURE_DIM * 16]);
            pooled.push(leaky_relu(self.features.forward(flat), LEAKY_SLOPE));
        }
        Tensor::cat(pooled, 1)
    }

    /// The widths of the blocks `space` is made of, in order: one per convolution stage for the
    /// trunk, then the penultimate layer's. Per-block scaling gives each block one scale, so
    /// that no stage outweighs another by its activations' size alone.
    pub fn block_widths(&self, space: FeatureSpace) -> Vec<usize> {
        let stages = self.convs.iter().map(|conv| conv.weight.val().dims()[0]);
        match space {
            FeatureSpace::Penultimate => vec![FEATURE_DIM],
            FeatureSpace::Trunk => stages.collect(),
            FeatureSpace::Both => stages.chain([FEATURE_DIM]).collect(),
        }
    }

    /// Class logits `[batch, outputs]`.
    pub fn logits(&self, images: Tensor<4>) -> Tensor<2> {
        self.head.forward(self.features(images))
    }
}

/// Settings of a feature network's training: Adam on cross-entropy over fresh images.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FeatureTraining {
    /// Adam steps.
    pub steps: usize,
    /// Images per step.
    pub batch_size: usize,
    /// Adam's learning rate.
    pub learning_rate: f64,
}

/// A feature network being trained, step by step, so a driver can report progress.
pub struct FeatureNetTrainer {
    net: FeatureNet,
    optimizer: ModuleOptimizer,
    learning_rate: f64,
}

impl FeatureNetTrainer {
    /// Starts training `net` (on an autodiff device).
    pub fn new(net: FeatureNet, learning_rate: f64) -> Self {
        Self {
            net,
            optimizer: AdamConfig::new().init(),
            learning_rate,
        }
    }

    /// One Adam step on cross-entropy of `images` `[batch, 3, S, S]` and their `targets`
    /// `[batch]`; returns the detached loss `[1]`.
    pub fn step(&mut self, images: Tensor<4>, targets: Tensor<1, Int>) -> Tensor<1> {
        let loss = cross_entropy(self.net.logits(images), targets);
        let grads = GradientsParams::from_grads(loss.backward(), &self.net);
        self.net = self
            .optimizer
            .step(self.learning_rate, self.net.clone(), grads);
        loss.detach()
    }

    /// The trained network, for inference.
    pub fn finish(self) -> FeatureNet {
        self.net.valid()
    }
}

/// Mean cross-entropy of `logits` `[batch, classes]` against `targets` `[batch]`.
pub fn cross_entropy(logits: Tensor<2>, targets: Tensor<1, Int>) -> Tensor<1> {
    let [batch, _] = logits.dims();
    let picked = log_softmax(logits, 1).gather(1, targets.reshape([batch, 1]));
    // [batch, 1]
    picked.mean().neg()
}
