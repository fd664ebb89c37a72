#!/usr/bin/env python3
"""Paired comparison of two arms of one `nda-lab study` folder on one metric, from `study.csv`.

The study report compares each arm with the baseline; this compares two arms with each other
(e.g. NDA against an alpha-only control), seed by seed: the mean difference with a 95 % Student t
interval, wins and the exact two-sided sign-flip p. Standard library only.

    python3 scripts/compare-arms.py runs/study-faces-jigsaw/study.csv nda alpha-only kid
"""
import csv
import itertools
import math
import statistics
import sys

# 97.5 % quantiles of Student's t for 1..30 degrees of freedom.
T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042]


def main(path, arm_a, arm_b, metric):
    values = {}
    with open(path, newline="") as file:
        for row in csv.DictReader(file):
            if row["metric"] == metric and row["arm"] in (arm_a, arm_b):
                values.setdefault(int(row["seed"]), {})[row["arm"]] = float(row["nda"])
    pairs = [(v[arm_a], v[arm_b]) for _, v in sorted(values.items()) if len(v) == 2]
    pairs = [(a, b) for a, b in pairs if math.isfinite(a) and math.isfinite(b)]
    differences = [a - b for a, b in pairs]
    n = len(differences)
    if n < 2 or n > 30:
        sys.exit(f"need 2 to 30 seeds with both arms, found {n}")
    mean = statistics.fmean(differences)
    sd = statistics.stdev(differences)
    half = T975[n - 2] * sd / math.sqrt(n)
    observed = abs(sum(differences))
    flips = [abs(sum(s * d for s, d in zip(signs, differences)))
             for signs in itertools.product((1, -1), repeat=n)]
    p = sum(1 for total in flips if total >= observed - 1e-12) / len(flips)
    lower = sum(1 for d in differences if d < 0)
    print(f"{metric}: {arm_a} − {arm_b} = {mean:+.4f} [{mean - half:+.4f}, {mean + half:+.4f}], "
          f"{arm_a} lower in {lower} of {n} seeds, exact sign-flip p = {p:.4f}")


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(*sys.argv[1:])
