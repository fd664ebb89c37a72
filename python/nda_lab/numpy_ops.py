"""The layer operations of our models in NumPy, with burn's semantics and weight layouts.

Each function computes what the burn op named in its docstring computes, so that
`numpy_models.py` reads like `crates/core/src/model/`. Convolutions are written as a sum over kernel offsets
(one matrix product per offset) rather than im2col: short, exact and fast enough for a few images.
Everything works in the dtype of its inputs; the models pass float64 so that the difference to
burn's float32 measures burn's rounding, not ours.
"""

import numpy as np

#: Added to a norm before dividing by it: `NORM_EPSILON` in crates/core/src/model/spectral_norm.rs.
SPECTRAL_NORM_EPSILON = 1e-12
#: burn's `BatchNormConfig` and `GroupNormConfig` default epsilon, which our models keep.
NORM_EPSILON = 1e-5
#: Floor of the norm in `l2_normalise` (crates/core/src/model/encoder.rs, as PyTorch's `F.normalize`).
L2_EPSILON = 1e-12


def conv2d(x, weight, bias=None, stride=1, padding=0):
    """burn's `conv2d`: `x [n, in, h, w]`, `weight [out, in, k, k]` (PyTorch's layout),
    zero padding on every side, no dilation or groups -> `[n, out, h', w']`."""
    batch, _, height, width = x.shape
    out_channels, _, kernel, _ = weight.shape
    padded = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    out_height = (height + 2 * padding - kernel) // stride + 1
    out_width = (width + 2 * padding - kernel) // stride + 1
    out = np.zeros((batch, out_channels, out_height, out_width), dtype=np.result_type(x, weight))
    for row in range(kernel):
        for col in range(kernel):
            window = padded[
                :,
                :,
                row : row + stride * (out_height - 1) + 1 : stride,
                col : col + stride * (out_width - 1) + 1 : stride,
            ]
            # [n, in, h', w'] (the inputs this kernel offset sees)
            out += np.einsum("nchw,oc->nohw", window, weight[:, :, row, col], optimize=True)
    if bias is not None:
        out += bias.reshape(1, -1, 1, 1)
    return out


def conv_transpose2d(x, weight, bias=None, stride=1, padding=0):
    """burn's `conv_transpose2d`: `x [n, in, h, w]`, `weight [in, out, k, k]` (burn's and
    PyTorch's layout), no output padding, dilation or groups -> `[n, out, (h-1)s - 2p + k, ...]`.

    Input pixel `(i, j)` adds `x[i, j] * weight[:, :, a, b]` at output `(i s - p + a, j s - p + b)`:
    we accumulate on the uncropped canvas and cut `padding` off every side."""
    batch, _, height, width = x.shape
    _, out_channels, kernel, _ = weight.shape
    full_height = (height - 1) * stride + kernel
    full_width = (width - 1) * stride + kernel
    full = np.zeros((batch, out_channels, full_height, full_width), dtype=np.result_type(x, weight))
    for row in range(kernel):
        for col in range(kernel):
            contribution = np.einsum("nchw,co->nohw", x, weight[:, :, row, col], optimize=True)
            # [n, out, h, w], scattered with the stride
            full[
                :,
                :,
                row : row + stride * (height - 1) + 1 : stride,
                col : col + stride * (width - 1) + 1 : stride,
            ] += contribution
    out = full[:, :, padding : full_height - padding, padding : full_width - padding]
    if bias is not None:
        out = out + bias.reshape(1, -1, 1, 1)
    return out


def linear(x, weight, bias):
    """Our `SnLinear` / `DenseLayer`: `x [n, in] @ weight [in, out] + bias` (burn's layout; an
    `nn.Linear` holds the transpose)."""
    return x @ weight + bias


def batch_norm_inference(x, gamma, beta, running_mean, running_var, epsilon=NORM_EPSILON):
    """burn's `BatchNorm` on an inference (non-autodiff) device: the running statistics,
    `(x - mean) / sqrt(var + eps) * gamma + beta` per channel of `x [n, c, ...]`."""
    shape = (1, -1) + (1,) * (x.ndim - 2)
    std = np.sqrt(running_var.reshape(shape) + epsilon)
    return (x - running_mean.reshape(shape)) / std * gamma.reshape(shape) + beta.reshape(shape)


def group_norm(x, num_groups, gamma, beta, epsilon=NORM_EPSILON):
    """burn's `GroupNorm` (affine): each image's channels split into `num_groups` groups, each
    normalised by its own mean and biased variance, then scaled and shifted per channel."""
    batch, channels = x.shape[:2]
    grouped = x.reshape(batch, num_groups, -1)
    # [n, groups, c / groups * h * w]
    centred = grouped - grouped.mean(axis=2, keepdims=True)
    variance = np.square(centred).mean(axis=2, keepdims=True)
    normalised = (centred / np.sqrt(variance + epsilon)).reshape(x.shape)
    shape = (1, channels) + (1,) * (x.ndim - 2)
    return normalised * gamma.reshape(shape) + beta.reshape(shape)


def spectral_normalise(weight, u, epsilon=SPECTRAL_NORM_EPSILON):
    """`SpectralNorm::normalise` on an inference device: one power iteration from the stored `u`
    (which is not updated), then `weight / sigma`. Returns `(normalised weight, sigma)`.

    The matrix is `weight` viewed as `[dim 0, product of the rest]`, so its rows are the output
    channels of a conv, the *input* channels of a transposed conv, the *inputs* of a linear
    layer (burn's `[in, out]`) and the classes of an embedding; `u` has one entry per row."""
    rows = weight.shape[0]
    matrix = weight.reshape(rows, -1)
    # [rows, cols]
    v = _normalised(u @ matrix)
    # [cols]
    u = _normalised(matrix @ v)
    # [rows]
    sigma = u @ matrix @ v
    return weight / sigma, sigma


def _normalised(vector, epsilon=SPECTRAL_NORM_EPSILON):
    """`vector / (|vector| + eps)`, as `normalised` in spectral_norm.rs."""
    return vector / (np.sqrt(np.sum(np.square(vector))) + epsilon)


def relu(x):
    """`max(x, 0)`."""
    return np.maximum(x, 0)


def leaky_relu(x, slope):
    """`x` where positive, `slope * x` elsewhere (burn's `leaky_relu`)."""
    return np.where(x >= 0, x, slope * x)


def l2_normalise(rows, epsilon=L2_EPSILON):
    """Each row over `max(|row|, eps)` (`l2_normalise` in crates/core/src/model/encoder.rs)."""
    norms = np.sqrt(np.sum(np.square(rows), axis=1, keepdims=True))
    return rows / np.maximum(norms, epsilon)
