#!/bin/sh
# Prints, for each test that did not pass in the meson test logs given, its
# name, its result and the last lines it wrote, so that a failure can be
# diagnosed from the tail of CI's output alone.
for log in "$@"; do
  [ -f "$log" ] || continue
  awk -v log_name="$log" '
    function flush() {
      if (name != "" && result !~ /^(exit status 0|skipped)/) {
        printf "ci: FAILED %s (%s) in %s; its last lines:\n", name, result, log_name
        # A Python test shows its failures from the first "FAIL:" or
        # "ERROR:" on; anything else shows its last 40 lines.
        first = (unittest_failure > 0) ? unittest_failure : count - 39
        if (first < 1) first = 1
        last = (first + 79 < count) ? first + 79 : count
        for (i = first; i <= last; i++) print "    " lines[i]
      }
      name = ""; result = ""; count = 0; unittest_failure = 0
    }
    /^=+ [0-9]+\/[0-9]+ =+$/ { flush(); next }
    /^test: / { sub(/^test: +/, ""); name = $0; next }
    /^result: / { sub(/^result: +/, ""); result = $0; next }
    name != "" {
      lines[++count] = substr($0, 1, 300)
      if (unittest_failure == 0 && /^(FAIL|ERROR): /) unittest_failure = count
    }
    END { flush() }
  ' "$log"
done
