#!/usr/bin/env bash
# The main job: Kafka + Connect + the app emulators on this machine, with a demo stream.
# Builds what it needs (Maven, Java 17), then runs in the foreground; Ctrl-C stops everything.
# Options: --keep  keep the state directory (.sandbox) instead of wiping it at start.
set -euo pipefail
cd "$(dirname "$0")"
echo "Building the sandbox (the first run downloads dependencies from Maven Central) ..."
mvn -q -B -ntp -pl sandbox -am package -DskipTests
exec java -Xmx1g -Doutflow.sandbox.dir=.sandbox -jar sandbox/target/sandbox.jar "$@"
