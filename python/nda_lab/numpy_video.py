"""NumPy forward pass of the video task's clip encoder, as burn computes it in inference.

Read next to `crates/core/src/model/video/clip_encoder.rs`: a clip `[n, 3T, S, S]` (frame after
frame, three planes each) is cut into `K = T / b` blocks of `b` frames; each block becomes its
first frame followed by each frame minus the one before (residual frames) and goes through the
contrastive encoder's stem and residual blocks (`NumpyEncoder.feature_map`) to a `[C, 8, 8]` map.

* clip features: the maps averaged over blocks and locations, `[n, C]`;
* still features: one block of the first frame repeated (no motion), pooled, `[n, C]`;
* predictions: at each location, the first `P` blocks' features stacked (`[P·C]`) -> `aggregate`
  -> ReLU -> `predict` -> `[F·E]`, split per future block, each L2-normalised; rows ordered clip,
  future block, location (row-major);
* targets: at each location of each of the last `F` blocks, `head_hidden` -> ReLU -> `head_out`
  -> L2-normalised, in the same row order;
* scores: per clip, the mean over its rows of prediction · target.

The sizes come from the weights: `b` from the stem's input channels, `P` from `aggregate`, `E`
from `head_out` and `F` from `predict`. We compute in float64.
"""

import numpy as np

from . import numpy_ops as ops
from .numpy_models import NumpyEncoder


class NumpyClipEncoder:
    """Our clip encoder (`encoder.*` of a video run, prefix stripped)."""

    def __init__(self, state):
        self.state = {name: np.asarray(value, np.float64) for name, value in state.items()}
        self.trunk = NumpyEncoder(self.state)
        self.block_frames = self.state["stem.weight"].shape[1] // 3
        channels = self.state["head_hidden.weight"].shape[0]
        self.context_blocks = self.state["aggregate.weight"].shape[0] // channels
        self.embedding_dim = self.state["head_out.weight"].shape[1]
        self.future_blocks = self.state["predict.weight"].shape[1] // self.embedding_dim

    def _linear(self, name, x):
        return ops.linear(x, self.state[f"{name}.weight"], self.state[f"{name}.bias"])

    def block_maps(self, clips):
        """`[n, 3T, S, S]` -> `[n, K, C, g, g]`."""
        clips = np.asarray(clips, np.float64)
        n, channels, side, _ = clips.shape
        per_block = 3 * self.block_frames
        blocks = clips.reshape(n * channels // per_block, per_block, side, side)
        residual = np.concatenate([blocks[:, :3], blocks[:, 3:] - blocks[:, :-3]], axis=1)
        maps = self.trunk.feature_map(residual)
        return maps.reshape(n, channels // per_block, *maps.shape[1:])

    def clip_features(self, clips):
        return self.block_maps(clips).mean(axis=(1, 3, 4))

    def still_features(self, clips):
        first = np.asarray(clips, np.float64)[:, :3]
        still = np.concatenate([first] * self.block_frames, axis=1)
        return self.trunk.feature_map(
            np.concatenate([still[:, :3], still[:, 3:] - still[:, :-3]], axis=1)
        ).mean(axis=(2, 3))

    @staticmethod
    def _locations(maps):
        """`[count, c, g, g]` -> `[count · g·g, c]`, locations row-major."""
        count, channels, side, _ = maps.shape
        return maps.reshape(count, channels, side * side).transpose(0, 2, 1).reshape(-1, channels)

    def predictions(self, maps):
        """The context blocks' maps `[n, P, C, g, g]` -> `[n · F · g·g, E]`."""
        n, blocks, channels, side, _ = maps.shape
        stacked = maps.reshape(n, blocks * channels, side, side)
        hidden = ops.relu(self._linear("aggregate", self._locations(stacked)))
        predicted = self._linear("predict", hidden)
        area, future, dim = side * side, self.future_blocks, self.embedding_dim
        predicted = predicted.reshape(n, area, future, dim).transpose(0, 2, 1, 3)
        return ops.l2_normalise(predicted.reshape(-1, dim))

    def targets(self, maps):
        """Block maps `[count, C, g, g]` -> `[count · g·g, E]`."""
        hidden = ops.relu(self._linear("head_hidden", self._locations(maps)))
        return ops.l2_normalise(self._linear("head_out", hidden))

    def forward(self, clips):
        """Everything `check.safetensors` holds, by its names."""
        maps = self.block_maps(clips)
        n, _, channels, side, _ = maps.shape
        context, future = self.context_blocks, self.future_blocks
        predictions = self.predictions(maps[:, :context])
        targets = self.targets(maps[:, context : context + future].reshape(-1, channels, side, side))
        scores = np.sum(predictions * targets, axis=1).reshape(n, -1).mean(axis=1)
        return {
            "clip_features": self.clip_features(clips),
            "still_features": self.still_features(clips),
            "predictions": predictions,
            "targets": targets,
            "scores": scores,
        }
