#!/usr/bin/env bash
# The README's hero picture: the fixed-noise grids of one seed's NDA run and its baseline after
# the full budget of the Faces study at 1,000 iterations, copied from the study's folder into
# docs/. Train them first (about 1 h on 2 cores for the first two seeds):
#   nda-lab study --config examples/study-faces-jigsaw-1000.json --out runs/study-faces-jigsaw-1000 --jobs 2
#   scripts/hero-picture.sh runs/study-faces-jigsaw-1000 1
set -euo pipefail
cd "$(dirname "$0")/.."
study="${1:-runs/study-faces-jigsaw-1000}"
seed="${2:-1}"
for iteration in 000250 001000; do
  nda="$study/nda/seed-$seed/nda/samples_$iteration.png"
  baseline="$study/baseline/seed-$seed/nda/samples_$iteration.png"
  for file in "$nda" "$baseline"; do
    [ -f "$file" ] || { echo "no $file: train the study first (see this script's header)" >&2; exit 1; }
  done
  cp "$nda" "docs/hero-nda-$iteration.png"
  cp "$baseline" "docs/hero-baseline-$iteration.png"
done
echo "docs/hero-{nda,baseline}-{000250,001000}.png: seed $seed of $study"
