#!/usr/bin/env bash
# Issue 31: does a long native run hold its memory? A tiny GAN on Faces with its baseline,
# ITERATIONS iterations (default 10,000; grids every 250), on one thread, the process's resident
# memory and the bytes the program holds (allocated, not yet freed: a leak shows there, an
# allocator that keeps freed pages only in the first) sampled every 250 iterations into
# memory.csv, then the growth of both from iteration 1,000 to the end, which must stay under 5 %.
# About 1 s per iteration on one core of this machine: 10,000 iterations take hours, so it is
# part of no test. BATCH=16 (default 64) makes each iteration about four times cheaper for the
# same number of steps, allocations and grids, which is what a leak grows with; BASELINE=false trains the NDA run alone; SAMPLE_EVERY=N keeps a grid every N
# iterations (default 250; at 20 the run's timeline of at most 64 grids is full by iteration 1,280).
# Usage: [BATCH=N] [BASELINE=false] [SAMPLE_EVERY=N] scripts/bench-memory.sh [ITERATIONS] [NDA_LAB]
set -euo pipefail
cd "$(dirname "$0")/.."
iterations="${1:-10000}"
nda="${2:-${CARGO_TARGET_DIR:-target}/release/nda-lab}"
work="${OUT:-runs/bench-memory-$iterations}"
mkdir -p "$work"
cat > "$work/config.json" <<JSON
{
  "version": 2,
  "task": "Gan",
  "dataset": { "Builtin": { "dataset": "Faces", "size": 32, "count": 2000, "seed": 1 } },
  "gan": {
    "config": { "preset": "Tiny", "batch_size": ${BATCH:-64}, "negatives": [[{ "Jigsaw": { "grid": 2 } }, 1.0]] },
    "iterations": $iterations,
    "sample_every": ${SAMPLE_EVERY:-250},
    "compare_with_baseline": ${BASELINE:-true}
  }
}
JSON
RAYON_NUM_THREADS=1 "$nda" gan --config "$work/config.json" --out "$work" --memory-every 250 >"$work/log.txt"
summary() { # column name
  awk -F, -v from=1000 -v column="$1" -v name="$2" '
    NR > 1 && $1 >= from && !start { start = $column; first = $1 }
    NR > 1 { last = $column; at = $1; if ($column > peak) peak = $column }
    END {
      if (!start) { print "memory.csv has no sample at or after iteration " from; exit 1 }
      growth = 100 * (last - start) / start
      printf "%s: %.1f MiB at iteration %d, %.1f MiB at %d (peak %.1f MiB): %+.2f %% (%s)\n",
        name, start / 1024, first, last / 1024, at, peak / 1024, growth, (growth < 5 ? "flat: under 5 %" : "GROWS: 5 % or more")
    }' "$work/memory.csv"
}
summary 2 "resident memory"
summary 3 "held by the program"
