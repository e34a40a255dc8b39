#!/usr/bin/env bash
# `curate run` under several settings, interleaved, to see where the pipeline's time goes (docs/PERFORMANCE.md).
# Usage: benchmarks/scripts/run_variants.sh INPUT RUNS WORK_DIR 'name|java opts|curate run args' ...
#   e.g. 'c1-ci1000|-Xmx6g -XX:+UseParallelGC -XX:TieredStopAtLevel=1|--commit-interval 1000'
# Env: CURATION_METADATA_DIR (default ../shared/data/metadata).
# Prints each run (pipeline seconds from the first input record, its CPU seconds, whole process wall) and then
# each variant's medians. Every run's curated.jsonl is kept under WORK_DIR/<name>-<i>.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
input="$1"; runs="$2"; work="$3"; shift 3
md="${CURATION_METADATA_DIR:-$root/../shared/data/metadata}"
mkdir -p "$work"
: > "$work/results.tsv"
for i in $(seq "$runs"); do
  for variant in "$@"; do
    IFS='|' read -r name opts args <<< "$variant"
    out="$work/$name-$i"
    load=$(cut -d' ' -f1 /proc/loadavg)
    # shellcheck disable=SC2086
    CURATE_JAVA_OPTS="$opts" /usr/bin/time -f "%e" -o "$work/wall.txt" "$root/curate" run --metadata "$md" --input "$input" \
      --out "$out" $args > "$work/$name-$i.log" 2>&1
    line=$(grep '^pipeline:' "$work/$name-$i.log")
    secs=$(sed -E 's/.* in ([0-9.]+) s from.*/\1/' <<< "$line")
    cpu=$(sed -E 's/.*\), ([0-9.]+) s of CPU.*/\1/' <<< "$line")
    printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$secs" "$cpu" "$(cat "$work/wall.txt")" "$load" | tee -a "$work/results.tsv"
  done
done
echo "variant  pipeline s (median)  pipeline CPU s (median)  process wall s (median)  runs"
python3 - "$work/results.tsv" <<'PY'
import sys, statistics, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    name, secs, cpu, wall, load = line.split('\t')
    rows[name].append((float(secs), float(cpu), float(wall)))
for name, r in rows.items():
    med = [statistics.median(x[k] for x in r) for k in range(3)]
    print(f"{name:24s} {med[0]:8.1f} {med[1]:10.1f} {med[2]:10.1f}   " + " ".join(f"{x[0]:.1f}" for x in r))
PY
