"""Opening run files and reading the architecture from weights and config."""

import io
import unittest

import numpy as np

from nda_lab.architecture import (
    GanShape,
    check_against_config,
    shape_from_config,
    shape_from_discriminator,
    shape_from_generator,
)
from nda_lab.run_file import load_run_file, split_by_prefix
from tests.synthetic import config_for, discriminator_state, generator_state, run_zip

TINY = GanShape(width=16, latent_dim=8, image_size=32)


class RunFiles(unittest.TestCase):
    def test_splits_the_weights_by_network_and_reads_metadata_and_metrics(self):
        data, networks = run_zip(TINY, np.random.default_rng(0), iteration=42)
        run_file = load_run_file(io.BytesIO(data))
        self.assertEqual(run_file.config["gan"]["config"]["preset"], "Tiny")
        run = run_file.run("nda")
        self.assertEqual(run.iteration, 42)
        self.assertEqual(run.metadata["written_by"], "NDA Lab")
        for network, probe in (
            ("generator", "to_rgb.weight"),
            ("discriminator", "head.weight"),
            ("ema_generator", "input_norm.running_var"),
        ):
            loaded = getattr(run, network)
            self.assertEqual(set(loaded), set(networks[network]), network)
            np.testing.assert_array_equal(loaded[probe], networks[network][probe])
        self.assertEqual(run.metrics[0], {"iteration": 1.0, "d_loss": 1.5, "g_loss": 0.25})
        self.assertIsNone(run.metrics[1]["d_loss"])
        self.assertIsNone(run.grid_png)
        with self.assertRaisesRegex(KeyError, "baseline"):
            run_file.run("baseline")

    def test_unknown_network_prefixes_are_refused(self):
        with self.assertRaisesRegex(ValueError, "unexpected weight"):
            split_by_prefix({"critic.head.weight": np.zeros(1)}, ("generator",))


class Architecture(unittest.TestCase):
    def test_reads_every_size_from_the_weights(self):
        rng = np.random.default_rng(1)
        for shape in (TINY, GanShape(32, 16, 64, None), GanShape(16, 8, 32, 10)):
            with self.subTest(shape=shape):
                self.assertEqual(shape_from_generator(generator_state(shape, rng)), shape)
                seen_by_d = shape_from_discriminator(discriminator_state(shape, rng))
                self.assertEqual(
                    seen_by_d, GanShape(shape.width, 0, shape.image_size, shape.num_classes)
                )

    def test_stage_channels_follow_the_rust_configs(self):
        at_64 = GanShape(width=16, latent_dim=8, image_size=64)
        self.assertEqual(at_64.num_stages, 4)
        self.assertEqual(at_64.generator_stage_channels(), [64, 32, 16, 16])
        self.assertEqual(at_64.discriminator_stage_channels(), [16, 32, 64, 128])
        self.assertEqual(TINY.generator_stage_channels(), [64, 32, 16])

    def test_the_image_side_comes_from_the_dataset_and_mismatches_are_named(self):
        config = config_for(GanShape(32, 16, 64, 3))
        self.assertEqual(config["gan"]["config"]["image_size"], 32, "a stale image_size is ignored")
        self.assertEqual(shape_from_config(config), GanShape(32, 16, 64, 3))
        check_against_config(GanShape(32, 16, 64, 3), config, "generator")
        check_against_config(GanShape(32, 0, 64, 3), config, "discriminator")
        with self.assertRaisesRegex(ValueError, r"width 16 \(config: 32\)"):
            check_against_config(GanShape(16, 16, 64, 3), config, "generator")

    def test_version_1_configs_keep_reading(self):
        for shape in (TINY, GanShape(32, 16, 64, 3)):
            with self.subTest(shape=shape):
                self.assertEqual(shape_from_config(config_for(shape, version=1)), shape)
                self.assertEqual(shape_from_config(config_for(shape, version=2)), shape)


if __name__ == "__main__":
    unittest.main()
