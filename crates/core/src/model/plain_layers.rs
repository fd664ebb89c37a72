//! Plain (not spectrally normalised) layers of the contrastive encoder, with weights drawn on the
//! host from the run's seeded RNG (see [`super::init`] for why burn's own initialisers are not
//! used): a bias-free convolution, as ResNet's, and a linear layer for the projection head.

use burn::config::Config;
use burn::module::{Module, Param};
use burn::tensor::module::conv2d;
use burn::tensor::ops::ConvOptions;
use burn::tensor::{Device, Tensor};
use rand::rngs::ChaCha8Rng;

use super::init::{normal_param, zeros_param};

/// Settings of a bias-free 2-D convolution.
#[derive(Config, Debug)]
pub struct ConvLayerConfig {
    /// `[in, out]` channels.
    pub channels: [usize; 2],
    /// Side of the square kernel.
    pub kernel_size: usize,
    /// Stride in both directions.
    #[config(default = 1)]
    pub stride: usize,
    /// Zero padding on each side.
    #[config(default = 0)]
    pub padding: usize,
}

/// A bias-free convolution (a normalisation layer follows every one, so a bias would be undone).
#[derive(Module, Debug)]
pub struct ConvLayer {
    /// `[out, in, k, k]`.
    pub weight: Param<Tensor<4>>,
    /// Stride in both directions.
    pub stride: usize,
    /// Zero padding on each side.
    pub padding: usize,
}

impl ConvLayerConfig {
    /// A convolution with Kaiming-normal weights (`fan_out`, ReLU gain), torchvision's ResNet init:
    /// `std = sqrt(2 / (out * k * k))`.
    pub fn init(&self, device: &Device, rng: &mut ChaCha8Rng) -> ConvLayer {
        let [in_channels, out_channels] = self.channels;
        let fan_out = out_channels * self.kernel_size * self.kernel_size;
        let std = (2.0 / fan_out as f32).sqrt();
        let shape = [
            out_channels,
            in_channels,
            self.kernel_size,
            self.kernel_size,
        ];
        ConvLayer {
            weight: normal_param(shape, std, rng, device),
            stride: self.stride,
            padding: self.padding,
        }
    }
}

impl ConvLayer {
    /// `[batch, in, h, w]` -> `[batch, out, h', w']`.
    pub fn forward(&self, input: Tensor<4>) -> Tensor<4> {
        let options = ConvOptions::new([self.stride; 2], [self.padding; 2], [1, 1], 1);
        conv2d(input, self.weight.val(), None, options)
    }
}

/// Settings of a linear layer.
#[derive(Config, Debug)]
pub struct DenseLayerConfig {
    /// Input features.
    pub d_input: usize,
    /// Output features.
    pub d_output: usize,
}

/// `output = input @ weight + bias`.
#[derive(Module, Debug)]
pub struct DenseLayer {
    /// `[d_input, d_output]`.
    pub weight: Param<Tensor<2>>,
    /// `[d_output]`.
    pub bias: Param<Tensor<1>>,
}

impl DenseLayerConfig {
    /// A linear layer with LeCun-normal weights, N(0, 1 / d_input), and zero biases: the output
    /// keeps the scale of the input. (A head drawn from N(0, 0.01) gives embeddings so small that
    /// each Adam step of 1e-3 changes them by about a tenth, and the momentum encoder's keys
    /// never agree with the queries; SGD, with gradients that small, collapses instead.)
    pub fn init(&self, device: &Device, rng: &mut ChaCha8Rng) -> DenseLayer {
        let std = (1.0 / self.d_input.max(1) as f32).sqrt();
        DenseLayer {
            weight: normal_param([self.d_input, self.d_output], std, rng, device),
            bias: zeros_param([self.d_output], device),
        }
    }
}

impl DenseLayer {
    /// `[batch, d_input]` -> `[batch, d_output]`.
    pub fn forward(&self, input: Tensor<2>) -> Tensor<2> {
        input
            .matmul(self.weight.val())
            .add(self.bias.val().unsqueeze_dim(0))
    }
}
