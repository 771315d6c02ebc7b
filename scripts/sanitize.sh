#!/bin/sh
# The whole test suite again, built by clang with AddressSanitizer and
# UndefinedBehaviorSanitizer (leak checking on), then each libFuzzer target
# for a bounded time. Any sanitizer report fails the run, even one from a
# process whose test passed: reports go to files, and there must be none.
# Usage: scripts/sanitize.sh [BUILD_DIR] (default build-sanitize).
set -u
cd "$(dirname "$0")/.."
dir=${1:-build-sanitize}

./scripts/install-deps.sh --sanitizers || exit 1
# A build directory configured otherwise (another compiler, no sanitizers)
# would test something else under this name: it is configured afresh.
if [ -f "$dir/build.ninja" ] &&
   ! meson introspect --buildoptions "$dir" | python3 -c '
import json, sys
options = {o["name"]: o["value"] for o in json.load(sys.stdin)}
sys.exit(0 if options.get("b_sanitize") == "address,undefined" and
         options.get("fuzz") is True else 1)'; then
  echo "sanitize: $dir was not configured for sanitizers; configuring it afresh" >&2
  rm -rf "$dir"
fi
if [ ! -f "$dir/build.ninja" ]; then
  CXX=clang++ meson setup "$dir" -Dfuzz=true \
    -Db_sanitize=address,undefined -Db_lundef=false || exit 1
fi
meson compile -C "$dir" || exit 1
# Logs of an earlier run must not stand in for this one's.
rm -f "$dir"/meson-logs/sanitized.* "$dir"/meson-logs/fuzzing.*

reports=$(pwd)/$dir/sanitizer-reports
rm -rf "$reports"
mkdir -p "$reports"
# Distinct exit codes, so a report never passes for rpccli's own exit 1.
export ASAN_OPTIONS="detect_leaks=1:exitcode=86:log_path=$reports/asan"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:exitcode=87:log_path=$reports/ubsan:suppressions=$(pwd)/scripts/ubsan.supp"
export ASAN_SYMBOLIZER_PATH=/usr/bin/llvm-symbolizer

meson test -C "$dir" --no-suite fuzzing --logbase sanitized --print-errorlogs
status=$?
meson test -C "$dir" --suite fuzzing --logbase fuzzing --print-errorlogs
[ $? -eq 0 ] || status=1

if [ -n "$(ls -A "$reports")" ]; then
  echo "sanitize: sanitizer reports in $reports:" >&2
  for report in "$reports"/*; do
    echo "== $report" >&2
    head -n 60 "$report" >&2
  done
  status=1
fi
exit "$status"
