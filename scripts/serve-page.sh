#!/usr/bin/env bash
# `make serve`: a page as soon as possible, then the optimised one.
#
# On a bare machine the optimised page takes about 20 minutes (tool installs, a release build,
# wasm-opt -Oz for minutes). So the server starts at once (it answers "the page is still being
# built", and the browser retries, until there is one); the release build is served as soon as
# cargo and wasm-bindgen are done, before wasm-opt; then the same build is shrunk by wasm-opt -Oz
# (cargo has nothing left to compile) and the server switches to it (the served folder is a
# symbolic link, switched atomically). Every step says what it is doing. A debug build is no
# quicker here: cold, it took 17 minutes on 2 cores, as its dependencies are optimised too.
set -euo pipefail
cd "$(dirname "$0")/.."

# As the Makefile sets them, for when this script is run by itself.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/nda-lab/target}"
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
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
    [ -z "$(find src crates style public index.html Cargo.toml Cargo.lock Trunk.toml -newer dist-release/.built -print -quit)" ]
}

say() { printf '\n\033[1m[serve] %s\033[0m\n' "$*"; }

rm -f "$link"
if release_is_fresh; then
  switch_to dist-release
  say "Serving the optimised page on http://127.0.0.1:$port/ (Ctrl+C to stop)"
  exec node scripts/serve.mjs "$link" "$port"
fi

server_says="says the page is being built; it will show the page when it is ready"
if [ -f dist-release/index.html ]; then
  switch_to dist-release
  server_says="shows the previous build until the new one is ready"
else
  switch_to dist-waiting-for-a-build # absent: the server answers "the page is still being built"
fi
node scripts/serve.mjs "$link" "$port" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT INT TERM
say "http://127.0.0.1:$port/ is up and $server_says."

say "Step 1/3: tools (Rust's wasm32 target, trunk, wasm-bindgen-cli, binaryen): on a bare machine about 15 minutes, once."
make --no-print-directory tools

say "Step 2/3: the release build, served before wasm-opt shrinks it (about 15 minutes the first time on 2 cores)."
sed 's/data-wasm-opt="[a-z0-9]*"/data-wasm-opt="0"/g' index.html >index-quick.html
trunk build index-quick.html --release --dist dist-quick
rm -f index-quick.html
switch_to dist-quick
say "The page is served on http://127.0.0.1:$port/ (not yet shrunk by wasm-opt: it loads a larger module)."

say "Step 3/3: wasm-opt -Oz on the same build, in the background (5 to 15 minutes; log: $log)."
if nice -n 10 make --no-print-directory dist-release/.built >"$log" 2>&1; then
  switch_to dist-release
  say "Switched to the optimised page: reload http://127.0.0.1:$port/ (Ctrl+C to stop)."
else
  say "The optimised build failed (see $log); still serving the first build (Ctrl+C to stop)."
fi
wait "$server"
