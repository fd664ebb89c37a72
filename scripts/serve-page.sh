#!/usr/bin/env bash
# `make serve`: a page as soon as possible, then the optimised one.
#
# On a bare machine the optimised page takes about 20 minutes (tool installs, a release build,
# wasm-opt -Oz). So the server starts at once (it answers "the page is still being built" until
# there is one), the quick debug build that the browser tests use is served as soon as it is
# ready, and the release build follows in the background; the server then switches to it (the
# served folder is a symbolic link, switched atomically). Every step says what it is doing.
set -euo pipefail
cd "$(dirname "$0")/.."

port="${PORT:-8080}"
link=.serve-root
log="${TMPDIR:-/tmp}/nda-lab-release-build.log"

# Points the served link at folder $1, atomically (a new link renamed over the old one).
switch_to() {
  ln -sfn "$1" "$link.new"
  mv -Tf "$link.new" "$link"
}

# The release page is fresh when it was built after every source changed.
release_is_fresh() {
  [ -f dist-release/.built ] &&
    [ -z "$(find src style public index.html Cargo.toml Cargo.lock Trunk.toml -newer dist-release/.built -print -quit)" ]
}

say() { printf '\n\033[1m[serve] %s\033[0m\n' "$*"; }

rm -f "$link"
if release_is_fresh; then
  switch_to dist-release
  say "Serving the optimised page on http://127.0.0.1:$port/ (Ctrl+C to stop)"
  exec node scripts/serve.mjs "$link" "$port"
fi

switch_to dist-waiting-for-a-build # absent: the server answers "the page is still being built"
node scripts/serve.mjs "$link" "$port" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT INT TERM
say "http://127.0.0.1:$port/ is up and says the page is being built; it will show the page when it is ready."

say "Step 1/3: tools (Rust's wasm32 target, trunk, wasm-bindgen-cli, binaryen): on a bare machine about 7 minutes, once."
make --no-print-directory tools

say "Step 2/3: a quick build of the page (the debug build the tests use; about 5 minutes the first time)."
trunk build
switch_to dist
say "The page is served on http://127.0.0.1:$port/ (quick build: trains slower than the optimised one)."

say "Step 3/3: the optimised page, in the background (about 13 minutes the first time; log: $log)."
if nice -n 10 make --no-print-directory dist-release/.built >"$log" 2>&1; then
  switch_to dist-release
  say "Switched to the optimised page: reload http://127.0.0.1:$port/ (Ctrl+C to stop)."
else
  say "The optimised build failed (see $log); still serving the quick build (Ctrl+C to stop)."
fi
wait "$server"
