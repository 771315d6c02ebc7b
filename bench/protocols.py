#!/usr/bin/env python3
"""Connect and gRPC-Web (issue 15), side by side with buf curl, against
the connect-node server of the tests (tests/e2e/connect/server.js, which
speaks Connect, gRPC-Web and gRPC on one port) on 127.0.0.1, over h2c:

- a whole unary call, exec to exit, per protocol (median of 21 runs);
- a 100,000-message server stream per protocol: wall and CPU time (the
  server sets the pace: about 1.3 s even over gRPC);
- rpccli's peak RSS over 1,000,000 messages against 100,000.

    bench/protocols.py [BUILD_DIR] [--quick]

Also run by bench/run.py, which `make bench` runs. Without npm (for
connect-node and buf curl) it says so and measures nothing.
"""

import os
import shutil
import subprocess
import sys
import tempfile

from benchlib import (GOOGLE_RPC, GRPC_PROTO, PROTO, SOURCE, install_buf,
                      parse_args, side_by_side, start, stop)

CONNECT_DIR = os.path.join(SOURCE, "tests", "e2e", "connect")
PROTOCOLS = ["connect", "grpcweb", "grpc"]


def install_connect_node(build):
    """connect-node from the tests' lock file, into BUILD/bench-connect."""
    target = os.path.join(build, "bench-connect")
    modules = os.path.join(target, "node_modules")
    if not os.path.exists(os.path.join(modules, "@connectrpc")):
        os.makedirs(target, exist_ok=True)
        for name in ["package.json", "package-lock.json"]:
            shutil.copy(os.path.join(CONNECT_DIR, name), target)
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund",
                        "--loglevel=error"], cwd=target, check=True,
                       timeout=600, stdout=subprocess.DEVNULL)
    return modules


def ms(seconds):
    return "%.1f ms" % (seconds * 1000)


def measure(build, quick, peers):
    del peers  # buf curl comes from npm, as in run.py
    rpccli = os.path.join(build, "rpccli")
    try:
        modules = install_connect_node(build)
    except (OSError, subprocess.SubprocessError) as error:
        print("bench: no connect-node (%s); no protocol rows" % error,
              file=sys.stderr)
        return
    buf = install_buf(build)
    scratch = tempfile.TemporaryDirectory(prefix="rpccli-protocols-")
    descriptor_set = os.path.join(scratch.name, "demo.pb")
    subprocess.run(["protoc", "-I", os.path.dirname(PROTO), "-I", GOOGLE_RPC,
                    "-I", GRPC_PROTO, "--include_imports", "-o", descriptor_set,
                    PROTO, "google/rpc/error_details.proto",
                    "grpc/reflection/v1/reflection.proto"], check=True)
    server, target = start(["node", os.path.join(CONNECT_DIR, "server.js"),
                            descriptor_set], env=dict(os.environ, NODE_PATH=modules))
    server.stdout.readline()  # the HTTP/1.1 port, not used here
    url = "http://" + target

    def rpccli_call(protocol, method, request):
        over = (["--plaintext", target] if protocol == "grpc" else
                ["--protocol", protocol, "--http2-prior-knowledge", url])
        return [rpccli, "call", "-p", PROTO, "--compact", *over, method, request]

    def buf_call(protocol, method, request):
        return [buf, "curl", "--protocol", protocol, "--http2-prior-knowledge",
                "--schema", PROTO, "-d", request, url + "/demo.Demo/" + method]

    rows = []

    def add(what, ours, theirs, ratio, goal):
        row = [what, ours, theirs, "%.2f" % ratio if ratio else "-", goal]
        rows.append(row)
        print(" | ".join(row), file=sys.stderr, flush=True)

    def side_by_side_with_buf(protocol, method, request, runs):
        """The same call by rpccli and, when given, by buf curl, taking turns."""
        commands = {"rpccli": rpccli_call(protocol, method, request)}
        if buf:
            commands["buf"] = buf_call(protocol, method, request)
        return side_by_side(commands, runs)

    def add_against_buf(what, results, seconds, goal):
        """A row of `seconds(result)`, rpccli's against buf curl's if run."""
        ours = seconds(results["rpccli"])
        theirs = seconds(results["buf"]) if "buf" in results else None
        add(what, ms(ours), "buf curl " + ms(theirs) if theirs else "-",
            ours / theirs if theirs else None, goal)

    try:
        for protocol in PROTOCOLS:
            unary = side_by_side_with_buf(protocol, "Greet", '{"name":"x"}',
                                          5 if quick else 21)
            add_against_buf("%s: unary call, wall (median)" % protocol, unary,
                            lambda result: result.wall, "<= 0.3")

            stream = side_by_side_with_buf(protocol, "Countdown",
                                           '{"start":100000}', 1 if quick else 3)
            add_against_buf("%s: server stream of 100000, CPU" % protocol,
                            stream, lambda result: result.cpu, "<= 0.3")
            add_against_buf("%s: server stream of 100000, wall" % protocol,
                            stream, lambda result: result.wall, "<= 1")
            if not quick and protocol != "grpc":
                long = side_by_side(
                    {"1M": rpccli_call(protocol, "Countdown", '{"start":1000000}')}, 1)
                add("%s: peak RSS, 1000000 messages against 100000" % protocol,
                    "%.1f MiB" % (long["1M"].rss_kib / 1024),
                    "100000: %.1f MiB" % (stream["rpccli"].rss_kib / 1024),
                    long["1M"].rss_kib / stream["rpccli"].rss_kib, "<= 1.1")
    finally:
        stop(server)
        scratch.cleanup()
    print()
    print("| what | rpccli | against | ratio | target |")
    print("|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    measure(*parse_args(sys.argv[1:]))
