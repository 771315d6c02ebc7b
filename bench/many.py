#!/usr/bin/env python3
"""Many calls, and one call at its floor (issue 13), side by side in one
run against the demo server on 127.0.0.1:

- load: `rpccli bench -c 16` on one connection against h2load sending the
  same pre-encoded gRPC request with 16 streams in flight (the ceiling of
  this machine), and ghz when given (--peer ghz=PATH);
- memory: bench's peak RSS over 1,000,000 calls against 10,000;
- open loop: mean latency at --rps 100 against h2load's at the same rate;
- call --batch of 10,000 requests against separate `rpccli call`
  processes and against bench with the same concurrency;
- one unary call, exec to exit: from files against `rpccli list` of the
  same file, by reflection, over TLS, and against grpcurl (--peer
  grpcurl=PATH) the same ways.

    bench/many.py [BUILD_DIR] [--quick] [--peer NAME=PATH]...

Also run by bench/run.py, which `make bench` runs. Prints a markdown table.
"""

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile

from benchlib import PROTO, parse_args, run, side_by_side, start, stop

# demo.GreetRequest{name: "bench"} as gRPC frames it: uncompressed, length 7.
GREET_FRAME = b"\x00\x00\x00\x00\x07\x0a\x05bench"
GREET_JSON = '{"name": "bench"}'


def output_of(command):
    """Runs a load generator and returns its stdout; it must succeed."""
    process = subprocess.run(command, capture_output=True, timeout=900)
    if process.returncode != 0:
        sys.exit("bench: %s failed (%d): %s" % (command[0], process.returncode,
                                                process.stderr.decode()[-500:]))
    return process.stdout.decode()


def rpccli_bench(rpccli, target, *flags, request=GREET_JSON):
    report = output_of([rpccli, "bench", "--plaintext", "-p", PROTO, "--report",
                        "json", *flags, target, "Greet", request])
    return json.loads(report)


def h2load(target, frame, *flags):
    """h2load's figures for unary Greet calls: {rps, mean_ms}."""
    text = output_of(["h2load", *flags, "-d", frame,
                      "-H", "content-type: application/grpc",
                      "-H", "te: trailers",
                      "http://%s/demo.Demo/Greet" % target])
    done = re.search(r"(\d+) succeeded, (\d+) failed", text)
    if not done or done.group(2) != "0":
        sys.exit("bench: h2load's calls failed:\n" + text)
    rps = float(re.search(r"finished in [\d.]+m?s, ([\d.]+) req/s", text).group(1))
    # "time for request:  min  max  mean  sd  +/- sd", each with a unit.
    mean = re.search(r"time for request:\s+\S+\s+\S+\s+([\d.]+)(us|ms|s)", text)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[mean.group(2)]
    return {"rps": rps, "mean_ms": float(mean.group(1)) * scale}


def ghz(path, target, calls, *flags):
    """ghz's figures for unary Greet calls: {rps, mean_ms}."""
    report = json.loads(output_of(
        [path, "--insecure", "--proto", PROTO, "--call", "demo.Demo.Greet",
         "-d", GREET_JSON, "-c", "16", "--connections", "1", "-n", str(calls),
         *flags, "-O", "json", target]))
    # ghz reports durations in nanoseconds.
    return {"rps": report["rps"], "mean_ms": report["average"] / 1e6}


def alternate(runs, makers):
    """{name: [result, ...]}, the makers taking turns run by run."""
    results = {name: [] for name in makers}
    for _ in range(runs):
        for name, make in makers.items():
            results[name].append(make())
    return results


def make_certificate(directory):
    cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                    "-days", "2", "-subj", "/CN=rpccli.test", "-addext",
                    "subjectAltName=DNS:rpccli.test", "-keyout", key,
                    "-out", cert], check=True, capture_output=True)
    return cert, key


class Rows:
    def __init__(self):
        self.rows = []

    def add(self, what, rpccli, reference, ratio, target):
        row = [what, rpccli, reference, "%.2f" % ratio, target]
        self.rows.append(row)
        print(" | ".join(row), file=sys.stderr, flush=True)

    def print(self):
        print("| what | rpccli | against | ratio | target |")
        print("|---|---|---|---|---|")
        for row in self.rows:
            print("| " + " | ".join(row) + " |")


def ms(seconds):
    return "%.1f ms" % (seconds * 1000)


def measure(build, quick, peers):
    rpccli = os.path.join(build, "rpccli")
    server_binary = os.path.join(build, "demo", "demo-server")
    scratch = tempfile.TemporaryDirectory(prefix="rpccli-many-")
    frame = os.path.join(scratch.name, "greet.bin")
    with open(frame, "wb") as f:
        f.write(GREET_FRAME)
    rows = Rows()
    load_calls = 5000 if quick else 20000
    load_runs = 1 if quick else 3
    server, target = start([server_binary, "--port", "0"])
    try:
        # Load: the same number of calls, 16 in flight on one connection.
        makers = {
            "rpccli": lambda: rpccli_bench(rpccli, target, "-c", "16", "-n",
                                           str(load_calls)),
            "h2load": lambda: h2load(target, frame, "-n", str(load_calls),
                                     "-c", "1", "-m", "16"),
        }
        if "ghz" in peers:
            makers["ghz"] = lambda: ghz(peers["ghz"], target, load_calls)
        load = alternate(load_runs, makers)
        rate = {name: statistics.median(r["rps"] for r in results)
                for name, results in load.items()}
        rows.add("bench -c 16, %d unary calls, calls/s (median of %d)"
                 % (load_calls, load_runs), "%.0f" % rate["rpccli"],
                 "h2load %.0f" % rate["h2load"], rate["rpccli"] / rate["h2load"],
                 ">= 0.8")
        if "ghz" in rate:
            rows.add("bench -c 16, calls/s against ghz", "%.0f" % rate["rpccli"],
                     "ghz %.0f" % rate["ghz"], rate["rpccli"] / rate["ghz"],
                     ">= 2")

        # Per-call data: the same load with placeholders filled each call.
        filled = alternate(load_runs, {
            "plain": lambda: rpccli_bench(rpccli, target, "-c", "16", "-n",
                                          str(load_calls)),
            "placeholders": lambda: rpccli_bench(
                rpccli, target, "-c", "16", "-n", str(load_calls),
                "-H", "x-request-id: {{uuid}}",
                request='{"name": "user-{{call}}-{{randstr:8}}"}'),
        })
        filled_rate = {name: statistics.median(r["rps"] for r in results)
                       for name, results in filled.items()}
        rows.add("bench -c 16 with placeholders ({{call}}, {{randstr:8}}, "
                 "a {{uuid}} header), calls/s against none",
                 "%.0f" % filled_rate["placeholders"],
                 "%.0f" % filled_rate["plain"],
                 filled_rate["placeholders"] / filled_rate["plain"], ">= 0.9")

        # Memory: flat in the number of calls.
        many = 100000 if quick else 1000000
        small = run([rpccli, "bench", "--plaintext", "-p", PROTO, "-c", "16",
                     "-n", "10000", target, "Greet", GREET_JSON])
        large = run([rpccli, "bench", "--plaintext", "-p", PROTO, "-c", "16",
                     "-n", str(many), target, "Greet", GREET_JSON])
        rows.add("bench peak RSS, %d calls against 10000" % many,
                 "%.1f MiB" % (large.rss_kib / 1024),
                 "%.1f MiB" % (small.rss_kib / 1024),
                 large.rss_kib / small.rss_kib, "<= 1.1")

        # Open loop: 100 calls a second for a few seconds.
        paced = 200 if quick else 500
        # Each run's mean swings with the machine's mood: four turns each.
        open_makers = {
            "rpccli": lambda: rpccli_bench(rpccli, target, "--rps", "100",
                                           "-c", "16", "-n", str(paced)),
            "h2load": lambda: h2load(target, frame, "-n", str(paced), "-c", "1",
                                     "-m", "16", "--rps", "100"),
        }
        if "ghz" in peers:
            open_makers["ghz"] = lambda: ghz(peers["ghz"], target, paced,
                                             "--rps", "100")
        open_loop = alternate(1 if quick else 4, open_makers)
        rpccli_mean = statistics.median(r["latency_ms"]["mean"]
                                        for r in open_loop["rpccli"])
        h2load_mean = statistics.median(r["mean_ms"] for r in open_loop["h2load"])
        rows.add("mean latency at --rps 100 (%d calls)" % paced,
                 "%.3f ms" % rpccli_mean, "h2load %.3f ms" % h2load_mean,
                 rpccli_mean / h2load_mean, "<= 1.5")
        if "ghz" in open_loop:
            ghz_mean = statistics.median(r["mean_ms"] for r in open_loop["ghz"])
            rows.add("mean latency at --rps 100, against ghz",
                     "%.3f ms" % rpccli_mean, "ghz %.3f ms" % ghz_mean,
                     rpccli_mean / ghz_mean, "<= 1")

        # call --batch: 10,000 requests in one process.
        requests = os.path.join(scratch.name, "names.ndjson")
        with open(requests, "w") as f:
            for i in range(10000):
                f.write('{"name": "n%d"}\n' % i)
        batch_command = [rpccli, "call", "--batch", "-c", "16", "--plaintext",
                         "--compact", "-p", PROTO, target, "Greet",
                         "@" + requests]
        bench_command = [rpccli, "bench", "-c", "16", "-n", "10000",
                         "--plaintext", "-p", PROTO, target, "Greet", GREET_JSON]
        # Seven turns: the two differ by a few per cent, less than one run's
        # noise.
        batch = side_by_side({"rpccli": batch_command, "limit": bench_command},
                             3 if quick else 7)
        # 10,000 processes take minutes: a sample, scaled.
        sample = 100 if quick else 300
        single = [rpccli, "call", "--plaintext", "-p", PROTO, target, "Greet",
                  GREET_JSON]
        processes = sum(run(single).wall for _ in range(sample)) * 10000 / sample
        rows.add("call --batch -c 16 of 10000, against 10000 processes "
                 "(%d timed, scaled)" % sample, ms(batch["rpccli"].wall),
                 "%.1f s" % processes, processes / batch["rpccli"].wall, ">= 20")
        rows.add("call --batch -c 16 of 10000, against bench -c 16 -n 10000",
                 ms(batch["rpccli"].wall), ms(batch["limit"].wall),
                 batch["rpccli"].wall / batch["limit"].wall, "<= 1.05")

        # One call, exec to exit.
        runs = 7 if quick else 21
        commands = {
            "files": single,
            "list": [rpccli, "list", PROTO],
            "reflection": [rpccli, "call", "--plaintext", target,
                           "demo.Demo/Greet", GREET_JSON],
        }
        grpcurl = peers.get("grpcurl")
        if grpcurl:
            commands["grpcurl files"] = [grpcurl, "-plaintext", "-import-path",
                                         os.path.dirname(PROTO), "-proto",
                                         "demo.proto", "-d", GREET_JSON,
                                         target, "demo.Demo/Greet"]
            commands["grpcurl reflection"] = [grpcurl, "-plaintext", "-d",
                                              GREET_JSON, target,
                                              "demo.Demo/Greet"]
        one = side_by_side(commands, runs)
        rows.add("unary call from files, against list of the file (median of "
                 "%d)" % runs, ms(one["files"].wall), ms(one["list"].wall),
                 one["files"].wall / one["list"].wall, "<= 1.6")
        if grpcurl:
            rows.add("unary call from files, against grpcurl",
                     ms(one["files"].wall), ms(one["grpcurl files"].wall),
                     one["files"].wall / one["grpcurl files"].wall, "<= 0.3")
            rows.add("unary call by reflection, against grpcurl",
                     ms(one["reflection"].wall),
                     ms(one["grpcurl reflection"].wall),
                     one["reflection"].wall / one["grpcurl reflection"].wall,
                     "<= 0.35")
        else:
            rows.add("unary call by reflection, against from files",
                     ms(one["reflection"].wall), ms(one["files"].wall),
                     one["reflection"].wall / one["files"].wall, "-")
    finally:
        stop(server)

    # Over TLS, with a certificate of its own.
    cert, key = make_certificate(scratch.name)
    server, target = start([server_binary, "--port", "0", "--tls-cert", cert,
                            "--tls-key", key])
    try:
        commands = {"tls": [rpccli, "call", "--insecure", "-p", PROTO, target,
                            "Greet", GREET_JSON],
                    "list": [rpccli, "list", PROTO]}
        if grpcurl:
            commands["grpcurl"] = [grpcurl, "-insecure", "-import-path",
                                   os.path.dirname(PROTO), "-proto", "demo.proto",
                                   "-d", GREET_JSON, target, "demo.Demo/Greet"]
        tls = side_by_side(commands, runs)
        if grpcurl:
            rows.add("unary call over TLS from files, against grpcurl",
                     ms(tls["tls"].wall), ms(tls["grpcurl"].wall),
                     tls["tls"].wall / tls["grpcurl"].wall, "-")
        else:
            rows.add("unary call over TLS from files, against list of the file",
                     ms(tls["tls"].wall), ms(tls["list"].wall),
                     tls["tls"].wall / tls["list"].wall, "-")
    finally:
        stop(server)
    print()
    rows.print()
    scratch.cleanup()


if __name__ == "__main__":
    measure(*parse_args(sys.argv[1:]))
