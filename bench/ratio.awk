# Pairs nda-lab's bench lines with the PyTorch reference's and prints the ratios.
#   nda-lab:  "gan iteration Tiny (...) on flex:   702.1 ms (...)"  /  "contrastive step Small (...) on flex: ... ms"
#   PyTorch:  "torch gan iteration preset=tiny ... median_ms=180.0 ..." / "torch contrastive step preset=small ... median_ms=..."
#   the page: "page gan iteration tiny (...): 25 ms (...)" (tests/bench/browser.mjs with BENCH_PREFIX=page)
/^(gan iteration|contrastive step)/ {
  kind = $1; preset = tolower($3)
  for (i = 1; i <= NF; i++) {
    if ($i == "ms") rust[kind " " preset] = $(i - 1)
    if ($i == "on") { name = $(i + 1); sub(/:$/, "", name); backend[kind " " preset] = name }
  }
}
/^page (gan iteration|contrastive step)/ {
  kind = $2; preset = tolower($4)
  for (i = 1; i <= NF; i++) if ($i == "ms") { page[kind " " preset] = $(i - 1); break }
}
/^torch (gan iteration|contrastive step)/ {
  kind = $2
  for (i = 1; i <= NF; i++) {
    if ($i ~ /^preset=/) { split($i, a, "="); preset = a[2] }
    if ($i ~ /^median_ms=/) { split($i, b, "="); torch[kind " " preset] = b[2] }
  }
}
END {
  for (key in rust) if (key in torch)
    printf "ratio %s: nda-lab (burn %s) %.1f ms / PyTorch eager %.1f ms = %.2fx\n", key, backend[key], rust[key], torch[key], rust[key] / torch[key]
  for (key in page) if (key in torch)
    printf "ratio %s: the page %.1f ms / PyTorch eager %.1f ms = %.2fx\n", key, page[key], torch[key], page[key] / torch[key]
}
