"""The safetensors reader on hand-built bytes (independent of our writer) and round trips."""

import json
import struct
import unittest

import numpy as np

from nda_lab.safetensors_io import SafetensorsError, read_safetensors, write_safetensors


def hand_built(header, buffer):
    """A file from a header dict and raw buffer bytes, without padding (the reader must not need
    the 8-byte alignment our writer adds)."""
    encoded = json.dumps(header).encode("utf-8")
    return struct.pack("<Q", len(encoded)) + encoded + buffer


class ReadsHandBuiltFiles(unittest.TestCase):
    def test_reads_f32_and_i64_with_metadata(self):
        floats = struct.pack("<6f", 0.5, -1.0, 2.0, 3.25, -0.125, 8.0)
        ints = struct.pack("<3q", 0, -7, 2**40)
        header = {
            "__metadata__": {"iteration": "12", "written_by": "NDA Lab"},
            "labels": {"dtype": "I64", "shape": [3], "data_offsets": [24, 48]},
            "images": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]},
        }
        tensors, metadata = read_safetensors(hand_built(header, floats + ints))
        self.assertEqual(metadata, {"iteration": "12", "written_by": "NDA Lab"})
        np.testing.assert_array_equal(tensors["images"], [[0.5, -1.0, 2.0], [3.25, -0.125, 8.0]])
        self.assertEqual(tensors["images"].dtype, np.float32)
        np.testing.assert_array_equal(tensors["labels"], [0, -7, 2**40])
        self.assertEqual(tensors["labels"].dtype, np.int64)

    def test_reads_scalars_empty_tensors_f64_and_i32(self):
        header = {
            "scalar": {"dtype": "F64", "shape": [], "data_offsets": [0, 8]},
            "empty": {"dtype": "F32", "shape": [0, 4], "data_offsets": [8, 8]},
            "ids": {"dtype": "I32", "shape": [2], "data_offsets": [8, 16]},
        }
        buffer = struct.pack("<d", np.pi) + struct.pack("<2i", -1, 5)
        tensors, metadata = read_safetensors(hand_built(header, buffer))
        self.assertEqual(metadata, {})
        self.assertEqual(tensors["scalar"].shape, ())
        self.assertEqual(float(tensors["scalar"]), np.pi)
        self.assertEqual(tensors["empty"].shape, (0, 4))
        np.testing.assert_array_equal(tensors["ids"], [-1, 5])

    def test_refuses_damaged_and_unsupported_files(self):
        good = {"x": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}
        cases = {
            "too short": b"\x01\x02",
            "header past the end": struct.pack("<Q", 1000) + b"{}",
            "not json": struct.pack("<Q", 3) + b"{{{",
            "offsets past the buffer": hand_built(good, b"\x00" * 4),
            "size does not match shape": hand_built(
                {"x": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}}, b"\x00" * 8
            ),
            "bf16": hand_built(
                {"x": {"dtype": "BF16", "shape": [2], "data_offsets": [0, 4]}}, b"\x00" * 4
            ),
        }
        for what, data in cases.items():
            with self.subTest(what), self.assertRaises(SafetensorsError):
                read_safetensors(data)


class RoundTrips(unittest.TestCase):
    def test_every_supported_dtype_survives_a_round_trip(self):
        rng = np.random.default_rng(0)
        tensors = {
            "weight": rng.standard_normal((3, 2, 4, 4)).astype(np.float32),
            "double": rng.standard_normal(5),
            "labels": rng.integers(0, 10, 6).astype(np.int64),
            "ids": rng.integers(-5, 5, (2, 2)).astype(np.int32),
        }
        data = write_safetensors(tensors, {"iteration": 3})
        (header_len,) = struct.unpack("<Q", data[:8])
        self.assertEqual(header_len % 8, 0, "the writer aligns the buffer like the reference")
        back, metadata = read_safetensors(data)
        self.assertEqual(metadata, {"iteration": "3"})
        self.assertEqual(list(back), list(tensors))
        for name, array in tensors.items():
            self.assertEqual(back[name].dtype, array.dtype, name)
            np.testing.assert_array_equal(back[name], array)

    def test_refuses_to_write_unsupported_dtypes(self):
        with self.assertRaises(SafetensorsError):
            write_safetensors({"half": np.zeros(2, dtype=np.float16)})


if __name__ == "__main__":
    unittest.main()
