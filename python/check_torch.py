#!/usr/bin/env python3
"""Checks our PyTorch modules (`nda_lab.torch_models`) against burn's forward passes.

    .tools/torch-venv/bin/python python/check_torch.py RUN.zip TENSORS.safetensors [--run nda]
        [--dtype float32|float64]

The same comparisons as `check_numpy.py`, with the weights loaded into plain PyTorch modules by
`load_ours` (float32 by default, as a researcher would use them). Exits 1 when a comparison fails,
2 when the files do not fit together.
"""

import sys

import torch

from nda_lab import checks
from nda_lab.torch_models import Discriminator, Generator


def main():
    parser = checks.parse_args(__doc__.splitlines()[1])
    parser.add_argument("--dtype", choices=("float32", "float64"), default="float32")
    args = parser.parse_args()
    try:
        case = checks.load_case(args.run_file, args.tensors, args.run)
    except (KeyError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    dtype = getattr(torch, args.dtype)
    print(f"torch {torch.__version__} ({args.dtype}) vs burn:", checks.describe(case, args.run))
    tensors = case.tensors
    labels = None if tensors.labels is None else torch.from_numpy(tensors.labels)
    generator = Generator.from_ours(case.run.ema_generator, dtype)
    discriminator = Discriminator.from_ours(case.run.discriminator, dtype)
    with torch.no_grad():
        images = generator(torch.from_numpy(tensors.latent).to(dtype), labels)
        logits = discriminator(torch.from_numpy(tensors.images).to(dtype), labels)
    passed = checks.compare_images(images.double().numpy(), tensors.images)
    passed &= checks.compare_logits(logits.double().numpy(), tensors.discriminator_logits)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
