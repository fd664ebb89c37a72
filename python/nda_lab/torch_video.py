"""The video task's clip encoder as a plain PyTorch module, loadable from a video run's weights
(`encoder.*` of `weights.safetensors`, prefix stripped). The architecture, and the row order of
its predictions and targets, are `numpy_video.py`'s; the trunk is the contrastive `Encoder` with
`3b` input channels (a block's residual frames).
"""

import torch
import torch.nn.functional as F
from torch import nn

from .architecture import count_indexed
from .torch_models import Encoder, _load_linear


def residual_frames(blocks):
    """A block's first frame, then each frame minus the one before, `[count, 3b, S, S]`."""
    return torch.cat([blocks[:, :3], blocks[:, 3:] - blocks[:, :-3]], dim=1)


class ClipEncoder(nn.Module):
    """Clip features, one-frame features, dense predictions, targets and predictive scores."""

    def __init__(self, width, block_channels, embedding_dim, block_frames, context, future):
        super().__init__()
        self.trunk = Encoder(width, block_channels, embedding_dim, in_channels=3 * block_frames)
        channels = block_channels[-1]
        self.aggregate = nn.Linear(context * channels, channels)
        self.predict = nn.Linear(channels, future * embedding_dim)
        self.block_frames, self.context, self.future = block_frames, context, future
        self.embedding_dim = embedding_dim

    @classmethod
    def from_ours(cls, state, dtype=torch.float32):
        """A clip encoder holding our weights; its sizes are read from them."""
        blocks = count_indexed(state, "blocks")
        channels = [int(state[f"blocks.{i}.conv1.weight"].shape[0]) for i in range(blocks)]
        width = int(state["stem.weight"].shape[0])
        block_frames = int(state["stem.weight"].shape[1]) // 3
        embedding_dim = int(state["head_out.weight"].shape[1])
        context = int(state["aggregate.weight"].shape[0]) // channels[-1]
        future = int(state["predict.weight"].shape[1]) // embedding_dim
        module = cls(width, channels, embedding_dim, block_frames, context, future)
        return module.to(dtype).load_ours(state)

    def load_ours(self, state):
        """Loads our state dict (linear weights transposed, as `Encoder.load_ours` does)."""
        self.trunk.load_ours(state)
        _load_linear(self.aggregate, state, "aggregate", spectral=False)
        _load_linear(self.predict, state, "predict", spectral=False)
        return self.eval()

    def block_maps(self, clips):
        """`[n, 3T, S, S]` -> `[n, K, C, g, g]`."""
        n, channels, side, _ = clips.shape
        per_block = 3 * self.block_frames
        blocks = clips.reshape(n * channels // per_block, per_block, side, side)
        maps = self.trunk.feature_map(residual_frames(blocks))
        return maps.reshape(n, channels // per_block, *maps.shape[1:])

    @staticmethod
    def _locations(maps):
        count, channels, side, _ = maps.shape
        return maps.reshape(count, channels, side * side).transpose(1, 2).reshape(-1, channels)

    def forward(self, clips):
        maps = self.block_maps(clips)
        n, _, channels, side, _ = maps.shape
        stacked = maps[:, : self.context].reshape(n, self.context * channels, side, side)
        hidden = F.relu(self.aggregate(self._locations(stacked)))
        predicted = self.predict(hidden).reshape(n, side * side, self.future, self.embedding_dim)
        predicted = predicted.transpose(1, 2).reshape(-1, self.embedding_dim)
        predictions = F.normalize(predicted, dim=1, eps=1e-12)
        future = maps[:, self.context : self.context + self.future]
        head = self.trunk.head_hidden(self._locations(future.reshape(-1, channels, side, side)))
        targets = F.normalize(self.trunk.head_out(F.relu(head)), dim=1, eps=1e-12)
        still = torch.cat([clips[:, :3]] * self.block_frames, dim=1)
        return {
            "clip_features": maps.mean(dim=(1, 3, 4)),
            "still_features": self.trunk.feature_map(residual_frames(still)).mean(dim=(2, 3)),
            "predictions": predictions,
            "targets": targets,
            "scores": (predictions * targets).sum(dim=1).reshape(n, -1).mean(dim=1),
        }
