#!/usr/bin/env bash
# `curate run` against its slowest stage alone (issue 12), measured as pairs: each round runs the balancer alone in
# `curate bench` and then `curate run` on each input, so that the machine's drift hits both sides of a ratio alike.
# Usage: benchmarks/scripts/run_vs_stage.sh ROUNDS WORK_DIR INPUT...
# Env: CURATION_METADATA_DIR (default ../shared/data/metadata), BENCH_REPEAT (default 3, curate bench's own).
# Prints each round (the balancer alone: records/s and seconds for its records of the bench's 60,000 images; each
# run: pipeline seconds and the ratio per image) and then the median ratio per input. Every run's --replay is
# compared with `curate batch` on the same input; the script exits 1 at the end when one differed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds="$1"; work="$2"; shift 2
md="${CURATION_METADATA_DIR:-$root/../shared/data/metadata}"
repeat="${BENCH_REPEAT:-3}"
bench_images=60000
mkdir -p "$work"
: > "$work/rounds.tsv"
differed=0
for input in "$@"; do
  name=$(basename "$input" | sed -E 's/\.jsonl(\.gz)?$//')
  [ -f "$work/batch-$name/curated.jsonl" ] || "$root/curate" batch --metadata "$md" --input "$input" --out "$work/batch-$name" > "$work/batch-$name.log" 2>&1
done
for i in $(seq "$rounds"); do
  "$root/curate" bench --metadata="$md" --images "$bench_images" --repeat "$repeat" --partitions 1 \
    --only 'balancer (online, 4' > "$work/bench-$i.log" 2>&1
  # the balancer over 4 counting tasks on one stream thread: records/s median
  rate=$(awk '/^balancer \(online, 4 tasks\) +1 /{print $7; exit}' "$work/bench-$i.log")
  records=$(awk '/^balancer \(online, 4 tasks\) +1 /{print $6; exit}' "$work/bench-$i.log")
  if [ -z "$rate" ] || [ -z "$records" ]; then
    echo "run_vs_stage: no 'balancer (online, 4 tasks)' row on one thread in $work/bench-$i.log" >&2; exit 2
  fi
  stage=$(python3 -c "print(f'{$records / $rate:.3f}')")
  for input in "$@"; do
    name=$(basename "$input" | sed -E 's/\.jsonl(\.gz)?$//')
    out="$work/run-$name-$i"
    "$root/curate" run --metadata "$md" --input "$input" --out "$out" --replay > "$out.log" 2>&1
    line=$(grep '^pipeline:' "$out.log") || { echo "run_vs_stage: no pipeline line in $out.log" >&2; exit 2; }
    images=$(sed -E 's/^pipeline: ([0-9]+) images.*/\1/' <<< "$line")
    secs=$(sed -E 's/.* in ([0-9.]+) s from.*/\1/' <<< "$line")
    same=$(cmp -s "$out/replayed.jsonl" "$work/batch-$name/curated.jsonl" && echo replay=batch || echo REPLAY-DIFFERS)
    [ "$same" = replay=batch ] || differed=1
    ratio=$(python3 -c "print(f'{($secs / $images) / ($stage / $bench_images):.2f}')")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$i" "$rate" "$stage" "$name" "$secs" "$ratio" "$same" | tee -a "$work/rounds.tsv"
    rm -rf "$out"
  done
done
echo "input  ratio per image to the balancer alone: median (rounds)"
python3 - "$work/rounds.tsv" <<'PY'
import sys, statistics, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    i, rate, stage, name, secs, ratio, same = line.rstrip('\n').split('\t')
    rows[name].append(float(ratio))
for name, r in rows.items():
    print(f"{name:16s} {statistics.median(r):.2f}x  (" + " ".join(f"{x:.2f}" for x in r) + ")")
PY
[ "$differed" = 0 ] || { echo "run_vs_stage: a replay differed from curate batch (REPLAY-DIFFERS above)" >&2; exit 1; }
