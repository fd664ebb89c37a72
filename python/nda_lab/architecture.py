"""The sizes of our GAN, read from its weights and cross-checked against the run's config.

`crates/core/src/model/generator.rs` and `discriminator.rs` build both networks from four numbers: the base
channel width `w` (from the preset: tiny 16, small 32, medium 64; `ModelPreset::width` in
`crates/plain/src/model/settings.rs`), the latent size, the image side (32 or 64, from the dataset: `gan_experiment`
in `crates/plain/src/experiment/config.rs` overrides `gan.image_size` with it) and the number of classes of a
conditional run. The weights determine all four, so we build from the weights (a file is then
always loaded as it was trained) and compare with `config.json` to catch a file that does not
belong to its config.

Shapes of the weights, burn's layouts (`crates/core/src/model/sn_layers.rs`):

    generator.input.weight           [latent (+ latent when conditional), 8w * 4 * 4]  ([in, out])
    generator.blocks.<i>.conv.weight [in, out, 4, 4]   transposed conv, channels 8w >> (i+1), >= w
    generator.to_rgb.weight          [3, w, 3, 3]
    generator.class_table            [classes, latent] (conditional only)
    discriminator.convs.<i>.weight   [w << i, in, 4, 4]
    discriminator.head.weight        [8w or 4w, 1]     ([in, out])
    discriminator.projection.weight  [classes, features] (conditional only)
"""

from dataclasses import dataclass

#: Base channel width of each preset (`ModelPreset::width`).
PRESET_WIDTHS = {"Tiny": 16, "Small": 32, "Medium": 64}


@dataclass(frozen=True)
class GanShape:
    """The numbers that define our generator and discriminator."""

    #: Base channel width `w`; the 4x4 seed of G has `8w` channels.
    width: int
    #: Size of the latent vector `z`.
    latent_dim: int
    #: Image side, 32 or 64.
    image_size: int
    #: Number of classes of a conditional GAN, else None.
    num_classes: int = None

    @property
    def num_stages(self):
        """2x resampling stages between 4x4 and the image side (3 at 32 px, 4 at 64 px)."""
        return (self.image_size // 4).bit_length() - 1

    def generator_stage_channels(self):
        """Output channels of each generator stage: `8w` halving per stage, never below `w`."""
        return [
            max((8 * self.width) >> stage, self.width) for stage in range(1, self.num_stages + 1)
        ]

    def discriminator_stage_channels(self):
        """Output channels of each discriminator stage: `w, 2w, 4w(, 8w)`."""
        return [self.width << stage for stage in range(self.num_stages)]


def count_indexed(state, prefix):
    """How many `prefix.<i>.…` entries a state dict has (burn names `Vec` items by index)."""
    indices = {
        int(name[len(prefix) + 1 :].split(".", 1)[0])
        for name in state
        if name.startswith(prefix + ".") and name[len(prefix) + 1 :].split(".", 1)[0].isdigit()
    }
    if indices != set(range(len(indices))):
        raise ValueError(f"{prefix}.<i> indices are not 0..n: {sorted(indices)}")
    return len(indices)


def shape_from_generator(state):
    """The shape of a generator's state dict (names without the `generator.` prefix)."""
    width = int(state["to_rgb.weight"].shape[1])
    num_stages = count_indexed(state, "blocks")
    class_table = state.get("class_table")
    input_dim = int(state["input.weight"].shape[0])
    num_classes = None if class_table is None else int(class_table.shape[0])
    latent_dim = input_dim if class_table is None else int(class_table.shape[1])
    if class_table is not None and input_dim != 2 * latent_dim:
        raise ValueError(f"input.weight takes {input_dim} features, not 2 x latent {latent_dim}")
    shape = GanShape(width, latent_dim, 4 << num_stages, num_classes)
    _expect(state, "input.weight", (input_dim, 8 * width * 16))
    channels = 8 * width
    for index, out_channels in enumerate(shape.generator_stage_channels()):
        _expect(state, f"blocks.{index}.conv.weight", (channels, out_channels, 4, 4))
        channels = out_channels
    return shape


def shape_from_discriminator(state):
    """The shape of a discriminator's state dict; its latent size is unknown (reported as 0)."""
    num_stages = count_indexed(state, "convs")
    width = int(state["convs.0.weight"].shape[0])
    projection = state.get("projection.weight")
    num_classes = None if projection is None else int(projection.shape[0])
    shape = GanShape(width, 0, 4 << num_stages, num_classes)
    channels = 3
    for index, out_channels in enumerate(shape.discriminator_stage_channels()):
        _expect(state, f"convs.{index}.weight", (out_channels, channels, 4, 4))
        channels = out_channels
    _expect(state, "head.weight", (channels, 1))
    return shape


def shape_from_config(config):
    """The shape `config.json` describes (an `ExperimentConfig`, version 1 or 2).

    Version 2 keeps the GAN's model settings under `gan.config`; version 1 kept them in `gan`.
    """
    gan = config.get("gan", {})
    if config.get("version", 1) >= 2:
        gan = gan.get("config", {})
    preset = gan.get("preset", "Small")
    if preset not in PRESET_WIDTHS:
        raise ValueError(f"unknown preset {preset!r}; expected one of {sorted(PRESET_WIDTHS)}")
    image_size = gan.get("image_size", 32)
    dataset = config.get("dataset")
    if isinstance(dataset, dict) and len(dataset) == 1:
        # Serde's external tagging: {"Builtin": {"size": 32, ...}} or {"Uploaded": {...}}.
        (spec,) = dataset.values()
        image_size = spec.get("size", image_size)
    return GanShape(
        width=PRESET_WIDTHS[preset],
        latent_dim=gan.get("latent_dim", 128),
        image_size=image_size,
        num_classes=gan.get("num_classes"),
    )


def check_against_config(shape, config, what):
    """Raises when the weights' shape differs from the config's (latent 0 means unknown)."""
    expected = shape_from_config(config)
    problems = [
        f"{field} {getattr(shape, field)} (config: {getattr(expected, field)})"
        for field in ("width", "latent_dim", "image_size", "num_classes")
        if getattr(shape, field) != getattr(expected, field)
        and not (field == "latent_dim" and shape.latent_dim == 0)
    ]
    if problems:
        raise ValueError(f"the {what} weights do not match config.json: " + "; ".join(problems))


def _expect(state, name, shape):
    actual = tuple(int(side) for side in state[name].shape)
    if actual != tuple(shape):
        raise ValueError(f"{name} has shape {actual}, the architecture needs {tuple(shape)}")
