"""The NumPy models on synthetic weights, the check script end to end, and (when torch is
installed) the PyTorch modules against the NumPy models."""

import importlib.util
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import numpy as np

from nda_lab.architecture import GanShape
from nda_lab.numpy_models import NumpyDiscriminator, NumpyEncoder, NumpyGenerator
from nda_lab.safetensors_io import write_safetensors
from tests.synthetic import discriminator_state, encoder_state, generator_state, run_zip

PYTHON_DIR = Path(__file__).resolve().parent.parent
HAS_TORCH = importlib.util.find_spec("torch") is not None
SHAPES = (GanShape(16, 8, 32, None), GanShape(16, 8, 32, 4), GanShape(16, 8, 64, 3))


class NumpyModels(unittest.TestCase):
    def test_generator_images_are_in_range_and_independent_of_the_batch(self):
        rng = np.random.default_rng(0)
        for shape in SHAPES:
            with self.subTest(shape=shape):
                generator = NumpyGenerator(generator_state(shape, rng))
                latent = rng.standard_normal((3, shape.latent_dim))
                labels = None if shape.num_classes is None else np.array([0, 1, 2])
                images = generator.forward(latent, labels)
                self.assertEqual(images.shape, (3, 3, shape.image_size, shape.image_size))
                self.assertTrue(np.all(np.abs(images) <= 1))
                # Running statistics: one image alone is the same as in the batch.
                alone = generator.forward(latent[1:2], None if labels is None else labels[1:2])
                np.testing.assert_allclose(alone[0], images[1], atol=1e-12)

    def test_labels_matter_only_to_conditional_models(self):
        rng = np.random.default_rng(1)
        latent = rng.standard_normal((1, 8))
        conditional = NumpyGenerator(generator_state(SHAPES[1], rng))
        self.assertFalse(
            np.allclose(conditional.forward(latent, [0]), conditional.forward(latent, [1]))
        )
        plain = NumpyGenerator(generator_state(SHAPES[0], rng))
        np.testing.assert_array_equal(plain.forward(latent, [0]), plain.forward(latent, [1]))
        images = rng.uniform(-1, 1, (2, 3, 32, 32))
        projection = NumpyDiscriminator(discriminator_state(SHAPES[1], rng))
        with_labels = projection.forward(images, [0, 1])
        self.assertEqual(with_labels.shape, (2,))
        self.assertFalse(np.allclose(with_labels, projection.forward(images, [1, 0])))

    def test_encoder_embeddings_have_unit_length(self):
        encoder = NumpyEncoder(encoder_state(16, 32, np.random.default_rng(2)))
        images = np.random.default_rng(3).uniform(-1, 1, (2, 3, 32, 32))
        self.assertEqual(encoder.features(images).shape, (2, 128))
        np.testing.assert_allclose(np.linalg.norm(encoder.embed(images), axis=1), 1.0)


def write_case(directory, shape, rng, perturb=0.0, sampled_run="nda"):
    """A run file and a tensors file whose reference outputs are our NumPy outputs in float32."""
    data, networks = run_zip(shape, rng)
    latent = rng.standard_normal((4, shape.latent_dim)).astype(np.float32)
    labels = None if shape.num_classes is None else rng.integers(0, shape.num_classes, 4)
    images = NumpyGenerator(networks["ema_generator"]).forward(latent, labels).astype(np.float32)
    logits = (
        NumpyDiscriminator(networks["discriminator"]).forward(images, labels).astype(np.float32)
    )
    tensors = {
        "latent": latent,
        "images": images + np.float32(perturb),
        "discriminator_logits": logits,
    }
    if labels is not None:
        tensors["labels"] = labels.astype(np.int64)
    run_path, tensors_path = Path(directory, "run.zip"), Path(directory, "tensors.safetensors")
    run_path.write_bytes(data)
    metadata = {"written_by": "nda-lab sample", "run": sampled_run}
    tensors_path.write_bytes(write_safetensors(tensors, metadata))
    return run_path, tensors_path


def run_check(script, run_path, tensors_path):
    environment = dict(os.environ, PYTHONPATH=str(PYTHON_DIR))
    command = [sys.executable, str(PYTHON_DIR / script), str(run_path), str(tensors_path)]
    return subprocess.run(command, capture_output=True, text=True, env=environment, check=False)


class CheckScripts(unittest.TestCase):
    def test_numpy_check_passes_on_matching_tensors_and_fails_on_perturbed_ones(self):
        for perturb, expected in ((0.0, 0), (1e-3, 1)):
            with tempfile.TemporaryDirectory() as directory, self.subTest(perturb=perturb):
                paths = write_case(directory, SHAPES[1], np.random.default_rng(4), perturb)
                result = run_check("check_numpy.py", *paths)
                self.assertEqual(result.returncode, expected, result.stdout + result.stderr)
                self.assertIn("largest |ours - burn|", result.stdout)

    def test_tensors_of_another_run_are_refused_before_comparing(self):
        with tempfile.TemporaryDirectory() as directory:
            paths = write_case(
                directory, SHAPES[0], np.random.default_rng(7), sampled_run="baseline"
            )
            result = run_check("check_numpy.py", *paths)
            self.assertEqual(result.returncode, 2, result.stdout + result.stderr)
            self.assertIn("--run baseline", result.stderr)

    @unittest.skipUnless(HAS_TORCH, "torch is not installed")
    def test_torch_check_passes_on_matching_tensors(self):
        with tempfile.TemporaryDirectory() as directory:
            paths = write_case(directory, SHAPES[2], np.random.default_rng(5))
            result = run_check("check_torch.py", *paths)
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)


@unittest.skipUnless(HAS_TORCH, "torch is not installed")
class TorchAgreesWithNumpy(unittest.TestCase):
    def test_generator_discriminator_and_encoder(self):
        import torch

        from nda_lab.torch_models import Discriminator, Encoder, Generator

        rng = np.random.default_rng(6)
        for shape in SHAPES:
            with self.subTest(shape=shape):
                g_state, d_state = generator_state(shape, rng), discriminator_state(shape, rng)
                latent = rng.standard_normal((3, shape.latent_dim))
                labels = None if shape.num_classes is None else np.array([2, 0, 1])
                torch_labels = None if labels is None else torch.from_numpy(labels)
                images = NumpyGenerator(g_state).forward(latent, labels)
                with torch.no_grad():
                    ours = Generator.from_ours(g_state, torch.float64)(
                        torch.from_numpy(latent), torch_labels
                    )
                    logits = Discriminator.from_ours(d_state, torch.float64)(
                        torch.from_numpy(images), torch_labels
                    )
                np.testing.assert_allclose(ours.numpy(), images, atol=1e-10)
                expected = NumpyDiscriminator(d_state).forward(images, labels)
                np.testing.assert_allclose(logits.numpy(), expected, rtol=1e-10, atol=1e-10)
        e_state = encoder_state(16, 64, rng)
        images = rng.uniform(-1, 1, (2, 3, 64, 64))
        with torch.no_grad():
            embedding = Encoder.from_ours(e_state, torch.float64).embed(torch.from_numpy(images))
        np.testing.assert_allclose(
            embedding.numpy(), NumpyEncoder(e_state).embed(images), atol=1e-10
        )


if __name__ == "__main__":
    unittest.main()
