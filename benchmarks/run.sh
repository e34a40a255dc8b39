#!/usr/bin/env bash
# Builds the benchmarks uber jar and runs the JMH suite (or the subset a regex selects), then prints
# JMH's table and the medians of the per-iteration scores.
#
# usage: benchmarks/run.sh [JMH-REGEX] [more JMH options...]
#   benchmarks/run.sh                          # everything, ~8-10 min on 2 cores
#   benchmarks/run.sh MatcherBenchmark         # one class
#   benchmarks/run.sh 'Lingua.*' -p accuracy=LOW
#   benchmarks/run.sh -l                       # list (any JMH option works; see -h)
# environment:
#   CURATION_DATA_DIR  folder with metadata/<lang>.json and captions/captions.tsv (default <project root>/../shared/data)
#   SKIP_BUILD=1       reuse benchmarks/target/benchmarks.jar
#   FORKS, WARMUP, ITERS, TIME
#                      override the classes' defaults (2 forks, 3 warm-up + 5 measured iterations of 2 s,
#                      4 s for Lingua); TIME applies to warm-up and measured iterations (e.g. TIME=1s)
#   JAVA               java executable (default: java on PATH)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
JAVA=${JAVA:-java}

DATA_DIR=${CURATION_DATA_DIR:-$ROOT/../shared/data}
if ! DATA_DIR=$(cd "$DATA_DIR" 2>/dev/null && pwd -P); then
  echo "error: data folder ${CURATION_DATA_DIR:-$ROOT/../shared/data} not found; set CURATION_DATA_DIR to the folder holding metadata/ and captions/captions.tsv" >&2
  exit 2
fi
for f in metadata/en.json metadata/zh.json captions/captions.tsv; do
  if [[ ! -f $DATA_DIR/$f ]]; then
    echo "error: $DATA_DIR/$f is missing (CURATION_DATA_DIR=$DATA_DIR)" >&2
    exit 2
  fi
done

if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  echo "+ (cd $ROOT && ./mvnw -B -q -pl benchmarks -am install -DskipTests)"
  (cd "$ROOT" && ./mvnw -B -q -pl benchmarks -am install -DskipTests)
fi
JAR=$HERE/target/benchmarks.jar
[[ -f $JAR ]] || { echo "error: $JAR not built" >&2; exit 2; }

args=()
if [[ $# -gt 0 && $1 != -* ]]; then
  args+=("$1")
  shift
fi
[[ -n ${FORKS:-} ]] && args+=(-f "$FORKS")
[[ -n ${WARMUP:-} ]] && args+=(-wi "$WARMUP")
[[ -n ${ITERS:-} ]] && args+=(-i "$ITERS")
[[ -n ${TIME:-} ]] && args+=(-w "$TIME" -r "$TIME")

OUT=$HERE/target/results
mkdir -p "$OUT"
STAMP=$(date +%Y%m%d-%H%M%S)
RESULT=$OUT/jmh-$STAMP.json
LOG=$OUT/jmh-$STAMP.log

# the forks get the data folder explicitly (the classes' @Fork only appends heap options)
cmd=("$JAVA" -jar "$JAR" "${args[@]}" -jvmArgsPrepend "-Dcuration.data.dir=$DATA_DIR" -rf json -rff "$RESULT" "$@")
echo "+ ${cmd[*]}"
"${cmd[@]}" 2>&1 | tee "$LOG"

# listing, help, ... produce no result file
[[ -s $RESULT ]] || exit 0
echo
echo "Medians of the per-iteration scores (JSON: $RESULT, log: $LOG):"
if command -v python3 >/dev/null 2>&1; then
  python3 "$HERE/scripts/medians.py" "$RESULT"
elif command -v jq >/dev/null 2>&1; then
  jq -r '.[] | [.benchmark, ((.params // {}) | to_entries | map("\(.key)=\(.value)") | join(",")), .mode,
         ([.primaryMetric.rawData[][]] | sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end),
         .primaryMetric.score, .primaryMetric.scoreError, .primaryMetric.scoreUnit]
         | @tsv' "$RESULT" | (echo -e "benchmark\tparams\tmode\tmedian\tmean\terror\tunit"; cat) | column -t -s $'\t'
else
  echo "(neither python3 nor jq found: see $RESULT, primaryMetric.rawData)"
fi
