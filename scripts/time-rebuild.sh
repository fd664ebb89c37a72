#!/usr/bin/env bash
# How long `make test`'s compile steps take after a one-line change in one file (issue 29: the
# crate split is measured by this, before and after, on one machine in one sitting).
#   scripts/time-rebuild.sh FILE
# Adds a one-line constant near the top of FILE, times each compile step of `make test` (clippy native and
# wasm32, the test build, the debug page), prints seconds per step and the total, and restores
# FILE. The tests themselves do not run: their time does not depend on how the code is split.
set -euo pipefail
file=${1:?usage: scripts/time-rebuild.sh FILE}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/nda-lab/target}
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
cp "$file" "$file.time-rebuild"
trap 'mv "$file.time-rebuild" "$file"' EXIT
# The line goes after the file's leading `//!` lines, so every line below it moves, as in an
# ordinary edit (an edit at the end of a file lets incremental compilation skip more).
line="#[allow(dead_code)] const TIME_REBUILD: u128 = $(date +%s%N);"
awk -v line="$line" 'done == 0 && !/^\/\/!/ { print line; done = 1 } { print }' "$file.time-rebuild" > "$file"
total=0
step() {
  local name=$1; shift
  local start=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || { echo "$name failed"; exit 1; }
  local seconds=$(echo "$(date +%s.%N) - $start" | bc)
  total=$(echo "$total + $seconds" | bc)
  printf '%-28s %7.1f s\n' "$name" "$seconds"
}
step "clippy native" cargo clippy --workspace --all-targets --locked -- -D warnings
# The two wasm32 lints as `make clippy` runs them on this tree (before the worker had its crate,
# both were lints of the root package: `--lib --bins --features webgpu`, `--lib --bin app`).
if [ -d crates/worker ]; then
  step "clippy wasm32 (worker)" cargo clippy -p nda-worker --lib --bins --locked --target wasm32-unknown-unknown --features webgpu -- -D warnings
  step "clippy wasm32 (page)" cargo clippy -p nda-lab -p nda-protocol --lib --bins --locked --target wasm32-unknown-unknown -- -D warnings
else
  step "clippy wasm32 (webgpu)" cargo clippy --lib --bins --locked --target wasm32-unknown-unknown --features webgpu -- -D warnings
  step "clippy wasm32 (page)" cargo clippy --lib --bin app --locked --target wasm32-unknown-unknown -- -D warnings
fi
step "test build" cargo test --workspace --locked --no-run
step "debug page (trunk)" trunk build
printf '%-28s %7.1f s\n' "total" "$total"
