#!/usr/bin/env python3
"""Checks the video task's clip encoder, recomputed in NumPy (or PyTorch), against burn's.

    python3 python/check_video.py RUN_DIR [--torch] [--dtype float32|float64]

RUN_DIR is one run's folder of `nda-lab video` (e.g. `runs/video/nda`): its `weights.safetensors`
(`encoder.*`) and `check.safetensors` (four held-out clips and the frozen encoder's clip features,
one-frame features, predictions, targets and predictive scores of them). Every output must agree
within 1e-4 (absolute, or relative to its largest value). Exits 1 when a comparison fails, 2 when
the files do not fit together.
"""

import argparse
import sys
from pathlib import Path

import numpy as np

from nda_lab.safetensors_io import read_safetensors

TOLERANCE = 1e-4
PREFIX = "encoder."


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("run_dir", type=Path)
    parser.add_argument("--torch", action="store_true", help="PyTorch instead of NumPy")
    parser.add_argument("--dtype", choices=("float32", "float64"), default="float32")
    args = parser.parse_args()
    try:
        weights, _ = read_safetensors(args.run_dir / "weights.safetensors")
        check, _ = read_safetensors(args.run_dir / "check.safetensors")
        state = {name[len(PREFIX) :]: value for name, value in weights.items()}
        if not state or len(state) != len(weights):
            raise ValueError("weights.safetensors holds no `encoder.*` weights")
        ours = compute(state, check["clips"], args)
    except (KeyError, ValueError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    passed = True
    for name, value in ours.items():
        reference = np.asarray(check[name], np.float64)
        if value.shape != reference.shape:
            print(f"{name}: shape {value.shape}, burn {reference.shape}: FAILED")
            passed = False
            continue
        error = float(np.max(np.abs(value - reference)))
        scale = max(1.0, float(np.max(np.abs(reference))))
        ok = error <= TOLERANCE * scale
        passed &= ok
        print(f"{name} {list(value.shape)}: max |difference| {error:.2e}: {'ok' if ok else 'FAILED'}")
    return 0 if passed else 1


def compute(state, clips, args):
    if not args.torch:
        from nda_lab.numpy_video import NumpyClipEncoder

        print("numpy (float64) vs burn:")
        return NumpyClipEncoder(state).forward(clips)
    import torch

    from nda_lab.torch_video import ClipEncoder

    dtype = getattr(torch, args.dtype)
    print(f"torch {torch.__version__} ({args.dtype}) vs burn:")
    with torch.no_grad():
        outputs = ClipEncoder.from_ours(state, dtype)(torch.from_numpy(clips).to(dtype))
    return {name: value.double().numpy() for name, value in outputs.items()}


if __name__ == "__main__":
    sys.exit(main())
