# NDA Lab: `make serve` to use the page, `make test` to run every check. Both install what is
# missing (from crates.io, npm and Debian only) and are quick once everything is there.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Builds are reused across clones and CI runs (a cold burn build takes minutes on 2 cores).
export CARGO_TARGET_DIR ?= $(HOME)/.cache/nda-lab/target
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

TRUNK_VERSION := 0.21.14
WASM_BINDGEN_VERSION := $(shell sed -n '/^name = "wasm-bindgen"$$/{n;s/^version = "\(.*\)"/\1/p;}' Cargo.lock)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PORT ?= 8080


.PHONY: help serve test check fmt-check clippy native-test wasm-build dist-release e2e e2e-slow bench bench-torch bench-gpu \
        server-test interop interop-numpy interop-runs deploy-check bench-memory bench-memory-native bench-memory-page tools tools-rust tools-npm tools-browser tools-python \
        tools-deploy clean

help:
	@echo "make serve  - serve the page on http://127.0.0.1:$(PORT): a quick build first, then the optimised one"
	@echo "make test   - format, clippy (native + wasm32), native tests, wasm build, browser tests"
	@echo "make check  - the quick subset: format, clippy, native tests"
	@echo "make bench  - benchmarks that print numbers"
	@echo "make bench-memory - memory of long runs: a 10,000-iteration native GAN (hours; ITERATIONS=N), then 2,000 in the page"
	@echo "make bench-gpu - one GAN iteration on an NVIDIA GPU: native wgpu, the page, PyTorch CUDA"
	@echo "make interop - check that PyTorch loads our run files and computes our numbers (python/README.md)"

## ---- the two commands of the README ----

# Serves at once, shows the quick debug build as soon as it is built, then switches to the
# optimised release build when that is ready (scripts/serve-page.sh says each step).
serve:
	@PORT=$(PORT) bash scripts/serve-page.sh

test: tools tools-browser fmt-check clippy native-test server-test interop-numpy deploy-check wasm-build e2e
	@echo "make test: all checks passed"

## ---- pieces ----

check: fmt-check clippy native-test

fmt-check:
	cargo fmt --all -- --check

clippy: tools-rust
	cargo clippy --workspace --all-targets --locked -- -D warnings
	# wasm32 as index.html builds it: the worker with WebGPU, the page (and the messages' wire) without.
	cargo clippy -p nda-worker --lib --bins --locked --target wasm32-unknown-unknown --features webgpu -- -D warnings
	cargo clippy -p nda-lab -p nda-protocol --lib --bins --locked --target wasm32-unknown-unknown -- -D warnings

native-test:
	cargo test --workspace --locked

# The study's scheduler wrappers (deploy/): shellcheck and a dry run of the SLURM array script,
# and the Kubernetes Indexed Job against the API schema (scripts/check-deploy.sh).
deploy-check: tools-deploy
	@bash scripts/check-deploy.sh

# The browser tests run on a debug build (dependencies optimised, see Cargo.toml): it builds in
# a fraction of the release time and exercises the same code.
wasm-build: tools
	trunk build

# The release page, rebuilt only when a source changed (wasm-opt -Oz alone takes minutes). It has
# its own folder so the debug build of the tests never replaces it.
RELEASE_SOURCES := $(shell find src crates style public -type f) index.html Cargo.toml Cargo.lock Trunk.toml
dist-release/.built: $(RELEASE_SOURCES) | tools
	@echo "Building the release page (first build: 15 minutes or more on 2 cores)"
	trunk build --release --dist dist-release
	touch $@

dist-release: tools dist-release/.built

e2e: tools-browser
	node --test --test-concurrency=1 tests/e2e/

# Browser tests too slow for `make test` (minutes each on SwiftShader): the Video panel's run on
# WebGPU. Needs the debug build of `make wasm-build`.
e2e-slow: tools-browser
	node --test --test-concurrency=1 tests/e2e-slow/

# The static server of `make serve` and the tests: bad paths, traversal, headers.
server-test:
	node --test tests/server/

# Run files that PyTorch and NumPy load (python/README.md): tiny runs trained by the CLI (debug
# build, seconds), sampled with their tensors, then checked by the Python package's forward passes.
INTEROP := $(CARGO_TARGET_DIR)/interop
INTEROP_CASES := uncond cond px64
interop-runs:
	@for case in $(INTEROP_CASES); do \
	  cargo run --locked --quiet --bin nda-lab -- gan --config python/tests/configs/$$case.json --out $(INTEROP)/$$case >/dev/null 2>&1 \
	    || { echo "interop: training $$case failed"; exit 1; }; \
	  cargo run --locked --quiet --bin nda-lab -- sample $(INTEROP)/$$case/run.zip --n 48 --seed 7 \
	    --out $(INTEROP)/$$case/sample.png --tensors $(INTEROP)/$$case/sample.safetensors >/dev/null || exit 1; \
	done
	@cargo run --locked --quiet --bin nda-lab -- video --config examples/smoke-video.json --out $(INTEROP)/video >/dev/null 2>&1 \
	  || { echo "interop: training the video run failed"; exit 1; }

# NumPy only (part of `make test`): our generator and discriminator re-computed from the run file,
# and the video task's clip encoder from its weights (python/check_video.py).
interop-numpy: tools-python interop-runs
	.tools/py-venv/bin/python -m unittest discover -s python/tests -t python
	@for case in $(INTEROP_CASES); do \
	  .tools/py-venv/bin/python python/check_numpy.py $(INTEROP)/$$case/run.zip $(INTEROP)/$$case/sample.safetensors || exit 1; \
	done
	@for run in nda baseline; do \
	  .tools/py-venv/bin/python python/check_video.py $(INTEROP)/video/$$run || exit 1; \
	done

# PyTorch (not in CI: it needs the 5 GB install of bench/README.md into .tools/torch-venv).
TORCH_PYTHON := .tools/torch-venv/bin/python
interop: interop-runs
	@[ -x $(TORCH_PYTHON) ] || { echo "make interop needs PyTorch: see python/README.md"; exit 1; }
	@for case in $(INTEROP_CASES); do \
	  $(TORCH_PYTHON) python/check_torch.py $(INTEROP)/$$case/run.zip $(INTEROP)/$$case/sample.safetensors || exit 1; \
	done
	@for run in nda baseline; do \
	  $(TORCH_PYTHON) python/check_video.py $(INTEROP)/video/$$run --torch || exit 1; \
	done

# Prints numbers: native CPU timings (all cores and one), PyTorch's when installed, the release
# page's sizes and timings (CPU WebAssembly and WebGPU), and each ratio with its goal.
bench: tools tools-browser
	@bash scripts/bench.sh

# make bench without the page: native (all cores and one thread) and PyTorch eager (bench/README.md
# installs it into .tools/torch-venv; skipped with a note when it is not there), with the ratios.
bench-torch:
	@bash scripts/bench.sh --no-page

# One GAN iteration on an NVIDIA GPU: native wgpu, the page's WebGPU and PyTorch CUDA, with the
# ratios (scripts/bench-gpu.sh; says so and stops on a machine without one).
bench-gpu: tools tools-browser
	@bash scripts/bench-gpu.sh

# Long runs' memory (issue 31), part of no test. Natively: a tiny GAN and its baseline on one
# thread for ITERATIONS (default 10,000: hours; BATCH=16 and BASELINE=false make it about 50 min),
# resident memory every 250 iterations. Then the release page on the CPU path: the tiny GAN for
# PAGE_ITERATIONS (default 2,000), the worker's WebAssembly memory and the JS heaps every 100
# (tests/bench/memory.mjs). Each prints its growth from iteration 1,000 to the end (goal: under 5 %).
bench-memory: bench-memory-native bench-memory-page

bench-memory-native:
	cargo build --release --locked --bin nda-lab
	@bash scripts/bench-memory.sh $(or $(ITERATIONS),10000)

bench-memory-page: tools-browser dist-release
	DIST=dist-release ITERATIONS=$(or $(PAGE_ITERATIONS),2000) node tests/bench/memory.mjs

## ---- installers (idempotent) ----

tools: tools-rust tools-npm

tools-rust:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@trunk --version 2>/dev/null | grep -q " $(TRUNK_VERSION)$$" || { echo "Installing trunk $(TRUNK_VERSION) from crates.io (once; minutes on 2 cores)"; \
	  cargo install trunk --version $(TRUNK_VERSION) --locked; }
	@# No --locked: wasm-bindgen-cli's lock file names a crate version the registry no longer has.
	@wasm-bindgen --version 2>/dev/null | grep -q " $(WASM_BINDGEN_VERSION)$$" || { echo "Installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) from crates.io (once)"; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); }

tools-npm:
	@command -v npm >/dev/null || ($(SUDO) apt-get update && $(SUDO) apt-get install -y nodejs npm)
	@[ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund

tools-python:
	@[ -x .tools/py-venv/bin/python ] && .tools/py-venv/bin/python -c 'import numpy, kubernetes_validate' 2>/dev/null \
	  || { python3 -m venv .tools/py-venv && .tools/py-venv/bin/pip install --quiet -r python/requirements.txt -r deploy/requirements.txt; }

tools-deploy: tools-python
	@command -v shellcheck >/dev/null || ($(SUDO) apt-get update && $(SUDO) apt-get install -y shellcheck)

tools-browser: tools-npm
	@command -v chromium >/dev/null || ($(SUDO) apt-get update && $(SUDO) apt-get install -y chromium)

clean:
	rm -rf dist dist-quick dist-release node_modules tests/e2e/artifacts .serve-root
	cargo clean
