# Pairs the benchmark lines of one run and prints each ratio with issue 14's goal.
#   nda-lab:     "gan iteration Tiny (...) on flex:   702.1 ms (...)"  /  "contrastive step Small (...) on flex: ... ms"
#   one thread:  the same, each line starting "one-thread " (RAYON_NUM_THREADS=1; scripts/bench.sh)
#   PyTorch:     "torch gan iteration preset=tiny ... device=cpu median_ms=180.0 ..." / "torch contrastive step ..."
#   the page:    "page-cpu gan iteration tiny (...): 25 ms (...)" and "page-webgpu ..." (tests/bench/browser.mjs
#                with BENCH_PREFIX=page)
function ms_before_unit(    i) { for (i = 1; i <= NF; i++) if ($i == "ms" || $i == "ms;") return $(i - 1); return "" }
/^(gan iteration|contrastive step|video step)/ {
  key = $1 " " $2 " " tolower($3); rust[key] = ms_before_unit()
  for (i = 1; i <= NF; i++) if ($i == "on") { name = $(i + 1); sub(/:$/, "", name); backend[key] = name }
}
/^one-thread (gan iteration|contrastive step|video step)/ { single[$2 " " $3 " " tolower($4)] = ms_before_unit() }
/^page-cpu (gan iteration|contrastive step|video step)/ { pagecpu[$2 " " $3 " " tolower($4)] = ms_before_unit() }
/^page-webgpu (gan iteration|contrastive step|video step)/ { pagegpu[$2 " " $3 " " tolower($4)] = ms_before_unit() }
/^torch (gan iteration|contrastive step|video step)/ {
  for (i = 1; i <= NF; i++) {
    if ($i ~ /^preset=/) { split($i, a, "="); preset = a[2] }
    if ($i ~ /^device=/) { split($i, d, "="); device = d[2] }
    if ($i ~ /^median_ms=/) { split($i, b, "="); ms = b[2] }
  }
  torch[$2 " " $3 " " preset] = ms; torchdevice[$2 " " $3 " " preset] = device
}
function verdict(ratio, goal) { return ratio <= goal ? "meets" : "misses" }
END {
  for (key in rust) if (key in torch) {
    goal = backend[key] == "flex" ? 1.5 : 2
    r = rust[key] / torch[key]
    printf "ratio %s: nda-lab (burn %s) %.1f ms / PyTorch eager (%s) %.1f ms = %.2fx (goal <= %.1fx: %s)\n",
      key, backend[key], rust[key], torchdevice[key], torch[key], r, goal, verdict(r, goal)
  }
  for (key in pagecpu) if (key in single) {
    r = pagecpu[key] / single[key]
    printf "ratio %s: the page's CPU path %.1f ms / native on one thread %.1f ms = %.2fx (goal <= 2.0x: %s)\n",
      key, pagecpu[key], single[key], r, verdict(r, 2)
  }
  for (key in pagecpu) if (key in torch)
    printf "ratio %s: the page's CPU path %.1f ms / PyTorch eager (%s) %.1f ms = %.2fx (no goal)\n",
      key, pagecpu[key], torchdevice[key], torch[key], pagecpu[key] / torch[key]
  for (key in pagegpu) if (key in torch && torchdevice[key] == "cuda") {
    r = pagegpu[key] / torch[key]
    printf "ratio %s: the page on WebGPU %.1f ms / PyTorch eager (cuda) %.1f ms = %.2fx (goal <= 2.0x: %s)\n",
      key, pagegpu[key], torch[key], r, verdict(r, 2)
  }
}
