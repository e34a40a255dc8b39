#!/usr/bin/env bash
# curate batch against the MetaCLIP-style Python (spacing + pyahocorasick) on one input, interleaved runs.
# Usage: benchmarks/scripts/batch_vs_python.sh INPUT.jsonl RUNS [WORK_DIR]
# Env: CURATION_CACHE_DIR (compiled automata; warm it with `./curate metadata compile`), PY_CACHE (pickles),
#      CURATION_METADATA_DIR (default ../shared/data/metadata),
#      CURATE_JAVA_OPTS (default -Xmx1g -XX:+UseParallelGC -XX:TieredStopAtLevel=1 -Xmn24m, plus -XX:+UseTransparentHugePages
#      where the kernel offers huge pages on request, as ./curate batch uses under 1 GiB),
#      BATCH_CDS (default 1: the warm-up run writes a class-data archive of the batch path, the timed runs use it,
#      as ./curate batch does; 0: none),
#      BASELINE_TARGET (optional: another build's curate-cli/target, e.g. main's, timed in the same rounds as
#      "baseline", with BASELINE_JAVA_OPTS, default CURATE_JAVA_OPTS; its outputs go to WORK_DIR/baseline).
# Prints one line per run (wall s, user+sys CPU s, peak RSS MB), then medians and the Python/batch wall ratio,
# and checks first that the Python agrees with index.jsonl.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
input="$1"; runs="${2:-5}"; work="${3:-$(mktemp -d)}"
md="${CURATION_METADATA_DIR:-$root/../shared/data/metadata}"
py_cache="${PY_CACHE:-$work/pickles}"
opts="-Xmx1g -XX:+UseParallelGC -XX:TieredStopAtLevel=1 -Xmn24m"
grep -qE '\[(always|madvise)\]' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null && opts="$opts -XX:+UseTransparentHugePages"
opts="${CURATE_JAVA_OPTS:-$opts}"
mkdir -p "$work"
# label, curate-cli/target dir, java options
targets=("batch|$root/curate-cli/target|$opts")
[ -n "${BASELINE_TARGET:-}" ] && targets+=("baseline|$BASELINE_TARGET|${BASELINE_JAVA_OPTS:-$opts}")
batch() { # label, target, opts, extra options...
  local label="$1" target="$2" o="$3"; shift 3
  java $o "$@" -cp "$target/curate-cli.jar:$target/lib/*" io.worldcurate.cli.CurateCommand batch --input "$input" --out "$work/$label" --metadata "$md"
}
measure() { # label, command...
  local label="$1"; shift
  /usr/bin/time -f "$label %e %U %S %M" -o "$work/time.txt" "$@" > "$work/$label.log" 2>&1
  cat "$work/time.txt" >> "$work/runs.txt"
  awk '{printf "%-8s wall %6.2f s  cpu %6.2f s  rss %5.0f MB\n", $1, $2, $3 + $4, $5 / 1024}' "$work/time.txt"
}
cds=()
# warm every cache first (untimed), writing each build's class-data archive, and check agreement before any time counts
for t in "${targets[@]}"; do
  IFS='|' read -r label target o <<< "$t"
  dump=()
  if [ "${BATCH_CDS:-1}" = 1 ]; then
    rm -f "$work/$label.jsa"
    dump=(-XX:ArchiveClassesAtExit="$work/$label.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off)
    cds+=("$label|-XX:SharedArchiveFile=$work/$label.jsa -Xlog:cds=off -Xlog:cds+dynamic=off")
  fi
  batch "$label" "$target" "$o" "${dump[@]}" > /dev/null 2>&1
done
/usr/bin/python3 "$root/benchmarks/scripts/metaclip_match.py" "$md" "$py_cache" "$input" "$work/python.jsonl" 2> /dev/null
/usr/bin/python3 "$root/benchmarks/scripts/metaclip_match.py" --compare "$work/python.jsonl" "$work/batch/index.jsonl"
archive() { local c; for c in "${cds[@]}"; do [ "${c%%|*}" = "$1" ] && echo "${c#*|}"; done; }
rm -f "$work/runs.txt"
for i in $(seq "$runs"); do
  for t in "${targets[@]}"; do
    IFS='|' read -r label target o <<< "$t"
    # shellcheck disable=SC2046,SC2086
    measure "$label" java $o $(archive "$label") -cp "$target/curate-cli.jar:$target/lib/*" io.worldcurate.cli.CurateCommand \
      batch --input "$input" --out "$work/$label" --metadata "$md"
  done
  measure python /usr/bin/python3 "$root/benchmarks/scripts/metaclip_match.py" "$md" "$py_cache" "$input" "$work/python.jsonl"
done
/usr/bin/python3 - "$work/runs.txt" <<'PY'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    label, wall, user, sys_, rss = line.split()
    runs[label].append((float(wall), float(user) + float(sys_), int(rss) / 1024))
med = {k: [statistics.median(r[i] for r in v) for i in range(3)] for k, v in runs.items()}
for k, (w, c, r) in med.items():
    print(f"median {k:8s} wall {w:6.2f} s  cpu {c:6.2f} s  rss {r:5.0f} MB")
for k in med:
    if k != "python":
        print(f"python/{k} wall ratio {med['python'][0] / med[k][0]:.2f}x, cpu ratio {med['python'][1] / med[k][1]:.2f}x")
PY
