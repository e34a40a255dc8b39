#!/usr/bin/env bash
# Writes one Kafka client configuration per principal of docker-compose.yml, DIR/<principal>.properties
# (mode 600): SASL_PLAINTEXT, SCRAM-SHA-512, the principal's name and password. The services read theirs
# through CURATION_KAFKA_CLIENT_CONFIG, kafka-init.sh reads them all to create the SCRAM users, the CLI
# takes one with --client-config (the same file works from the host, on localhost:9092).
#
#   deploy/compose/kafka-credentials.sh [DIR]                 # once, before `docker compose up`
#   deploy/compose/kafka-credentials.sh --rotate NAME [DIR]   # a new password for NAME (docs/OPERATIONS.md)
#
# DIR defaults to $WORLDCURATE_KAFKA_SECRETS, else deploy/compose/secrets (git-ignored). A password comes
# from WORLDCURATE_KAFKA_PASSWORD_<NAME> (upper case, '-' as '_', e.g. WORLDCURATE_KAFKA_PASSWORD_LID_SERVICE)
# when set, else 32 random characters. Existing files are kept unless rotated. Passwords are never printed.
set -euo pipefail
PRINCIPALS="admin ingest export lid-service matcher-service balancer-service balancer-replay"

rotate=""
if [ "${1:-}" = "--rotate" ]; then
  rotate="${2:?--rotate needs a principal: one of $PRINCIPALS}"
  case " $PRINCIPALS " in *" $rotate "*) ;; *) echo "unknown principal $rotate (one of $PRINCIPALS)" >&2; exit 2 ;; esac
  shift 2
fi
dir="${1:-${WORLDCURATE_KAFKA_SECRETS:-$(dirname "$0")/secrets}}"
mkdir -p "$dir"
chmod 700 "$dir"
umask 077

for p in $PRINCIPALS; do
  f="$dir/$p.properties"
  if [ -e "$f" ] && [ "$p" != "$rotate" ]; then
    continue
  fi
  var="WORLDCURATE_KAFKA_PASSWORD_$(echo "$p" | tr 'a-z-' 'A-Z_')"
  password="${!var:-}"
  if [ -z "$password" ]; then
    password="$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | cut -c1-32)"
  fi
  case "$password" in *[!A-Za-z0-9._~+-]*) echo "$var: use letters, digits and ._~+- only" >&2; exit 2 ;; esac
  tmp="$(mktemp "$dir/.$p.XXXXXX")"
  cat > "$tmp" <<PROPS
# Kafka client configuration of principal $p (deploy/compose/kafka-credentials.sh)
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$p" password="$password";
PROPS
  # the services run as uid 185 in their images: the file must stay readable to them through the bind mount
  chmod 644 "$tmp"
  mv "$tmp" "$f"
  echo "wrote $f"
done
