#!/bin/sh
# Runs one libFuzzer target for a bounded time, from the kept inputs, with
# a scratch corpus in the build directory. A crasher is saved there as
# crash-*; fix the bug, then keep the input under tests/fuzz/NAME/ so that
# every build replays it.
# Usage: run_fuzzer.sh FUZZER SECONDS WORK_DIR KEPT_INPUTS...
set -eu
fuzzer=$1 seconds=$2 work=$3
shift 3
mkdir -p "$work/corpus"
exec "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$work/" "$work/corpus" "$@"
