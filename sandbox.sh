#!/usr/bin/env bash
# The main job: Kafka + Connect + the app emulators and a test HTTP receiver on this machine, four
# demo connectors, a demo stream and a web page (http://127.0.0.1:8090). Builds what it needs (Maven,
# Java 17), then runs in the foreground; Ctrl-C stops everything. ./sandbox.sh --help lists the
# options (the real Google and Slack APIs instead of the emulators, --keep).
set -euo pipefail
cd "$(dirname "$0")"
echo "Building the sandbox (the first run downloads dependencies from Maven Central) ..."
mvn -q -B -ntp -pl sandbox -am package -DskipTests
# All state lives in .sandbox: the broker's data too, through java.io.tmpdir.
exec java -Xmx1g -Doutflow.sandbox.dir=.sandbox -Djava.io.tmpdir=.sandbox/tmp -jar sandbox/target/sandbox.jar "$@"
