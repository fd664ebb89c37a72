#!/usr/bin/env bash
# `make bench-gpu` (issue 14): one GAN iteration (4 D + 1 G, batch 64, 32x32, tiny and small) on
# one NVIDIA GPU, three ways, and the ratios to PyTorch:
#   1. the native CLI on burn's wgpu runtime (Vulkan),
#   2. the release page in headless Chromium with WebGPU on the same GPU (Vulkan, not SwiftShader),
#   3. bench/gan/reference.py on CUDA (PyTorch eager).
# Needs only what the project installs (the Makefile's tools, bench/requirements.txt) plus the
# machine's NVIDIA driver with Vulkan. Every step prints what it does; a step that cannot run says
# why and the others still run. Budget: under 10 minutes on a 16-core machine once the release
# builds exist (the first release build of the page takes longer on fewer cores).
set -uo pipefail
cd "$(dirname "$0")/.."

if ! command -v nvidia-smi >/dev/null; then
  echo "bench-gpu: no NVIDIA GPU here (nvidia-smi is missing); nothing was measured"
  exit 1
fi
echo "# $(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | head -1)"
started=$SECONDS
results=$(mktemp)
trap 'rm -f "$results"' EXIT

step() { echo "## $* ($((SECONDS - started)) s in)"; }

step "native: nda-lab bench on wgpu"
if cargo build --release --locked --features native-gpu --bin nda-lab >/dev/null 2>&1; then
  "${CARGO_TARGET_DIR:-target}/release/nda-lab" bench --only gan --device gpu | tee -a "$results"
else
  echo "native: the release build with --features native-gpu failed; run it by hand to see why"
fi

step "PyTorch on CUDA"
TORCH=.tools/torch-venv/bin/python
if [ ! -x "$TORCH" ]; then
  python3 -m venv .tools/torch-venv && .tools/torch-venv/bin/pip install --quiet -r bench/requirements.txt
fi
"$TORCH" bench/gan/reference.py --device cuda --iterations 20 --warmup 5 | tee -a "$results"

step "the page: release build, WebGPU on this GPU"
if make --no-print-directory dist-release >/dev/null; then
  NDA_REAL_GPU=1 BENCH_BACKENDS=webgpu BENCH_ONLY=gan BENCH_GAN_ITERATIONS=30 BENCH_PREFIX=page \
    DIST=dist-release node tests/bench/browser.mjs | tee -a "$results"
else
  echo "page: make dist-release failed"
fi

step "ratios (goal: within 2x of PyTorch CUDA)"
awk -f bench/ratio.awk "$results"
echo "# bench-gpu took $((SECONDS - started)) s"
