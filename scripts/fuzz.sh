#!/usr/bin/env bash
# Real coverage-guided fuzzing (Jazzer) of the decoders, text formats and HTTP API; see docs/fuzzing.md.
#   scripts/fuzz.sh                          every target for 60 s each, one after the other
#   scripts/fuzz.sh --time 600 --target DecoderFuzzTest#block
#   scripts/fuzz.sh --seeds                  rewrite the valid seed inputs after an encoding change
# One fuzzing JVM at a time (the machine is shared). New corpus entries go to .cifuzz-corpus/ (not checked in);
# a finding is written to src/test/resources/org/stakechain/fuzz/<Class>Inputs/<method>/crash-* and replays in
# every ./mvnw verify from then on. Execs per target are summed into target/fuzz/summary.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

TIME=60
TARGETS=()
SEEDS=0
while [ $# -gt 0 ]; do
  case "$1" in
    --time) TIME="$2"; shift 2 ;;
    --target) TARGETS+=("$2"); shift 2 ;;
    --seeds) SEEDS=1; shift ;;
    -h|--help) sed -n 2,8p "$0"; exit 0 ;;
    *) echo "fuzz.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
done

if [ ${#TARGETS[@]} -eq 0 ]; then
  TARGETS=(DecoderFuzzTest#transaction DecoderFuzzTest#block DecoderFuzzTest#header DecoderFuzzTest#vote
           DecoderFuzzTest#proposal DecoderFuzzTest#certificate DecoderFuzzTest#peerFrame DecoderFuzzTest#storedState
           TextFormatFuzzTest#genesisJson TextFormatFuzzTest#keystore TextFormatFuzzTest#pemKeys
           ApiFuzzTest#request)
fi

./mvnw -q -o -B test-compile
if [ "$SEEDS" = 1 ]; then
  ./mvnw -q -o -B dependency:build-classpath -Dmdep.outputFile=target/fuzz-cp.txt -Dmdep.includeScope=test
  java -cp "target/test-classes:target/classes:$(cat target/fuzz-cp.txt)" org.stakechain.fuzz.FuzzSeeds
  exit 0
fi

mkdir -p target/fuzz
status=0
for t in "${TARGETS[@]}"; do
  log="target/fuzz/${t//#/.}.log"
  echo "fuzz.sh: $t for ${TIME}s (log $log)"
  if ! JAZZER_FUZZ=1 JAZZER_MAX_DURATION="${TIME}s" ./mvnw -o -B test -Dtest="$t" \
      -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1; then
    echo "fuzz.sh: $t FOUND SOMETHING (or failed to run): see $log" >&2
    status=1
  fi
  runs=$(grep -ao 'Done [0-9]* runs in [0-9]* second' "$log" | tail -1 | awk '{print $2, $5}')
  echo "$(date -u +%FT%TZ) $t ${runs:-0 0}" | tee -a target/fuzz/summary.txt
done
exit $status
