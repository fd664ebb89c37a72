"""The NumPy layer operations against naive loops written from the definitions, and spectral norm
on matrices whose answer is known."""

import unittest

import numpy as np

from nda_lab import numpy_ops as ops


def naive_conv2d(x, weight, bias, stride, padding):
    """out[n, o, i, j] = bias[o] + sum_{c, a, b} x[n, c, i s - p + a, j s - p + b] w[o, c, a, b]."""
    batch, channels, height, width = x.shape
    out_channels, _, kernel, _ = weight.shape
    out_h = (height + 2 * padding - kernel) // stride + 1
    out_w = (width + 2 * padding - kernel) // stride + 1
    out = np.zeros((batch, out_channels, out_h, out_w))
    for n in range(batch):
        for o in range(out_channels):
            for i in range(out_h):
                for j in range(out_w):
                    total = bias[o]
                    for c in range(channels):
                        for a in range(kernel):
                            for b in range(kernel):
                                row, col = i * stride - padding + a, j * stride - padding + b
                                if 0 <= row < height and 0 <= col < width:
                                    total += x[n, c, row, col] * weight[o, c, a, b]
                    out[n, o, i, j] = total
    return out


def naive_conv_transpose2d(x, weight, bias, stride, padding):
    """Every input pixel scatters `x * w[c, o]` to `(i s - p + a, j s - p + b)` (PyTorch's
    definition, `weight [in, out, k, k]`)."""
    batch, channels, height, width = x.shape
    _, out_channels, kernel, _ = weight.shape
    out_h = (height - 1) * stride - 2 * padding + kernel
    out_w = (width - 1) * stride - 2 * padding + kernel
    out = np.zeros((batch, out_channels, out_h, out_w)) + bias.reshape(1, -1, 1, 1)
    for n in range(batch):
        for c in range(channels):
            for i in range(height):
                for j in range(width):
                    for a in range(kernel):
                        for b in range(kernel):
                            row, col = i * stride - padding + a, j * stride - padding + b
                            if 0 <= row < out_h and 0 <= col < out_w:
                                out[n, :, row, col] += x[n, c, i, j] * weight[c, :, a, b]
    return out


class Convolutions(unittest.TestCase):
    def setUp(self):
        self.rng = np.random.default_rng(3)

    def test_conv2d_matches_the_naive_loop(self):
        for kernel, stride, padding, side in [
            (3, 1, 1, 5),
            (4, 2, 1, 6),
            (1, 2, 0, 5),
            (3, 2, 0, 7),
        ]:
            with self.subTest(kernel=kernel, stride=stride, padding=padding):
                x = self.rng.standard_normal((2, 3, side, side))
                weight = self.rng.standard_normal((4, 3, kernel, kernel))
                bias = self.rng.standard_normal(4)
                ours = ops.conv2d(x, weight, bias, stride, padding)
                np.testing.assert_allclose(
                    ours, naive_conv2d(x, weight, bias, stride, padding), atol=1e-12
                )

    def test_conv_transpose2d_matches_the_naive_loop(self):
        for kernel, stride, padding, side in [
            (4, 2, 1, 3),
            (3, 1, 1, 4),
            (3, 2, 0, 2),
            (4, 2, 1, 1),
        ]:
            with self.subTest(kernel=kernel, stride=stride, padding=padding):
                x = self.rng.standard_normal((2, 3, side, side))
                weight = self.rng.standard_normal((3, 5, kernel, kernel))
                bias = self.rng.standard_normal(5)
                ours = ops.conv_transpose2d(x, weight, bias, stride, padding)
                expected = naive_conv_transpose2d(x, weight, bias, stride, padding)
                np.testing.assert_allclose(ours, expected, atol=1e-12)

    def test_k4_s2_p1_doubles_the_side_and_is_the_adjoint_of_the_conv(self):
        # <conv(x), y> = <x, conv_transpose(y)> for the same weight viewed [out, in] / [in, out]:
        # ties the transposed conv's layout to the conv's without a reference implementation.
        x = self.rng.standard_normal((2, 3, 8, 8))
        weight = self.rng.standard_normal((5, 3, 4, 4))
        y = self.rng.standard_normal((2, 5, 4, 4))
        forward = ops.conv2d(x, weight, None, stride=2, padding=1)
        backward = ops.conv_transpose2d(y, weight, None, stride=2, padding=1)
        self.assertEqual(backward.shape, (2, 3, 8, 8))
        self.assertAlmostEqual(float(np.sum(forward * y)), float(np.sum(x * backward)), places=9)


class Normalisations(unittest.TestCase):
    def test_batch_norm_uses_the_given_statistics(self):
        x = np.arange(16.0).reshape(2, 2, 2, 2)
        out = ops.batch_norm_inference(
            x,
            np.array([2.0, 1.0]),
            np.array([0.0, 1.0]),
            np.array([1.0, 0.0]),
            np.array([4.0, 1.0]),
            0.0,
        )
        np.testing.assert_allclose(out[:, 0], (x[:, 0] - 1.0) / 2.0 * 2.0)
        np.testing.assert_allclose(out[:, 1], x[:, 1] + 1.0)

    def test_group_norm_matches_per_group_statistics(self):
        rng = np.random.default_rng(5)
        x = rng.standard_normal((2, 8, 3, 3)) * 3 + 1
        gamma, beta = rng.standard_normal(8), rng.standard_normal(8)
        out = ops.group_norm(x, 4, gamma, beta, epsilon=1e-5)
        for n in range(2):
            for group in range(4):
                channels = slice(2 * group, 2 * group + 2)
                values = x[n, channels]
                normalised = (values - values.mean()) / np.sqrt(values.var() + 1e-5)
                expected = normalised * gamma[channels, None, None] + beta[channels, None, None]
                np.testing.assert_allclose(out[n, channels], expected, atol=1e-12)

    def test_l2_normalise_gives_unit_rows_and_keeps_zero_rows(self):
        rows = np.array([[3.0, 4.0], [0.0, 0.0]])
        np.testing.assert_allclose(ops.l2_normalise(rows), [[0.6, 0.8], [0.0, 0.0]])


class SpectralNorm(unittest.TestCase):
    def test_one_iteration_on_a_known_matrix(self):
        # W = diag(3, 1), u = (1, 1)/sqrt 2: v = (3, 1)/sqrt 10, u' = (9, 1)/sqrt 82,
        # sigma = u'^T W v = 82 / sqrt(820) = sqrt(8.2), below the true top singular value 3.
        weight = np.diag([3.0, 1.0])
        normalised, sigma = ops.spectral_normalise(weight, np.array([1.0, 1.0]) / np.sqrt(2))
        self.assertAlmostEqual(float(sigma), np.sqrt(8.2), places=10)
        np.testing.assert_allclose(normalised, weight / np.sqrt(8.2))

    def test_exact_for_rank_one_and_views_dimension_zero_as_rows(self):
        rng = np.random.default_rng(7)
        left, right = rng.standard_normal(4), rng.standard_normal(2 * 3 * 3)
        weight = np.outer(left, right).reshape(4, 2, 3, 3)
        # [out, in, k, k]: the view is [4, 18], so u has 4 entries.
        _, sigma = ops.spectral_normalise(weight, np.ones(4) / 2)
        self.assertAlmostEqual(
            float(sigma), np.linalg.norm(left) * np.linalg.norm(right), places=10
        )

    def test_repeated_iterations_converge_to_the_top_singular_value(self):
        rng = np.random.default_rng(11)
        matrix = rng.standard_normal((6, 9))
        u = np.ones(6) / np.sqrt(6)
        for _ in range(200):
            v = matrix.T @ u
            v /= np.linalg.norm(v)
            u = matrix @ v
            u /= np.linalg.norm(u)
        _, sigma = ops.spectral_normalise(matrix, u)
        self.assertAlmostEqual(float(sigma), np.linalg.svd(matrix, compute_uv=False)[0], places=8)


if __name__ == "__main__":
    unittest.main()
