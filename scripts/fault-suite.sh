#!/usr/bin/env bash
# Runs the fault suite (FaultSuiteIntegrationTest) on real node processes; docs/reliability.md says what it does.
#   scripts/fault-suite.sh                    # the CI-sized run: 3 kills, 2 pauses, 3 partitions (+ the one-off faults)
#   scripts/fault-suite.sh --long             # 50 kills, 10 pauses, 21 partitions
#   scripts/fault-suite.sh --long -Dfault.seed=42   # any further argument goes to Maven (replay a seed, ...)
set -euo pipefail
cd "$(dirname "$0")/.."
args=()
if [ "${1:-}" = "--long" ]; then
  shift
  args+=(-Dfault.kills=50 -Dfault.pauses=10 -Dfault.partitions=21)
fi
exec ./mvnw verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=FaultSuiteIntegrationTest \
    "${args[@]}" "$@"
