#!/bin/sh
# SPDX-License-Identifier: MIT
# Run one libFuzzer target for a bounded time on a copy of its seeds.

# Used by the fuzz tests of tests/fuzz/CMakeLists.txt:
#     run-fuzzer.sh FUZZER SEEDS WORKDIR [SECONDS]
# FUZZ_SECONDS in the environment overrides SECONDS (default 20); with
# FUZZ_KEEP_CORPUS=1 the corpus grown by earlier runs is kept.  The full
# log goes to WORKDIR/fuzz.log and crashing inputs to WORKDIR/artifacts/.
# Exits non-zero when the fuzzer finds a crash, leak, timeout or OOM.
set -eu
if [ $# -lt 3 ]; then
    echo "usage: $0 FUZZER SEEDS WORKDIR [SECONDS]" >&2
    exit 2
fi
fuzzer=$1
seeds=$2
work=$3
secs=${FUZZ_SECONDS:-${4:-20}}
name=$(basename "$fuzzer")
log=$work/fuzz.log

if [ "${FUZZ_KEEP_CORPUS:-0}" != 1 ]; then
    rm -rf "$work/corpus"
fi
rm -rf "$work/artifacts"
mkdir -p "$work/corpus" "$work/artifacts"
cp -f "$seeds"/* "$work/corpus/"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
rc=0
"$fuzzer" -max_total_time="$secs" -max_len=65536 -timeout=10 \
    -print_final_stats=1 -artifact_prefix="$work/artifacts/" \
    "$work/corpus" >"$log" 2>&1 || rc=$?

# The end of the log (the crash report, if any) and the summary.
tail -n 80 "$log"
runs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" |
       tail -n 1)
if [ -z "$runs" ]; then
    runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -n 1)
fi
echo "$name: ${runs:-?} executions (limit ${secs}s), exit status $rc (log: $log)"
for f in "$work"/artifacts/*; do
    if [ -e "$f" ]; then
        echo "$name: finding saved to $f"
    fi
done
exit "$rc"
