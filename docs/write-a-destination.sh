#!/usr/bin/env bash
# docs/write-a-destination.md, run and timed: from nothing to a connector of your own running in the
# sandbox. Each step prints the seconds since the start; the guide quotes a run's output.
#
#   docs/write-a-destination.sh [WORK_DIR]     (default: a new temporary directory)
#
# Needs Java 17, Maven 3.8+, curl, and ports 8083, 8090 and 8091 free (the sandbox's). It installs
# Outflow into your local Maven repository (~/.m2), as step 1 of the guide does, and stops the
# sandbox it started when it ends.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d)}
mkdir -p "$work" && work=$(cd "$work" && pwd)
version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' "$repo/pom.xml" | head -1)
started=$(date +%s)
sandbox_pid=
trap '[ -n "$sandbox_pid" ] && kill "$sandbox_pid" 2>/dev/null; wait 2>/dev/null || true' EXIT

step() { printf '[%4d s] %s\n' $(( $(date +%s) - started )) "$*"; }
quietly() { # what, command...: its output goes to a log, shown only if it fails
    local log="$work/$1.log"; shift
    "$@" >"$log" 2>&1 || { cat "$log"; echo "failed; the output above is in $log" >&2; exit 1; }
}
waitfor() { # what, seconds, command...
    local what=$1 limit=$2; shift 2
    for _ in $(seq "$limit"); do "$@" >/dev/null 2>&1 && return 0; sleep 1; done
    echo "gave up waiting for $what after $limit s; see $work/sandbox.out" >&2; exit 1
}

step "1. Install Outflow $version (the framework, the testkit, the archetype) into the local Maven repository"
quietly install mvn -B -ntp -f "$repo/pom.xml" install -DskipTests -DskipITs

step "2. Generate a destination project: $work/acme-sink"
rm -rf "$work/acme-sink"
(cd "$work" && quietly generate mvn -B -ntp archetype:generate \
    -DarchetypeGroupId=dev.outflow -DarchetypeArtifactId=outflow-destination-archetype -DarchetypeVersion="$version" \
    -DgroupId=com.acme -DartifactId=acme-sink -Dpackage=com.acme.sink -Ddestination=Acme -DconfigPrefix=acme)

step "3. Build it as generated: unit tests, the integration test on a Connect worker, the Hub archive"
quietly build mvn -B -ntp -f "$work/acme-sink/pom.xml" verify
archive=$(ls "$work"/acme-sink/target/acme-kafka-connect-acme-*.zip)

step "4. Start the sandbox with it: ./sandbox.sh --plugin $(basename "$archive")"
(cd "$repo" && exec ./sandbox.sh --plugin "$archive") >"$work/sandbox.out" 2>&1 &
sandbox_pid=$!
waitfor "the sandbox" 600 grep -q "Outflow sandbox is up" "$work/sandbox.out"

step "5. Create the connector through the Connect REST API"
curl -sf -o /dev/null -X PUT -H 'Content-Type: application/json' http://127.0.0.1:8083/connectors/churn-to-acme/config -d '{
  "connector.class": "com.acme.sink.AcmeSinkConnector",
  "topics": "churn-scores",
  "value.converter": "org.apache.kafka.connect.storage.StringConverter",
  "row.string.json.enabled": "true",
  "acme.url": "http://127.0.0.1:8091/acme",
  "errors.tolerance": "all",
  "errors.deadletterqueue.topic.name": "churn-scores-dlq"
}'

step "6. Wait for its first batch at the sandbox's test receiver"
received() { curl -sf http://127.0.0.1:8090/api/state | grep -q '"target":"/acme"'; }
waitfor "the first batch" 120 received
curl -sf http://127.0.0.1:8083/connectors/churn-to-acme/status | grep -q '"state":"RUNNING"'

elapsed=$(( $(date +%s) - started ))
step "Done: churn-to-acme is RUNNING and its batches reach the receiver, $(( elapsed / 60 )) min $(( elapsed % 60 )) s after the first command"
