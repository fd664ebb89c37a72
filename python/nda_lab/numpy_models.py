"""NumPy forward passes of our generator, discriminator and contrastive encoder, as burn computes
them in inference: a reference that needs nothing but NumPy to check our exported weights.

Read next to `crates/core/src/model/`:

* Generator (`generator.rs`): `z [n, latent]` (conditional: concatenated with the class vector
  `class_table[label]`, or zeros without labels) -> SN linear -> `[n, 8w, 4, 4]` -> batch norm,
  ReLU -> per stage SN transposed conv k4 s2 p1, batch norm, ReLU -> SN 3x3 conv p1 -> tanh.
  Samples come from the EMA generator, an inference (`.valid()`) module (`crates/core/src/train/ema.rs`), so
  its batch norms use the *running* statistics (`BatchNorm::forward` picks them whenever the
  device is not autodiff), and each image is independent of the rest of the batch.
* Discriminator (`discriminator.rs`): per stage SN conv k4 s2 p1 + LeakyReLU 0.2 -> sum over
  space -> `features [n, C]` -> SN linear `[C, 1]` -> logit; a projection discriminator adds
  `<SN(embedding)[label], features>` when labels are given.
* Spectral norm (`spectral_norm.rs`): in inference every forward pass runs one power iteration
  from the stored `u` without storing it, so the normalised weights are the same on every call:
  we compute them once, when the model is built.
* Encoder (`encoder.rs`, `plain_layers.rs`): bias-free convs with GroupNorm(8), residual blocks,
  mean pooling, projection head, L2 normalisation. No spectral norm, no batch statistics.

State dicts are `{name: array}` with burn's names and layouts, without the network prefix (see
`run_file.py`). We compute in float64.
"""

import numpy as np

from . import numpy_ops as ops
from .architecture import count_indexed, shape_from_discriminator, shape_from_generator

#: Negative slope of the discriminator's LeakyReLU (`LEAKY_SLOPE`, DCGAN's 0.2).
LEAKY_SLOPE = 0.2
#: GroupNorm groups of the encoder (`NORM_GROUPS` in encoder.rs).
ENCODER_GROUPS = 8


def _float(state, name):
    return np.asarray(state[name], dtype=np.float64)


def _sn_weight(state, layer):
    """The spectrally normalised weight of the SN layer `layer` (its `weight` and `norm.u`)."""
    weight, _ = ops.spectral_normalise(
        _float(state, f"{layer}.weight"), _float(state, f"{layer}.norm.u")
    )
    return weight


def _batch_norm(state, layer, x):
    return ops.batch_norm_inference(
        x,
        *(
            _float(state, f"{layer}.{part}")
            for part in ("gamma", "beta", "running_mean", "running_var")
        ),
    )


class NumpyGenerator:
    """Our generator in inference mode, built from its state dict."""

    def __init__(self, state):
        self.shape = shape_from_generator(state)
        self.state = state
        self.input_weight = _sn_weight(state, "input")
        self.block_weights = [
            _sn_weight(state, f"blocks.{i}.conv") for i in range(self.shape.num_stages)
        ]
        self.to_rgb_weight = _sn_weight(state, "to_rgb")
        # The class table is a plain parameter drawn N(0, 1), not spectrally normalised.
        self.class_table = None if "class_table" not in state else _float(state, "class_table")

    def forward(self, latent, labels=None):
        """`latent [n, latent_dim]` (and `labels [n]` when conditional) -> `[n, 3, S, S]`."""
        state = self.state
        z = np.asarray(latent, dtype=np.float64)
        batch = z.shape[0]
        if self.class_table is not None:
            if labels is None:
                conditioning = np.zeros_like(z)
            else:
                conditioning = self.class_table[np.asarray(labels, dtype=np.int64)]
            z = np.concatenate([z, conditioning], axis=1)
            # [n, 2 * latent_dim]
        seed = ops.linear(z, self.input_weight, _float(state, "input.bias"))
        hidden = seed.reshape(batch, 8 * self.shape.width, 4, 4)
        # [n, 8w, 4, 4]
        hidden = ops.relu(_batch_norm(state, "input_norm", hidden))
        for index, weight in enumerate(self.block_weights):
            block = f"blocks.{index}"
            hidden = ops.conv_transpose2d(
                hidden, weight, _float(state, f"{block}.conv.bias"), stride=2, padding=1
            )
            hidden = ops.relu(_batch_norm(state, f"{block}.norm", hidden))
            # [n, channels, 2h, 2w]
        rgb = ops.conv2d(
            hidden, self.to_rgb_weight, _float(state, "to_rgb.bias"), stride=1, padding=1
        )
        return np.tanh(rgb)
        # [n, 3, S, S]


class NumpyDiscriminator:
    """Our discriminator in inference mode, built from its state dict."""

    def __init__(self, state):
        self.shape = shape_from_discriminator(state)
        self.state = state
        self.conv_weights = [_sn_weight(state, f"convs.{i}") for i in range(self.shape.num_stages)]
        self.head_weight = _sn_weight(state, "head")
        self.projection = (
            None if "projection.weight" not in state else _sn_weight(state, "projection")
        )

    def features(self, images):
        """Sum-pooled features of the last conv, `[n, 3, S, S]` -> `[n, C]`."""
        hidden = np.asarray(images, dtype=np.float64)
        for index, weight in enumerate(self.conv_weights):
            bias = _float(self.state, f"convs.{index}.bias")
            hidden = ops.leaky_relu(
                ops.conv2d(hidden, weight, bias, stride=2, padding=1), LEAKY_SLOPE
            )
            # [n, channels, h / 2, w / 2]
        return hidden.sum(axis=(2, 3))

    def forward(self, images, labels=None):
        """Raw logits `[n]`; the projection term is added when the model has one and labels are
        given (an unconditional model ignores labels)."""
        features = self.features(images)
        logits = ops.linear(features, self.head_weight, _float(self.state, "head.bias")).reshape(-1)
        if self.projection is not None and labels is not None:
            class_vectors = self.projection[np.asarray(labels, dtype=np.int64)]
            # [n, C]
            logits = logits + np.sum(class_vectors * features, axis=1)
        return logits


class NumpyEncoder:
    """Our contrastive encoder (`query.*` or `key.*` of a contrastive run, prefix stripped)."""

    def __init__(self, state):
        self.state = state
        self.num_blocks = count_indexed(state, "blocks")

    def _conv_norm(self, conv, norm, x, stride, padding):
        weight = _float(self.state, f"{conv}.weight")
        hidden = ops.conv2d(x, weight, None, stride=stride, padding=padding)
        gamma, beta = _float(self.state, f"{norm}.gamma"), _float(self.state, f"{norm}.beta")
        return ops.group_norm(hidden, ENCODER_GROUPS, gamma, beta)

    def feature_map(self, images):
        """The last stage's map, `[n, channels, S, S]` -> `[n, C, g, g]` (the video task's clip
        encoder stacks a block's frames as channels)."""
        hidden = ops.relu(
            self._conv_norm("stem", "stem_norm", np.asarray(images, np.float64), 1, 1)
        )
        for index in range(self.num_blocks):
            block = f"blocks.{index}"
            inner = ops.relu(self._conv_norm(f"{block}.conv1", f"{block}.norm1", hidden, 2, 1))
            inner = self._conv_norm(f"{block}.conv2", f"{block}.norm2", inner, 1, 1)
            shortcut = self._conv_norm(f"{block}.shortcut", f"{block}.shortcut_norm", hidden, 2, 0)
            hidden = ops.relu(inner + shortcut)
            # [n, channels, h / 2, w / 2]
        return hidden

    def features(self, images):
        """Mean-pooled features, `[n, 3, S, S]` -> `[n, 8w]`."""
        return self.feature_map(images).mean(axis=(2, 3))

    def embed(self, images):
        """Unit-length embeddings `[n, embedding_dim]` through the projection head."""
        state = self.state
        hidden = ops.relu(
            ops.linear(
                self.features(images),
                _float(state, "head_hidden.weight"),
                _float(state, "head_hidden.bias"),
            )
        )
        return ops.l2_normalise(
            ops.linear(hidden, _float(state, "head_out.weight"), _float(state, "head_out.bias"))
        )
