#!/usr/bin/env bash
# Copies a metadata directory into this module's resources: each <code>.json gzipped (-9) under
# src/main/resources/io/worldcurate/metadata/, and manifest.tsv with each file's entries, SHA-256 and size.
# Run once per new metadata version, then commit the resources. Entry ids are positions in these files:
# a new version means fresh counts (see README.md).
#
#   metadata/update-metadata.sh [SOURCE_DIR] [VERSION]     (defaults: ../shared/data/metadata, the current version)
set -euo pipefail
module="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$module/.." && pwd)"
source_dir="${1:-$root/../shared/data/metadata}"
out="$module/src/main/resources/io/worldcurate/metadata"
current="$(sed -n 's/^version\t//p' "$out/manifest.tsv" 2>/dev/null || true)"
version="${2:-${current:-1}}"
(cd "$root" && ./mvnw -B -q ${MVN_FLAGS:-} -pl metadata -am install -DskipTests >&2)
cp_file="$module/target/update-classpath.txt"
(cd "$root" && ./mvnw -B -q ${MVN_FLAGS:-} -pl metadata dependency:build-classpath -Dmdep.includeScope=compile -Dmdep.outputFile="$cp_file" >&2)
exec java -cp "$module/target/classes:$(cat "$cp_file")" io.worldcurate.metadata.UpdateMetadata \
  "$source_dir" "$out" "$version" "MetaCLIP 2 data/metadata"
