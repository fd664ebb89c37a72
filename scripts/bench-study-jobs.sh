#!/usr/bin/env bash
# `make bench` (issue 31): study throughput with `--jobs 1` (seeds one after another, each run on
# every core) against `--jobs N` (N seeds at once, one thread each; N = the cores), side by side
# in one run on the same tiny 4-seed study, as pairs per hour and their ratio. Also checks that
# both write the same report, byte for byte. Usage: scripts/bench-study-jobs.sh [NDA_LAB_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
nda="${1:-${CARGO_TARGET_DIR:-target}/release/nda-lab}"
cores=$(nproc)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The smoke study, 4 seeds and 60 iterations, so training outweighs the evaluations.
sed -e 's/"seeds": \[1, 2\]/"seeds": [1, 2, 3, 4]/' -e 's/"iterations": 10/"iterations": 60/' \
  examples/smoke-study.json > "$work/study.json"
grep -q '"seeds": \[1, 2, 3, 4\]' "$work/study.json" || { echo "could not make the 4-seed study" >&2; exit 1; }

# Evaluators into the cache first, so neither timing pays for them.
"$nda" study --config "$work/study.json" --out "$work/warm" --jobs 1 --shard 1/4 >/dev/null

rate() { awk -v pairs=4 -v s="$1" 'BEGIN { printf "%.1f", pairs * 3600 / s }'; }
declare -A seconds
for jobs in 1 "$cores"; do
  start=$(date +%s.%N)
  "$nda" study --config "$work/study.json" --out "$work/jobs-$jobs" --jobs "$jobs" >/dev/null
  seconds[$jobs]=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  echo "study --jobs $jobs: 4 pairs in ${seconds[$jobs]} s = $(rate "${seconds[$jobs]}") pairs per hour"
done
awk -v a="${seconds[1]}" -v b="${seconds[$cores]}" -v n="$cores" \
  'BEGIN { printf "ratio: --jobs %d does %.2fx the pairs per hour of --jobs 1\n", n, a / b }'
for file in report.md study.csv; do
  cmp -s "$work/jobs-1/$file" "$work/jobs-$cores/$file" \
    && echo "$file: identical with --jobs 1 and --jobs $cores" \
    || echo "$file: DIFFERS between --jobs 1 and --jobs $cores"
done
