"""The jigsaw negative both PyTorch references train with (`gan/reference.py`,
`contrastive/reference.py`): each image cut into grid x grid patches reassembled in a uniformly
random order that is never the identity, as `crates/plain/src/augment/jigsaw.rs` draws it and
`crates/core/src/augment/ops/` applies it. One copy, so the two references cannot drift apart."""

import torch

JIGSAW_GRID = 2


def non_identity_permutations(batch, num_patches):
    """One uniformly random non-identity permutation per image, on the host (jigsaw.rs)."""
    permutations = torch.rand(batch, num_patches).argsort(dim=1)
    identity = torch.arange(num_patches)
    while True:
        bad = (permutations == identity).all(dim=1)
        if not bad.any():
            return permutations
        permutations[bad] = torch.rand(int(bad.sum()), num_patches).argsort(dim=1)


def jigsaw(real, grid=JIGSAW_GRID):
    batch, channels, height, width = real.shape
    patch_h, patch_w = height // grid, width // grid
    num_patches = grid * grid
    sources = non_identity_permutations(batch, num_patches)
    sources = (sources + torch.arange(batch).unsqueeze(1) * num_patches).reshape(-1)
    sources = sources.to(real.device, non_blocking=True)
    patches = (
        real.reshape(batch, channels, grid, patch_h, grid, patch_w)
        .permute(0, 2, 4, 1, 3, 5)
        .reshape(batch * num_patches, channels, patch_h, patch_w)
    )
    return (
        patches.index_select(0, sources)
        .reshape(batch, grid, grid, channels, patch_h, patch_w)
        .permute(0, 3, 1, 4, 2, 5)
        .reshape(batch, channels, height, width)
    )
