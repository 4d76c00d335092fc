#!/usr/bin/env bash
# Runs JMH benchmarks from the test classes, passing every argument to JMH.
#   scripts/jmh.sh Ed25519Benchmark -f 1 -wi 2 -i 3 -w 2s -r 2s
#   scripts/jmh.sh -l                      # list benchmarks
#   scripts/jmh.sh Ed25519Benchmark -jvmArgsAppend -Dstakechain.crypto.engine=jdk
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
exec java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" org.openjdk.jmh.Main "$@"
