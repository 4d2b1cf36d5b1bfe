#!/usr/bin/env bash
# The benchmarks: builds what they need, then runs every scenario of benchmarks/README.md on this
# machine and writes benchmarks/results/latest.md and latest.json.
# Options: --quick  shorter windows, fewer trials, a smaller backlog (under 3 minutes instead of 15).
# Extra Maven flags (for example -o to build offline) can be given in OUTFLOW_MVN_FLAGS.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "Building the benchmarks ..."
# shellcheck disable=SC2086
mvn -q -B -ntp ${OUTFLOW_MVN_FLAGS:-} -pl benchmarks -am package -DskipTests
# 3 GB: the emulators keep every row and message in this JVM next to the broker and the worker
exec java -Xmx3g -Doutflow.bench.results=benchmarks/results -Doutflow.bench.work=benchmarks/target/bench \
    -cp benchmarks/target/benchmarks.jar dev.outflow.benchmarks.suite.BenchmarkSuite "$@"
