"""Our generator, discriminator and contrastive encoder as plain PyTorch modules, loadable from
NDA Lab's weights (the only file of the package that imports torch).

The modules are standard `nn.Linear`, `nn.Conv2d`, `nn.ConvTranspose2d`, `nn.BatchNorm2d`,
`nn.GroupNorm` and `nn.Embedding` layers, so a researcher can inspect, trace or fine-tune them like
any other PyTorch model. `load_ours(state_dict)` maps our weights onto them:

* Names: burn's module paths (`blocks.0.conv.weight`, `input_norm.running_var`, `norm.u`), without
  the network prefix; `run_file.py` strips it.
* Layouts: linear weights are stored `[in, out]` (burn computes `x @ W + b`) and transposed here to
  `nn.Linear`'s `[out, in]`; conv and transposed-conv weights already have PyTorch's layouts
  (`[out, in, k, k]` and `[in, out, k, k]`).
* Spectral norm: burn divides each weight by sigma from one power iteration from the stored `u` on
  every inference forward, without updating `u`, so the result is a constant: we load the divided
  weight (computed in float64, as `numpy_ops.spectral_normalise`, on burn's matrix view, where a
  linear layer's rows are its *inputs*). The modules are therefore exact for inference; to keep
  training, re-wrap them with `torch.nn.utils.parametrizations.spectral_norm`.
* Batch norm: epsilon 1e-5 (burn's default, PyTorch's too); `load_ours` returns the module in
  `eval()` mode, where it uses the running statistics, as our EMA generator does.

Read `numpy_models.py` for the architecture in a dozen lines each.
"""

import torch
import torch.nn.functional as F
from torch import nn

from .architecture import count_indexed, shape_from_discriminator, shape_from_generator

LEAKY_SLOPE = 0.2
ENCODER_GROUPS = 8
NORM_EPSILON = 1e-5
SPECTRAL_NORM_EPSILON = 1e-12


def _tensor(value):
    """A state-dict value (NumPy array or tensor) as a float64 tensor."""
    return torch.as_tensor(value).to(torch.float64)


def spectral_normalised(weight, u):
    """burn's inference spectral norm: one power iteration from `u` on `weight` viewed as
    `[dim 0, rest]`, then `weight / sigma`, in float64."""
    weight, u = _tensor(weight), _tensor(u)
    matrix = weight.reshape(weight.shape[0], -1)
    # [rows, cols]
    v = u @ matrix
    v = v / (v.norm() + SPECTRAL_NORM_EPSILON)
    u = matrix @ v
    u = u / (u.norm() + SPECTRAL_NORM_EPSILON)
    return weight / (u @ matrix @ v)


def _sn(state, layer):
    return spectral_normalised(state[f"{layer}.weight"], state[f"{layer}.norm.u"])


def _copy(parameter, value):
    """Copies `value` into a parameter or buffer after checking the shape."""
    value = _tensor(value)
    if tuple(parameter.shape) != tuple(value.shape):
        raise ValueError(f"shape {tuple(value.shape)} does not fit {tuple(parameter.shape)}")
    with torch.no_grad():
        parameter.copy_(value.to(parameter.dtype))


def _load_linear(linear, state, layer, spectral=True):
    """An `nn.Linear` from our `[in, out]` weight (spectrally normalised for SN layers)."""
    weight = _sn(state, layer) if spectral else _tensor(state[f"{layer}.weight"])
    _copy(linear.weight, weight.T)
    _copy(linear.bias, state[f"{layer}.bias"])


def _load_conv(conv, state, layer, spectral=True):
    """An `nn.Conv2d` or `nn.ConvTranspose2d`; our layouts are PyTorch's."""
    _copy(conv.weight, _sn(state, layer) if spectral else state[f"{layer}.weight"])
    if conv.bias is not None:
        _copy(conv.bias, state[f"{layer}.bias"])


def _load_norm(norm, state, layer):
    """Batch norm (with running statistics) or group norm: burn's gamma/beta are weight/bias."""
    _copy(norm.weight, state[f"{layer}.gamma"])
    _copy(norm.bias, state[f"{layer}.beta"])
    if isinstance(norm, nn.BatchNorm2d):
        _copy(norm.running_mean, state[f"{layer}.running_mean"])
        _copy(norm.running_var, state[f"{layer}.running_var"])


class Generator(nn.Module):
    """`G(z, y)`: `z [n, latent]` (and labels when conditional) -> images `[n, 3, S, S]`."""

    def __init__(self, shape):
        super().__init__()
        self.shape = shape
        seed_channels = 8 * shape.width
        conditional_dim = 0 if shape.num_classes is None else shape.latent_dim
        self.input = nn.Linear(shape.latent_dim + conditional_dim, seed_channels * 16)
        self.input_norm = nn.BatchNorm2d(seed_channels, eps=NORM_EPSILON)
        self.convs, self.norms = nn.ModuleList(), nn.ModuleList()
        channels = seed_channels
        for out_channels in shape.generator_stage_channels():
            self.convs.append(nn.ConvTranspose2d(channels, out_channels, 4, stride=2, padding=1))
            self.norms.append(nn.BatchNorm2d(out_channels, eps=NORM_EPSILON))
            channels = out_channels
        self.to_rgb = nn.Conv2d(channels, 3, 3, padding=1)
        self.class_table = None
        if shape.num_classes is not None:
            self.class_table = nn.Embedding(shape.num_classes, shape.latent_dim)

    @classmethod
    def from_ours(cls, state, dtype=torch.float32):
        """A generator in eval mode holding our weights (`run.ema_generator`, say)."""
        return cls(shape_from_generator(state)).to(dtype).load_ours(state)

    def load_ours(self, state):
        """Loads our state dict (burn names and layouts); returns `self` in eval mode."""
        _load_linear(self.input, state, "input")
        _load_norm(self.input_norm, state, "input_norm")
        for index, (conv, norm) in enumerate(zip(self.convs, self.norms, strict=True)):
            _load_conv(conv, state, f"blocks.{index}.conv")
            _load_norm(norm, state, f"blocks.{index}.norm")
        _load_conv(self.to_rgb, state, "to_rgb")
        if self.class_table is not None:
            _copy(self.class_table.weight, state["class_table"])
        return self.eval()

    def forward(self, z, labels=None):
        if self.class_table is not None:
            # A conditional generator without labels uses an all-zero class vector.
            conditioning = torch.zeros_like(z) if labels is None else self.class_table(labels)
            z = torch.cat([z, conditioning], dim=1)
        seed = self.input(z).reshape(z.shape[0], 8 * self.shape.width, 4, 4)
        hidden = F.relu(self.input_norm(seed))
        for conv, norm in zip(self.convs, self.norms, strict=True):
            hidden = F.relu(norm(conv(hidden)))
        return torch.tanh(self.to_rgb(hidden))


class Discriminator(nn.Module):
    """`D(x, y)`: images `[n, 3, S, S]` (and labels for a projection D) -> raw logits `[n]`."""

    def __init__(self, shape):
        super().__init__()
        self.convs = nn.ModuleList()
        channels = 3
        for out_channels in shape.discriminator_stage_channels():
            self.convs.append(nn.Conv2d(channels, out_channels, 4, stride=2, padding=1))
            channels = out_channels
        self.head = nn.Linear(channels, 1)
        self.projection = None
        if shape.num_classes is not None:
            self.projection = nn.Embedding(shape.num_classes, channels)

    @classmethod
    def from_ours(cls, state, dtype=torch.float32):
        """A discriminator in eval mode holding our weights (`run.discriminator`)."""
        return cls(shape_from_discriminator(state)).to(dtype).load_ours(state)

    def load_ours(self, state):
        """Loads our state dict; the projection table is spectrally normalised too."""
        for index, conv in enumerate(self.convs):
            _load_conv(conv, state, f"convs.{index}")
        _load_linear(self.head, state, "head")
        if self.projection is not None:
            _copy(self.projection.weight, _sn(state, "projection"))
        return self.eval()

    def features(self, images):
        hidden = images
        for conv in self.convs:
            hidden = F.leaky_relu(conv(hidden), LEAKY_SLOPE)
        return hidden.sum(dim=(2, 3))

    def forward(self, images, labels=None):
        features = self.features(images)
        logits = self.head(features).reshape(-1)
        if self.projection is not None and labels is not None:
            logits = logits + (self.projection(labels) * features).sum(dim=1)
        return logits


class ResidualBlock(nn.Module):
    """Two 3x3 convs with GroupNorm and a projected 1x1 shortcut, halving the side."""

    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, stride=2, padding=1, bias=False)
        self.norm1 = nn.GroupNorm(ENCODER_GROUPS, out_channels, eps=NORM_EPSILON)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, stride=1, padding=1, bias=False)
        self.norm2 = nn.GroupNorm(ENCODER_GROUPS, out_channels, eps=NORM_EPSILON)
        self.shortcut = nn.Conv2d(in_channels, out_channels, 1, stride=2, bias=False)
        self.shortcut_norm = nn.GroupNorm(ENCODER_GROUPS, out_channels, eps=NORM_EPSILON)

    def forward(self, x):
        hidden = F.relu(self.norm1(self.conv1(x)))
        hidden = self.norm2(self.conv2(hidden))
        return F.relu(hidden + self.shortcut_norm(self.shortcut(x)))


class Encoder(nn.Module):
    """The contrastive encoder: `features` (pooled, `[n, 8w]`) and `embed` (unit, `[n, 128]`)."""

    def __init__(self, width, block_channels, embedding_dim, in_channels=3):
        super().__init__()
        self.stem = nn.Conv2d(in_channels, width, 3, padding=1, bias=False)
        self.stem_norm = nn.GroupNorm(ENCODER_GROUPS, width, eps=NORM_EPSILON)
        inputs = [width, *block_channels[:-1]]
        pairs = zip(inputs, block_channels, strict=True)
        self.blocks = nn.ModuleList(ResidualBlock(i, o) for i, o in pairs)
        features = block_channels[-1]
        self.head_hidden = nn.Linear(features, features)
        self.head_out = nn.Linear(features, embedding_dim)

    @classmethod
    def from_ours(cls, state, dtype=torch.float32):
        """An encoder holding our weights (`query.*` or `key.*` of a contrastive run, prefix
        stripped); its sizes are read from the weights."""
        blocks = count_indexed(state, "blocks")
        channels = [int(state[f"blocks.{i}.conv1.weight"].shape[0]) for i in range(blocks)]
        embedding_dim = int(state["head_out.weight"].shape[1])
        width = int(state["stem.weight"].shape[0])
        return cls(width, channels, embedding_dim).to(dtype).load_ours(state)

    def load_ours(self, state):
        """Loads our state dict (no spectral norm here; linear weights transposed)."""
        _load_conv(self.stem, state, "stem", spectral=False)
        _load_norm(self.stem_norm, state, "stem_norm")
        for index, block in enumerate(self.blocks):
            for conv, norm in (
                ("conv1", "norm1"),
                ("conv2", "norm2"),
                ("shortcut", "shortcut_norm"),
            ):
                _load_conv(getattr(block, conv), state, f"blocks.{index}.{conv}", spectral=False)
                _load_norm(getattr(block, norm), state, f"blocks.{index}.{norm}")
        _load_linear(self.head_hidden, state, "head_hidden", spectral=False)
        _load_linear(self.head_out, state, "head_out", spectral=False)
        return self.eval()

    def feature_map(self, images):
        hidden = F.relu(self.stem_norm(self.stem(images)))
        for block in self.blocks:
            hidden = block(hidden)
        return hidden

    def features(self, images):
        return self.feature_map(images).mean(dim=(2, 3))

    def embed(self, images):
        hidden = F.relu(self.head_hidden(self.features(images)))
        return F.normalize(self.head_out(hidden), dim=1, eps=1e-12)

    def forward(self, images):
        return self.embed(images)
