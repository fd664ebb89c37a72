#!/usr/bin/env python3
"""Checks our NumPy forward passes against burn's, with NumPy only.

    python3 python/check_numpy.py RUN.zip TENSORS.safetensors [--run nda]

TENSORS comes from `nda-lab sample RUN.zip --run nda --n N --seed S --out grid.png --tensors
TENSORS.safetensors`. We run the run's EMA generator on its `latent` (and `labels`) and compare
with its `images`, then the discriminator on `images` against `discriminator_logits` (see
`nda_lab/checks.py` for the tolerances). Exits 1 when a comparison fails, 2 when the files do not
fit together.
"""

import sys

from nda_lab import checks
from nda_lab.numpy_models import NumpyDiscriminator, NumpyGenerator


def main():
    args = checks.parse_args(__doc__.splitlines()[1]).parse_args()
    try:
        case = checks.load_case(args.run_file, args.tensors, args.run)
    except (KeyError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print("numpy (float64) vs burn:", checks.describe(case, args.run))
    tensors = case.tensors
    images = NumpyGenerator(case.run.ema_generator).forward(tensors.latent, tensors.labels)
    logits = NumpyDiscriminator(case.run.discriminator).forward(tensors.images, tensors.labels)
    passed = checks.compare_images(images, tensors.images)
    passed &= checks.compare_logits(logits, tensors.discriminator_logits)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
