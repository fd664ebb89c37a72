"""What `check_numpy.py` and `check_torch.py` share: the command line, reading a run file with the
tensors that `nda-lab sample --tensors` dumped from it, and comparing our forward passes with them.

The tensors file (safetensors) holds, for `n` samples of one run of the file:

    latent                 f32 [n, latent_dim]      the noise fed to the EMA generator
    labels                 i64 [n]                  class ids, only for a class-conditional model
    images                 f32 [n, 3, size, size]   the EMA generator's output in [-1, 1]
    discriminator_logits   f32 [n]                  D's raw logit of `images` (with `labels`)

A check passes when our images are within 1e-4 of burn's everywhere, and our logits within
1e-4 * max(1, |logit|) (a logit is a sum over thousands of products, so its rounding grows with it).
"""

import argparse
from dataclasses import dataclass

import numpy as np

from .architecture import (
    check_against_config,
    shape_from_discriminator,
    shape_from_generator,
)
from .run_file import load_run_file
from .safetensors_io import read_safetensors

#: Largest absolute difference allowed on an image value in [-1, 1].
IMAGE_TOLERANCE = 1e-4
#: Largest difference allowed on a logit, relative to max(1, |logit|).
LOGIT_TOLERANCE = 1e-4


@dataclass
class SampleTensors:
    """The reference tensors of `nda-lab sample --tensors`."""

    latent: np.ndarray
    labels: np.ndarray
    images: np.ndarray
    discriminator_logits: np.ndarray
    metadata: dict


@dataclass
class Case:
    """One run of a run file with its reference tensors, checked to belong together."""

    run: object
    config: dict
    tensors: SampleTensors


def parse_args(description):
    """`RUN.zip TENSORS.safetensors [--run nda]`."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("run_file", help="the run file (zip) written by NDA Lab")
    parser.add_argument("tensors", help="the file written by `nda-lab sample --tensors`")
    parser.add_argument("--run", default="nda", help="which run of the file: nda or baseline")
    return parser


def load_sample_tensors(path):
    """Reads and checks the shapes of a `--tensors` file."""
    tensors, metadata = read_safetensors(path)
    missing = {"latent", "images", "discriminator_logits"} - set(tensors)
    if missing:
        raise ValueError(
            f"{path} lacks {sorted(missing)}: not written by `nda-lab sample --tensors`"
        )
    samples = SampleTensors(
        latent=tensors["latent"],
        labels=tensors.get("labels"),
        images=tensors["images"],
        discriminator_logits=tensors["discriminator_logits"],
        metadata=metadata,
    )
    count = samples.latent.shape[0]
    if samples.images.shape[:2] != (count, 3) or samples.discriminator_logits.shape != (count,):
        raise ValueError(
            f"inconsistent shapes: latent {samples.latent.shape}, images {samples.images.shape}, "
            f"logits {samples.discriminator_logits.shape}"
        )
    if samples.labels is not None and samples.labels.shape != (count,):
        raise ValueError(f"labels have shape {samples.labels.shape}, expected ({count},)")
    return samples


def load_case(run_path, tensors_path, label):
    """The run `label` of the run file and the tensors, after checking that the weights match the
    config and the tensors match the model (latent size, image side, labels iff conditional)."""
    run_file = load_run_file(run_path)
    run = run_file.run(label)
    tensors = load_sample_tensors(tensors_path)
    sampled = tensors.metadata.get("run", label)
    if sampled != label:
        raise ValueError(
            f"the tensors were sampled from run {sampled!r}, not {label!r}: pass --run {sampled}"
        )
    generator_shape = shape_from_generator(run.ema_generator)
    check_against_config(generator_shape, run_file.config, "EMA generator")
    check_against_config(
        shape_from_discriminator(run.discriminator), run_file.config, "discriminator"
    )
    size = generator_shape.image_size
    if tensors.latent.shape[1] != generator_shape.latent_dim or tensors.images.shape[2:] != (
        size,
        size,
    ):
        raise ValueError(
            f"the tensors (latent {tensors.latent.shape}, images {tensors.images.shape}) do not "
            f"fit the model (latent {generator_shape.latent_dim}, {size}x{size}): wrong run?"
        )
    conditional = generator_shape.num_classes is not None
    if conditional != (tensors.labels is not None):
        raise ValueError(
            "the model is "
            + (
                "conditional but the tensors have no labels"
                if conditional
                else "unconditional but the tensors have labels"
            )
        )
    return Case(run=run, config=run_file.config, tensors=tensors)


def describe(case, label):
    """One line about the case for the check's output."""
    shape = shape_from_generator(case.run.ema_generator)
    classes = "unconditional" if shape.num_classes is None else f"{shape.num_classes} classes"
    return (
        f"run {label!r} at iteration {case.run.iteration}: width {shape.width}, latent "
        f"{shape.latent_dim}, {shape.image_size}x{shape.image_size}, {classes}; "
        f"{case.tensors.latent.shape[0]} samples"
    )


def compare_images(ours, reference):
    """Prints the largest absolute difference; True when within `IMAGE_TOLERANCE`."""
    difference = np.abs(np.asarray(ours, np.float64) - reference.astype(np.float64))
    largest = float(difference.max()) if difference.size else 0.0
    passed = largest <= IMAGE_TOLERANCE
    print(
        f"images: largest |ours - burn| = {largest:.3e} over {difference.size} values "
        f"(tolerance {IMAGE_TOLERANCE:g}): {'OK' if passed else 'FAIL'}"
    )
    return passed


def compare_logits(ours, reference):
    """Prints the largest absolute and scaled differences; True when the scaled one is within
    `LOGIT_TOLERANCE`."""
    reference = reference.astype(np.float64)
    difference = np.abs(np.asarray(ours, np.float64) - reference)
    scaled = difference / np.maximum(1.0, np.abs(reference))
    largest = float(difference.max()) if difference.size else 0.0
    largest_scaled = float(scaled.max()) if scaled.size else 0.0
    passed = largest_scaled <= LOGIT_TOLERANCE
    print(
        f"discriminator logits: largest |ours - burn| = {largest:.3e}, relative to "
        f"max(1, |logit|) = {largest_scaled:.3e} (tolerance {LOGIT_TOLERANCE:g}; logits in "
        f"[{reference.min():.3f}, {reference.max():.3f}]): {'OK' if passed else 'FAIL'}"
    )
    return passed
