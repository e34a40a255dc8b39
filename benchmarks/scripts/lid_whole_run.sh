#!/usr/bin/env bash
# Whole-run cost of each language identification engine: `curate batch` and `curate run --replay` on a generated
# crawl in which no text has a language, so every text goes through LID.
# Usage: benchmarks/scripts/lid_whole_run.sh IMAGES WORK_DIR ENGINE...   (e.g. wc-lid lingua-low lingua-high fasttext:PATH)
# Env: CURATE_JAVA_OPTS as for ./curate. Prints one line per command (wall s, user+sys CPU s, peak RSS MB) and checks
# that each replay equals batch's curated.jsonl.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
images="$1"; work="$2"; shift 2
mkdir -p "$work"
"$root/curate" generate --images "$images" --seed 42 --out "$work/gen.jsonl.gz" > /dev/null
python3 - "$work/gen.jsonl.gz" "$work/nolang.jsonl.gz" <<'PY'
import gzip, json, sys
texts = 0
with gzip.open(sys.argv[1], 'rt', encoding='utf-8') as f, gzip.open(sys.argv[2], 'wt', encoding='utf-8') as o:
    for line in f:
        r = json.loads(line)
        out = []
        for t in r['texts']:
            if isinstance(t, list):
                t = [t[0], t[1], ''] + t[3:]
            else:
                t = dict(t, lang='')
            out.append(t)
            texts += 1
        r['texts'] = out
        o.write(json.dumps(r, ensure_ascii=False) + "\n")
print(f"{texts} texts, none with a language", file=sys.stderr)
PY
measure() { # label, command...
  local label="$1"; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" > "$work/last.log" 2>&1 || { tail -20 "$work/last.log"; exit 1; }
  awk -v l="$label" '{printf "%-40s wall %7.2f s  cpu %7.2f s  rss %5.0f MB\n", l, $1, $2 + $3, $4 / 1024}' "$work/time.txt"
}
for engine in "$@"; do
  dir="$work/$(printf '%s' "$engine" | tr -c 'A-Za-z0-9-' '_')"
  measure "batch $engine" "$root/curate" batch --input "$work/nolang.jsonl.gz" --out "$dir-batch" --lid "$engine"
  measure "run --replay $engine" "$root/curate" run --input "$work/nolang.jsonl.gz" --out "$dir-run" --replay --lid "$engine"
  cmp "$dir-batch/curated.jsonl" "$dir-run/replayed.jsonl" && echo "  replay equals batch ($(wc -l < "$dir-batch/curated.jsonl") curated)"
done
