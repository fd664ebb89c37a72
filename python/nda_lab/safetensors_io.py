"""Reads and writes safetensors files with the standard library and NumPy only.

NDA Lab stores every weight (`runs/<label>/weights.safetensors` in a run file) and every tensor the
CLI dumps for checking (`nda-lab sample --tensors`) as safetensors. The `safetensors` package would
read them too, but our checks must run where only NumPy is installed, and the format is small enough
to read by hand (https://github.com/huggingface/safetensors#format):

    8 bytes   little-endian u64 N, the length of the header
    N bytes   UTF-8 JSON: {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]},
              ..., "__metadata__": {"key": "value", ...}}   (offsets relative to the byte buffer)
    rest      the byte buffer: every tensor row-major, little-endian

We support the dtypes our files use (F32 weights and images, I64 labels) plus F64 and I32.
"""

import json
import struct
from pathlib import Path

import numpy as np

#: safetensors dtype names and their little-endian NumPy dtypes.
DTYPES = {
    "F32": np.dtype("<f4"),
    "F64": np.dtype("<f8"),
    "I32": np.dtype("<i4"),
    "I64": np.dtype("<i8"),
}

#: The header key that holds the string-to-string metadata, not a tensor.
METADATA_KEY = "__metadata__"

#: A header longer than this is refused before it is read: the format's own reader caps it at
#: 100 MB, and a corrupt length would otherwise allocate gigabytes.
MAX_HEADER_BYTES = 100_000_000


class SafetensorsError(ValueError):
    """The bytes are not a safetensors file this reader supports; the message says why."""


def read_safetensors(source):
    """Parses a safetensors file.

    `source` is a path or the file's bytes. Returns `(tensors, metadata)`: a dict from name to a
    NumPy array (native byte order, a copy that owns its memory) in the file's order, and the
    `__metadata__` dict (empty when absent).
    """
    data = Path(source).read_bytes() if isinstance(source, (str, Path)) else bytes(source)
    header, buffer = _split(data)
    metadata = header.pop(METADATA_KEY, None) or {}
    tensors = {}
    for name, entry in header.items():
        tensors[name] = _tensor(name, entry, buffer)
    return tensors, dict(metadata)


def write_safetensors(tensors, metadata=None):
    """Serialises `{name: array}` (and string metadata) to safetensors bytes.

    Used by the tests to build files by hand; tensors are stored in the given order, each as its
    own dtype (one of `DTYPES`), row-major and little-endian.
    """
    header = {}
    chunks = []
    offset = 0
    for name, array in tensors.items():
        array = np.ascontiguousarray(array)
        dtype_name = _dtype_name(name, array.dtype)
        raw = array.astype(DTYPES[dtype_name], copy=False).tobytes()
        header[name] = {
            "dtype": dtype_name,
            "shape": list(array.shape),
            "data_offsets": [offset, offset + len(raw)],
        }
        chunks.append(raw)
        offset += len(raw)
    if metadata:
        header[METADATA_KEY] = {str(key): str(value) for key, value in metadata.items()}
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    # The reference writer pads the header with spaces to a multiple of 8 so that the buffer is
    # aligned; readers must accept both.
    encoded += b" " * (-len(encoded) % 8)
    return struct.pack("<Q", len(encoded)) + encoded + b"".join(chunks)


def _split(data):
    """The parsed JSON header and the byte buffer after it."""
    if len(data) < 8:
        raise SafetensorsError(f"{len(data)} bytes is too short for a safetensors file")
    (header_len,) = struct.unpack("<Q", data[:8])
    if header_len > MAX_HEADER_BYTES or 8 + header_len > len(data):
        raise SafetensorsError(
            f"the header claims {header_len} bytes but the file has {len(data)}: not safetensors"
        )
    try:
        header = json.loads(data[8 : 8 + header_len].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SafetensorsError(f"the header is not JSON ({error})") from error
    if not isinstance(header, dict):
        raise SafetensorsError("the header is not a JSON object")
    return header, memoryview(data)[8 + header_len :]


def _tensor(name, entry, buffer):
    """One tensor of the header, checked against the buffer."""
    try:
        dtype_name = entry["dtype"]
        shape = tuple(int(side) for side in entry["shape"])
        begin, end = (int(offset) for offset in entry["data_offsets"])
    except (KeyError, TypeError, ValueError) as error:
        raise SafetensorsError(f"{name}: malformed header entry {entry!r}") from error
    if dtype_name not in DTYPES:
        supported = ", ".join(DTYPES)
        raise SafetensorsError(f"{name} is {dtype_name}; this reader supports {supported}")
    dtype = DTYPES[dtype_name]
    expected = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if not 0 <= begin <= end <= len(buffer) or end - begin != expected:
        raise SafetensorsError(
            f"{name}: offsets [{begin}, {end}) do not hold {shape} {dtype_name} "
            f"({expected} bytes) in a {len(buffer)}-byte buffer"
        )
    array = np.frombuffer(buffer[begin:end], dtype=dtype).reshape(shape)
    # Native byte order and an owned copy, so the caller may keep it after the bytes are gone.
    return array.astype(dtype.newbyteorder("="), copy=True)


def _dtype_name(name, dtype):
    """The safetensors name of a NumPy dtype we can write."""
    for dtype_name, candidate in DTYPES.items():
        if (
            np.dtype(dtype).kind == candidate.kind
            and np.dtype(dtype).itemsize == candidate.itemsize
        ):
            return dtype_name
    raise SafetensorsError(f"{name}: cannot write dtype {dtype}; use one of {', '.join(DTYPES)}")
