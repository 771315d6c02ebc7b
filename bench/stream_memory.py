#!/usr/bin/env python3
"""Peak memory of rpccli over long streams: a client stream, a server stream
and a bidi stream of 100,000 and of 1,000,000 messages, run side by side
against the demo server on 127.0.0.1. Memory should be flat in stream
length: the ratio 1M/100k near 1.0 (the goal is within 1.10).

    bench/stream_memory.py [BUILD_DIR]      (default: build)
"""

import os
import select
import signal
import subprocess
import sys
import tempfile
import time

BUILD = sys.argv[1] if len(sys.argv) > 1 else "build"
RPCCLI = os.path.join(BUILD, "rpccli")
SERVER = os.path.join(BUILD, "demo-server")
PROTO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "proto",
                     "demo.proto")
LENGTHS = [100000, 1000000]


def start_server():
    server = subprocess.Popen([SERVER, "--port", "0"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL)
    ready, _, _ = select.select([server.stdout], [], [], 10)
    if not ready:
        sys.exit("demo-server did not start")
    return server, server.stdout.readline().decode().split()[-1]


def write_input(path, count, line):
    with open(path, "w") as f:
        for i in range(count):
            f.write(line % i)


def measure(args, stdin_path):
    """Runs rpccli; returns (peak RSS in KiB, seconds)."""
    with open(stdin_path, "rb") as stdin:
        start = time.monotonic()
        process = subprocess.Popen([RPCCLI, *args], stdin=stdin,
                                   stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.monotonic() - start
    stderr = process.stderr.read().decode()
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("rpccli failed: %s %s" % (args, stderr))
    return usage.ru_maxrss, seconds


def main():
    server, target = start_server()
    call = ["call", "--plaintext", "--compact", "-p", PROTO, target]
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        empty = os.path.join(scratch, "empty")
        open(empty, "w").close()
        for length in LENGTHS:
            numbers = os.path.join(scratch, "numbers-%d" % length)
            chat = os.path.join(scratch, "chat-%d" % length)
            write_input(numbers, length, '{"value": %d}\n')
            write_input(chat, length, '{"seq": %d, "text": "hello"}\n')
            rows.append(("client stream", length,
                         *measure(call + ["Sum"], numbers)))
            rows.append(("server stream", length,
                         *measure(call + ["Countdown", '{"start": %d}' % length],
                                  empty)))
            rows.append(("bidi stream", length,
                         *measure(call + ["Chat"], chat)))
    server.send_signal(signal.SIGTERM)
    server.wait()

    print("%-14s %10s %12s %9s" % ("stream", "messages", "peak RSS", "seconds"))
    for kind, length, rss, seconds in rows:
        print("%-14s %10d %8.1f MiB %9.2f" % (kind, length, rss / 1024, seconds))
    print()
    print("peak RSS, 1,000,000 messages / 100,000 (goal: at most 1.10)")
    by_kind = {}
    for kind, length, rss, _ in rows:
        by_kind.setdefault(kind, {})[length] = rss
    for kind, sizes in by_kind.items():
        print("  %-14s %.3f" % (kind, sizes[LENGTHS[1]] / sizes[LENGTHS[0]]))


if __name__ == "__main__":
    main()
