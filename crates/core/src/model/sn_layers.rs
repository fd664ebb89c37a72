//! Spectrally normalised layers: convolution, transposed convolution, linear and class embedding,
//! as BigGAN's `SNConv2d`, `SNLinear` and `SNEmbedding` that Sinha et al. (ICLR 2021) use in G and D.
//!
//! Each layer owns its weight and bias as trainable parameters plus a [`SpectralNorm`] state and
//! calls burn's functional ops on the normalised weight. Weights start from N(0, 0.02) and biases
//! from zero, drawn from the one seeded RNG.

use burn::config::Config;
use burn::module::{Module, Param};
use burn::tensor::module::{conv_transpose2d, conv2d};
use burn::tensor::ops::{ConvOptions, ConvTransposeOptions};
use burn::tensor::{Device, Int, Tensor};
use rand::rngs::ChaCha8Rng;

use super::init::{INIT_STD, normal_param, zeros_param};
use super::spectral_norm::SpectralNorm;

/// Settings of a spectrally normalised 2-D convolution or transposed convolution.
#[derive(Config, Debug)]
pub struct SnConvConfig {
    /// `[in_channels, out_channels]`.
    pub channels: [usize; 2],
    /// Square kernel side.
    pub kernel_size: usize,
    /// Stride along both axes.
    #[config(default = 1)]
    pub stride: usize,
    /// Zero padding on every side.
    #[config(default = 0)]
    pub padding: usize,
}

/// A 2-D convolution whose weight is divided by its top singular value.
#[derive(Module, Debug)]
pub struct SnConv2d {
    /// `[out_channels, in_channels, kernel, kernel]`.
    pub weight: Param<Tensor<4>>,
    /// `[out_channels]`.
    pub bias: Param<Tensor<1>>,
    /// Power-iteration state of `weight`.
    pub norm: SpectralNorm,
    /// Stride along both axes.
    pub stride: usize,
    /// Zero padding on every side.
    pub padding: usize,
}

/// A 2-D transposed convolution whose weight is divided by its top singular value.
#[derive(Module, Debug)]
pub struct SnConvTranspose2d {
    /// `[in_channels, out_channels, kernel, kernel]` (burn's layout).
    pub weight: Param<Tensor<4>>,
    /// `[out_channels]`.
    pub bias: Param<Tensor<1>>,
    /// Power-iteration state of `weight`.
    pub norm: SpectralNorm,
    /// Stride along both axes.
    pub stride: usize,
    /// Zero padding on every side.
    pub padding: usize,
}

impl SnConvConfig {
    /// A convolution with N(0, 0.02) weights.
    pub fn init_conv(&self, device: &Device, rng: &mut ChaCha8Rng) -> SnConv2d {
        let [in_channels, out_channels] = self.channels;
        let shape = [
            out_channels,
            in_channels,
            self.kernel_size,
            self.kernel_size,
        ];
        SnConv2d {
            weight: normal_param(shape, INIT_STD, rng, device),
            bias: zeros_param([out_channels], device),
            norm: SpectralNorm::init(out_channels, rng, device),
            stride: self.stride,
            padding: self.padding,
        }
    }

    /// A transposed convolution with N(0, 0.02) weights.
    pub fn init_transposed(&self, device: &Device, rng: &mut ChaCha8Rng) -> SnConvTranspose2d {
        let [in_channels, out_channels] = self.channels;
        let shape = [
            in_channels,
            out_channels,
            self.kernel_size,
            self.kernel_size,
        ];
        SnConvTranspose2d {
            weight: normal_param(shape, INIT_STD, rng, device),
            bias: zeros_param([out_channels], device),
            norm: SpectralNorm::init(in_channels, rng, device),
            stride: self.stride,
            padding: self.padding,
        }
    }
}

impl SnConv2d {
    /// `[batch, in, h, w]` -> `[batch, out, h', w']`.
    pub fn forward(&self, input: Tensor<4>) -> Tensor<4> {
        let options = ConvOptions::new([self.stride; 2], [self.padding; 2], [1, 1], 1);
        conv2d(
            input,
            self.normalised_weight(),
            Some(self.bias.val()),
            options,
        )
    }

    /// The weight divided by its estimated top singular value (updates `u` when training).
    pub fn normalised_weight(&self) -> Tensor<4> {
        self.norm.normalise(self.weight.val())
    }
}

impl SnConvTranspose2d {
    /// `[batch, in, h, w]` -> `[batch, out, h', w']`; k4 s2 p1 doubles `h` and `w`.
    pub fn forward(&self, input: Tensor<4>) -> Tensor<4> {
        let options =
            ConvTransposeOptions::new([self.stride; 2], [self.padding; 2], [0, 0], [1, 1], 1);
        let weight = self.norm.normalise(self.weight.val());
        conv_transpose2d(input, weight, Some(self.bias.val()), options)
    }
}

/// Settings of a spectrally normalised linear layer.
#[derive(Config, Debug)]
pub struct SnLinearConfig {
    /// Input features.
    pub d_input: usize,
    /// Output features.
    pub d_output: usize,
}

/// A linear layer whose weight is divided by its top singular value.
#[derive(Module, Debug)]
pub struct SnLinear {
    /// `[d_input, d_output]` (burn's layout: `output = input @ weight + bias`).
    pub weight: Param<Tensor<2>>,
    /// `[d_output]`.
    pub bias: Param<Tensor<1>>,
    /// Power-iteration state of `weight`.
    pub norm: SpectralNorm,
}

impl SnLinearConfig {
    /// A linear layer with N(0, 0.02) weights.
    pub fn init(&self, device: &Device, rng: &mut ChaCha8Rng) -> SnLinear {
        SnLinear {
            weight: normal_param([self.d_input, self.d_output], INIT_STD, rng, device),
            bias: zeros_param([self.d_output], device),
            norm: SpectralNorm::init(self.d_input, rng, device),
        }
    }
}

impl SnLinear {
    /// `[batch, d_input]` -> `[batch, d_output]`.
    pub fn forward(&self, input: Tensor<2>) -> Tensor<2> {
        let weight = self.norm.normalise(self.weight.val());
        input.matmul(weight).add(self.bias.val().unsqueeze_dim(0))
    }
}

/// Settings of a spectrally normalised class embedding (BigGAN's `SNEmbedding`).
#[derive(Config, Debug)]
pub struct SnEmbeddingConfig {
    /// Number of classes.
    pub num_classes: usize,
    /// Size of each class vector.
    pub dim: usize,
}

/// One learned vector per class, the table divided by its top singular value.
#[derive(Module, Debug)]
pub struct SnEmbedding {
    /// `[num_classes, dim]`.
    pub weight: Param<Tensor<2>>,
    /// Power-iteration state of `weight`.
    pub norm: SpectralNorm,
}

impl SnEmbeddingConfig {
    /// An embedding with N(0, 0.02) entries.
    pub fn init(&self, device: &Device, rng: &mut ChaCha8Rng) -> SnEmbedding {
        SnEmbedding {
            weight: normal_param([self.num_classes, self.dim], INIT_STD, rng, device),
            norm: SpectralNorm::init(self.num_classes, rng, device),
        }
    }
}

impl SnEmbedding {
    /// `[batch]` class ids -> `[batch, dim]`.
    pub fn forward(&self, labels: Tensor<1, Int>) -> Tensor<2> {
        self.norm.normalise(self.weight.val()).select(0, labels)
    }
}
