#!/usr/bin/env python3
"""rpccli serve against the demo server (generated C++ code), side by side
in one run on 127.0.0.1 (issue 25):

- unary: `rpccli bench -c 16` of Greet answered by a stub, against the
  same load on the demo server; target at least 0.5x its rate;
- server stream: 100,000 messages of Countdown from a stub, against the
  demo server's 100,000; target at least 0.5x its pace;
- memory: serve's peak RSS while streaming, against its RSS before the
  streams; target flat (at most 1.1x).

    bench/serve.py [BUILD_DIR] [--quick]

Also run by bench/run.py, which `make bench` runs. Prints a markdown table.
"""

import json
import os
import select
import statistics
import subprocess
import sys
import tempfile

from benchlib import PROTO, parse_args, side_by_side, start, stop
from many import Rows, alternate, ms, rpccli_bench

STREAM_LENGTH = 100000


def start_serve(rpccli, stubs):
    """rpccli serve on a port it picks; (process, target)."""
    process = subprocess.Popen(
        [rpccli, "serve", "--listen", "127.0.0.1:0", "-p", PROTO,
         "--stubs", stubs],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    ready, _, _ = select.select([process.stderr], [], [], 30)
    line = process.stderr.readline().decode() if ready else ""
    if not line.startswith("listening on "):
        process.kill()
        sys.exit("bench: rpccli serve did not start: %r" % line)
    return process, line.split()[-1]


def kib(pid, field):
    """VmRSS or VmHWM of a running process, in KiB."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def measure(build, quick, peers):
    del peers  # no peer serves stubs
    rpccli = os.path.join(build, "rpccli")
    scratch = tempfile.TemporaryDirectory(prefix="rpccli-serve-bench-")
    stubs = os.path.join(scratch.name, "stubs.ndjson")
    with open(stubs, "w") as f:
        f.write(json.dumps({"method": "Greet",
                            "response": {"message": "Hello, bench!"}}) + "\n")
        stream = [{"message": {"remaining": n}}
                  for n in range(STREAM_LENGTH, 0, -1)]
        f.write(json.dumps({"method": "Countdown", "stream": stream}) + "\n")
    rows = Rows()
    calls = 5000 if quick else 20000
    runs = 1 if quick else 3
    demo, demo_target = start([os.path.join(build, "demo", "demo-server"),
                               "--port", "0"])
    serve, serve_target = start_serve(rpccli, stubs)
    try:
        load = alternate(runs, {
            "demo": lambda: rpccli_bench(rpccli, demo_target, "-c", "16",
                                         "-n", str(calls)),
            "serve": lambda: rpccli_bench(rpccli, serve_target, "-c", "16",
                                          "-n", str(calls)),
        })
        rate = {name: statistics.median(r["rps"] for r in results)
                for name, results in load.items()}
        rows.add("bench -c 16 of a unary stub, calls/s against the demo "
                 "server (median of %d)" % runs, "%.0f" % rate["serve"],
                 "demo %.0f" % rate["demo"], rate["serve"] / rate["demo"],
                 ">= 0.5")

        before = kib(serve.pid, "VmRSS")
        streams = side_by_side({
            "demo": [rpccli, "call", "--plaintext", "--compact", "-p", PROTO,
                     demo_target, "Countdown",
                     '{"start": %d}' % STREAM_LENGTH],
            "serve": [rpccli, "call", "--plaintext", "--compact", "-p", PROTO,
                      serve_target, "Countdown", "{}"],
        }, 1 if quick else 3)
        peak = kib(serve.pid, "VmHWM")
        rows.add("server stream of %d messages from a stub, against the demo "
                 "server's (pace)" % STREAM_LENGTH, ms(streams["serve"].wall),
                 "demo " + ms(streams["demo"].wall),
                 streams["demo"].wall / streams["serve"].wall, ">= 0.5")
        rows.add("serve's peak RSS while streaming, against its RSS before",
                 "%.1f MiB" % (peak / 1024), "%.1f MiB" % (before / 1024),
                 peak / before, "<= 1.1")
    finally:
        stop(serve)
        stop(demo)
    rows.print()


if __name__ == "__main__":
    build_dir, quick_run, peer_paths = parse_args(sys.argv[1:])
    measure(build_dir, quick_run, peer_paths)
