#!/bin/sh
# Runs one libFuzzer target for a bounded time, from the kept inputs, with
# a scratch corpus in the build directory. A crasher is saved there as
# crash-*; fix the bug, then keep the input under tests/fuzz/NAME/ so that
# every build replays it.
# Usage: run_fuzzer.sh FUZZER SECONDS WORK_DIR INPUTS... (directories, or
# files, which are copied into the corpus)
set -eu
fuzzer=$1 seconds=$2 work=$3
shift 3
mkdir -p "$work/corpus"
dirs=""
for input in "$@"; do
  if [ -d "$input" ]; then
    dirs="$dirs $input"
  else
    cp "$input" "$work/corpus/"
  fi
done
# libFuzzer's own exit code for a finding is 77, which meson reads as
# "skipped": a finding must fail the test.
# shellcheck disable=SC2086  # one word per directory
exec "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -error_exitcode=1 -timeout_exitcode=1 -print_final_stats=1 \
  -artifact_prefix="$work/" "$work/corpus" $dirs
