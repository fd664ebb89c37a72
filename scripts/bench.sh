#!/usr/bin/env bash
# `make bench` (issue 14): every speed and size figure, each beside what it is compared with, then
# the ratios against the goals (bench/ratio.awk):
#   1. native, release, on all cores: data, augmentations, uploads, a GAN iteration, a contrastive step,
#      a video step;
#   2. the same GAN iteration and contrastive step natively on one thread (the page's CPU path has one),
#      and a tiny study's pairs per hour with one seed at a time against one per core;
#   3. PyTorch eager on all cores, when bench/README.md's install is there;
#   4. the release page in headless Chromium: its files' sizes, the time to the badge, then the CPU path
#      and WebGPU (SwiftShader without a GPU: a correctness run, not a speed).
# Numbers only; nothing here passes or fails. Steps 1 to 3 take a few minutes on 2 cores, step 4 about
# 10, plus the release build of the page when a source changed (15 minutes or more cold).
# `--no-page` stops after step 3 (`make bench-torch`).
set -uo pipefail
page=1
[ "${1:-}" = "--no-page" ] && page=0
cd "$(dirname "$0")/.."

threads=$(nproc)
started=$SECONDS
results=$(mktemp)
trap 'rm -f "$results"' EXIT
step() { echo "## $* ($((SECONDS - started)) s in)"; }

step "native: nda-lab bench, release, $threads threads"
cargo build --release --locked --bin nda-lab || exit 1
nda="${CARGO_TARGET_DIR:-target}/release/nda-lab"
"$nda" bench | tee -a "$results"

step "native on one thread (RAYON_NUM_THREADS=1): the reference for the page's CPU path"
for only in gan contrastive video; do
  RAYON_NUM_THREADS=1 "$nda" bench --only "$only" | grep -E '^(gan iteration|contrastive step|video step)' | sed 's/^/one-thread /' | tee -a "$results"
done

step "a tiny 4-seed study with --jobs 1 and --jobs $threads (scripts/bench-study-jobs.sh)"
bash scripts/bench-study-jobs.sh "$nda" | tee -a "$results"

step "PyTorch eager, $threads threads"
TORCH=.tools/torch-venv/bin/python
if [ -x "$TORCH" ]; then
  "$TORCH" bench/gan/reference.py --threads "$threads" --iterations 5 | tee -a "$results"
  "$TORCH" bench/contrastive/reference.py --threads "$threads" --preset all --steps 5 | tee -a "$results"
  "$TORCH" bench/video/reference.py --threads "$threads" --preset all --steps 5 | tee -a "$results"
else
  echo "# PyTorch reference skipped: see bench/README.md to install it"
fi

if [ "$page" = 1 ]; then
  step "the page: release build"
  make --no-print-directory dist-release || exit 1
  BENCH_PREFIX=page DIST=dist-release node tests/bench/browser.mjs | tee -a "$results"
fi

step "ratios"
awk -f bench/ratio.awk "$results"
echo "# bench took $((SECONDS - started)) s"
