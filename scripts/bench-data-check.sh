#!/usr/bin/env bash
# Benchmark: read + every data-quality check over 1,000,000 one-minute candles (~64 MB CSV), release build.
# Usage: scripts/bench-data-check.sh [ROWS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
runs=${2:-5}
swift build -c release --product peaktrade >/dev/null
bin=$(swift build -c release --show-bin-path)/peaktrade
file=${TMPDIR:-/tmp}/peaktrade-bench-$rows-1m.csv
[ -f "$file" ] || "$bin" data generate --timeframe 1m --bars "$rows" --seed 42 --out "$file" >/dev/null
echo "file: $file ($(du -m "$file" | cut -f1) MB, $rows rows); $(nproc) cores"
TIMEFORMAT='  process wall %R s'
for i in $(seq "$runs"); do
  # --timings prints the in-process read/check split and the peak RSS (getrusage) on stderr.
  { time "$bin" data check "$file" --as-of none --json --timings >/dev/null; } 2>&1 | sed 's/^timing: [^:]*: /  /'
done
