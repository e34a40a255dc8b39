#!/usr/bin/env bash
# curate batch against the MetaCLIP-style Python (spacing + pyahocorasick) on one input, interleaved runs.
# Usage: benchmarks/scripts/batch_vs_python.sh INPUT.jsonl RUNS [WORK_DIR]
# Env: CURATION_CACHE_DIR (compiled automata; warm it with `./curate metadata compile`), PY_CACHE (pickles),
#      CURATION_METADATA_DIR (default ../shared/data/metadata),
#      CURATE_JAVA_OPTS (default -Xmx1g -XX:+UseParallelGC -XX:TieredStopAtLevel=1 -Xmn24m, as ./curate batch uses under 1 GiB),
#      BATCH_CDS (default 1: the warm-up run writes a class-data archive of the batch path, the timed runs use it,
#      as ./curate batch does; 0: none).
# Prints one line per run (wall s, user+sys CPU s, peak RSS MB) and checks the Python agrees with index.jsonl.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
input="$1"; runs="${2:-5}"; work="${3:-$(mktemp -d)}"
md="${CURATION_METADATA_DIR:-$root/../shared/data/metadata}"
py_cache="${PY_CACHE:-$work/pickles}"
cp="$root/curate-cli/target/curate-cli.jar:$root/curate-cli/target/lib/*"
opts="${CURATE_JAVA_OPTS:--Xmx1g -XX:+UseParallelGC -XX:TieredStopAtLevel=1 -Xmn24m}"
mkdir -p "$work"
dump=""
if [ "${BATCH_CDS:-1}" = 1 ]; then
  rm -f "$work/batch.jsa"
  dump="-XX:ArchiveClassesAtExit=$work/batch.jsa -Xlog:cds=off -Xlog:cds+dynamic=off"
fi
measure() { # label, command...
  local label="$1"; shift
  /usr/bin/time -f "$label %e %U %S %M" -o "$work/time.txt" "$@" > "$work/$label.log" 2>&1
  awk '{printf "%-7s wall %6.2f s  cpu %6.2f s  rss %5.0f MB\n", $1, $2, $3 + $4, $5 / 1024}' "$work/time.txt"
}
# warm both caches first (untimed), and check agreement before any time counts
java $opts $dump -cp "$cp" io.worldcurate.cli.CurateCommand batch --input "$input" --out "$work/batch" --metadata "$md" > /dev/null 2>&1
[ -n "$dump" ] && opts="$opts -XX:SharedArchiveFile=$work/batch.jsa -Xlog:cds=off -Xlog:cds+dynamic=off"
/usr/bin/python3 "$root/benchmarks/scripts/metaclip_match.py" "$md" "$py_cache" "$input" "$work/python.jsonl" 2> /dev/null
/usr/bin/python3 "$root/benchmarks/scripts/metaclip_match.py" --compare "$work/python.jsonl" "$work/batch/index.jsonl"
for i in $(seq "$runs"); do
  measure batch java $opts -cp "$cp" io.worldcurate.cli.CurateCommand batch --input "$input" --out "$work/batch" --metadata "$md"
  measure python /usr/bin/python3 "$root/benchmarks/scripts/metaclip_match.py" "$md" "$py_cache" "$input" "$work/python.jsonl"
done
