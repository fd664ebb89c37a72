"""Random weights and run files with our names and layouts, for tests that need no Rust build.

The names follow burn's module paths as `crates/plain/src/train/host_weights.rs` writes them; the shapes follow
`crates/core/src/model/`. Weights are drawn wider than the N(0, 0.02) init and the batch-norm statistics are
not the identity, so that a wrong layout or a missed statistic changes the output visibly.
"""

import io
import json
import zipfile

import numpy as np

from nda_lab.architecture import PRESET_WIDTHS
from nda_lab.safetensors_io import write_safetensors


def _unit(rng, size):
    vector = rng.standard_normal(size)
    return (vector / np.linalg.norm(vector)).astype(np.float32)


def _normal(rng, shape, std=0.2):
    return (rng.standard_normal(shape) * std).astype(np.float32)


def _sn_layer(state, rng, name, shape, bias_size):
    """An SN layer: weight, bias (none when `bias_size` is None), and `u` with one entry per row
    of the `[dim 0, rest]` view."""
    state[f"{name}.weight"] = _normal(rng, shape)
    if bias_size is not None:
        state[f"{name}.bias"] = _normal(rng, bias_size)
    state[f"{name}.norm.u"] = _unit(rng, shape[0])


def _batch_norm(state, rng, name, channels):
    state[f"{name}.gamma"] = (1 + _normal(rng, channels)).astype(np.float32)
    state[f"{name}.beta"] = _normal(rng, channels)
    state[f"{name}.running_mean"] = _normal(rng, channels)
    state[f"{name}.running_var"] = rng.uniform(0.5, 2.0, channels).astype(np.float32)


def generator_state(shape, rng):
    """A generator state dict (no prefix) of `shape` (a `GanShape`)."""
    state = {}
    conditional = shape.num_classes is not None
    input_dim = shape.latent_dim * (2 if conditional else 1)
    _sn_layer(state, rng, "input", (input_dim, 8 * shape.width * 16), 8 * shape.width * 16)
    _batch_norm(state, rng, "input_norm", 8 * shape.width)
    channels = 8 * shape.width
    for index, out_channels in enumerate(shape.generator_stage_channels()):
        _sn_layer(state, rng, f"blocks.{index}.conv", (channels, out_channels, 4, 4), out_channels)
        _batch_norm(state, rng, f"blocks.{index}.norm", out_channels)
        channels = out_channels
    _sn_layer(state, rng, "to_rgb", (3, channels, 3, 3), 3)
    if conditional:
        state["class_table"] = _normal(rng, (shape.num_classes, shape.latent_dim), 1.0)
    return state


def discriminator_state(shape, rng):
    """A discriminator state dict (no prefix) of `shape`."""
    state = {}
    channels = 3
    for index, out_channels in enumerate(shape.discriminator_stage_channels()):
        _sn_layer(state, rng, f"convs.{index}", (out_channels, channels, 4, 4), out_channels)
        channels = out_channels
    _sn_layer(state, rng, "head", (channels, 1), 1)
    if shape.num_classes is not None:
        _sn_layer(state, rng, "projection", (shape.num_classes, channels), None)
    return state


def encoder_state(width, image_size, rng, embedding_dim=128):
    """A contrastive encoder state dict (no prefix), as `EncoderConfig::init` shapes it."""
    state = {"stem.weight": _normal(rng, (width, 3, 3, 3))}

    def group_norm(name, channels):
        state[f"{name}.gamma"] = (1 + _normal(rng, channels)).astype(np.float32)
        state[f"{name}.beta"] = _normal(rng, channels)

    group_norm("stem_norm", width)
    channels = width
    for stage in range((image_size // 4).bit_length() - 1):
        out_channels = width << min(stage + 1, 3)
        block = f"blocks.{stage}"
        state[f"{block}.conv1.weight"] = _normal(rng, (out_channels, channels, 3, 3))
        state[f"{block}.conv2.weight"] = _normal(rng, (out_channels, out_channels, 3, 3))
        state[f"{block}.shortcut.weight"] = _normal(rng, (out_channels, channels, 1, 1))
        for norm in ("norm1", "norm2", "shortcut_norm"):
            group_norm(f"{block}.{norm}", out_channels)
        channels = out_channels
    for name, shape in (
        ("head_hidden", (channels, channels)),
        ("head_out", (channels, embedding_dim)),
    ):
        state[f"{name}.weight"] = _normal(rng, shape)
        state[f"{name}.bias"] = _normal(rng, shape[1])
    return state


def config_for(shape, version=2):
    """A `config.json` (the fields our loader reads) describing `shape`, in format `version`."""
    preset = next(name for name, width in PRESET_WIDTHS.items() if width == shape.width)
    model = {
        "preset": preset,
        "latent_dim": shape.latent_dim,
        "image_size": 32,
        "num_classes": shape.num_classes,
    }
    conditional = shape.num_classes is not None
    if version == 1:
        gan = {"gan": model, "conditional": conditional}
    else:
        gan = {"gan": {"config": model, "conditional": conditional}}
    dataset = {"Builtin": {"dataset": "Digits", "size": shape.image_size, "count": 2000, "seed": 1}}
    return {"version": version, "task": "Gan", "dataset": dataset, **gan}


def run_zip(shape, rng, iteration=7, config=None):
    """A run file (bytes) with one `nda` run of `shape`; returns `(bytes, weights by network)`."""
    networks = {
        "generator": generator_state(shape, rng),
        "discriminator": discriminator_state(shape, rng),
        "ema_generator": generator_state(shape, rng),
    }
    flat = {
        f"{prefix}.{name}": array
        for prefix, state in networks.items()
        for name, array in state.items()
    }
    weights = write_safetensors(flat, {"iteration": iteration, "written_by": "NDA Lab"})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.md", "# NDA Lab run\n")
        archive.writestr("config.json", json.dumps(config or config_for(shape), indent=2))
        archive.writestr("runs/nda/metrics.csv", "iteration,d_loss,g_loss\n1,1.5,0.25\n2,,0.5\n")
        archive.writestr("runs/nda/weights.safetensors", weights)
    return buffer.getvalue(), networks
