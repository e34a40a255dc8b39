#!/usr/bin/env bash
# kafka-init (docker-compose.yml): runs once the broker is healthy, in the broker's network namespace, on
# its loopback PLAINTEXT listener (localhost:19091, principal ANONYMOUS, a super user reachable only from
# inside the broker's container). Idempotent: run again after a credential rotation.
#   1. the SCRAM-SHA-512 user of each principal, its password read from /run/secrets/<principal>.properties
#   2. the topics, created by the administrator (the services may not: CURATION_TOPICS_CREATE=false)
#   3. the least ACLs each principal needs; nothing else is allowed (allow.everyone.if.no.acl.found=false)
# Passwords are never printed: they go to kafka-configs.sh in a file, not on its command line.
set -euo pipefail
BOOTSTRAP="${KAFKA_INIT_BOOTSTRAP:-localhost:19091}"
SECRETS="${KAFKA_INIT_SECRETS:-/run/secrets}"
PARTITIONS="${CURATION_TOPICS_PARTITIONS:-4}"
MAX_RECORD_BYTES="${CURATION_MAX_RECORD_BYTES:-1048576}"
BIN=/opt/kafka/bin
export KAFKA_HEAP_OPTS="-Xmx128m"

scram_user() {
  local user="$1" file="$SECRETS/$1.properties" password cfg
  if [ ! -r "$file" ]; then
    echo "kafka-init: no credentials for $user: $file is missing (run deploy/compose/kafka-credentials.sh)" >&2
    exit 1
  fi
  password="$(sed -n 's/.*password="\([^"]*\)".*/\1/p' "$file")"
  if [ -z "$password" ]; then
    echo "kafka-init: $file has no password=\"...\" in its sasl.jaas.config" >&2
    exit 1
  fi
  cfg="$(mktemp)"
  printf 'SCRAM-SHA-512=[iterations=8192,password=%s]\n' "$password" > "$cfg"
  "$BIN/kafka-configs.sh" --bootstrap-server "$BOOTSTRAP" --alter --entity-type users --entity-name "$user" \
    --add-config-file "$cfg" > /dev/null
  rm -f "$cfg"
  echo "kafka-init: SCRAM-SHA-512 credentials of $user set"
}

# topic NAME [--config k=v]...
topic() {
  local name="$1"
  shift
  "$BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic "$name" \
    --partitions "$PARTITIONS" --replication-factor 1 --config "max.message.bytes=$MAX_RECORD_BYTES" "$@" > /dev/null
  echo "kafka-init: topic $name"
}

# allow PRINCIPAL OPERATION[,OPERATION...] topic|group|transactional-id NAME [literal|prefixed]
allow() {
  local user="$1" ops="$2" type="$3" name="$4" pattern="${5:-literal}" args=() op
  for op in ${ops//,/ }; do
    args+=(--operation "$op")
  done
  "$BIN/kafka-acls.sh" --bootstrap-server "$BOOTSTRAP" --add --allow-principal "User:$user" "${args[@]}" \
    "--$type" "$name" --resource-pattern-type "$pattern" > /dev/null
  echo "kafka-init: allow $user $ops $type $name ($pattern)"
}

# A Kafka Streams application's own resources: its consumer group (= application id), its internal topics
# (changelogs, repartition topics: <app>-...), its transactional ids under exactly_once_v2 (<app>-<process>-<n>).
streams_app() {
  local user="$1" app="$2"
  allow "$user" Read,Describe group "$app"
  allow "$user" All topic "$app-" prefixed
  allow "$user" Write,Describe transactional-id "$app-" prefixed
}

# The dashboard of a balancer: consumer lag of every stage (their groups and input topics) and the dead letters.
dashboard() {
  local user="$1"
  allow "$user" Describe group lid-service
  allow "$user" Describe group matcher-service
  allow "$user" Describe group balancer-service
  allow "$user" Describe topic crawl.images
  allow "$user" Describe topic curation.lid
  # the stages' repartition topics, whose committed offsets count in their lag (offsets and metadata only)
  allow "$user" Describe topic lid-service- prefixed
  allow "$user" Describe topic matcher-service- prefixed
  allow "$user" Describe topic balancer-service- prefixed
  allow "$user" Read,Describe topic curation.dlq
}

for user in admin ingest export lid-service matcher-service balancer-service balancer-replay; do
  scram_user "$user"
done

topic crawl.images
topic curation.lid
topic curation.matched
topic curation.curated
topic curation.thresholds --config cleanup.policy=compact
topic curation.dlq
topic curation.curated.replay

# ingest: writes the crawl; a WAT ingest commits each file in a transaction (curate-ingest-<hash>)
allow ingest Write,Describe topic crawl.images
allow ingest Write,Describe transactional-id curate-ingest- prefixed

# lid-service: crawl.images -> curation.lid
allow lid-service Read,Describe topic crawl.images
allow lid-service Write,Describe topic curation.lid
allow lid-service Write,Describe topic curation.dlq
streams_app lid-service lid-service

# matcher-service: curation.lid -> curation.matched
allow matcher-service Read,Describe topic curation.lid
allow matcher-service Write,Describe topic curation.matched
allow matcher-service Write,Describe topic curation.dlq
streams_app matcher-service matcher-service

# balancer-service: curation.matched -> curation.curated, curation.thresholds (and reads it back)
allow balancer-service Read,Describe topic curation.matched
allow balancer-service Write,Describe topic curation.curated
# every balancer instance reads the thresholds back into its global store (counting over N tasks)
allow balancer-service Read,Write,Describe topic curation.thresholds
allow balancer-service Write,Describe topic curation.dlq
streams_app balancer-service balancer-service
dashboard balancer-service

# balancer-replay: curation.matched and the online balancer's counts -> curation.curated.replay
allow balancer-replay Read,Describe topic curation.matched
allow balancer-replay Read,Describe topic balancer-service-balancer-counts-changelog
allow balancer-replay Write,Describe topic curation.curated.replay
allow balancer-replay Write,Describe topic curation.dlq
streams_app balancer-replay balancer-replay
dashboard balancer-replay

# export: reads the balancer's outputs and the dead letters, in no consumer group (partitions assigned, offsets kept by the caller)
allow export Read,Describe topic curation.curated
allow export Read,Describe topic curation.curated.replay
allow export Read,Describe topic curation.thresholds
allow export Read,Describe topic curation.dlq

# admin: a super user (super.users), for operators' tools; named here too so that `kafka-acls.sh --list`
# says who creates topics
allow admin Create,Describe,DescribeConfigs,AlterConfigs topic "*"

echo "kafka-init: done"
