#!/usr/bin/env python3
"""rpccli against the limit: the same calls made by bench/limit_client.cc
(generated, statically linked, buffer hints, no JSON), side by side in one
run, on 127.0.0.1 against the demo server. buf curl joins as a peer when
npm can install it. Prints one markdown table; see bench/README.md.

    bench/run.py [BUILD_DIR] [--quick] [--peer NAME=PATH]...

--quick runs fewer repetitions and skips the 1,000,000-message streams.
Then bench/many.py measures many calls and one call at its floor, with the
peers given (grpcurl, ghz).
"""

import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile

import many
import protocols
import serve
from benchlib import (DEBIAN_PYTHON, GOOGLE_RPC, GRPC_PROTO, HERE, PROTO, Paths,
                      grpc_proto_files, install_buf, make_tls_files,
                      parse_args, side_by_side, start, stop, write_lines)


class Table:
    def __init__(self, peers):
        self.peers = peers
        self.rows = []

    def add(self, what, results, measure="wall"):
        limit = getattr(results["limit"], measure)
        row = [what]
        for name in ["rpccli", "limit"] + self.peers:
            value = getattr(results[name], measure) if name in results else None
            row.append(self.format(value, measure))
        rpccli = getattr(results["rpccli"], measure)
        row.append("%.2f" % (rpccli / limit) if limit else "-")
        if "buf" in self.peers:
            buf = results.get("buf")
            row.append("%.2f" % (getattr(buf, measure) / limit) if buf else "-")
        self.rows.append(row)
        print(" | ".join(row), file=sys.stderr, flush=True)

    @staticmethod
    def format(value, measure):
        if value is None:
            return "-"
        if measure == "rss_kib":
            return "%.1f MiB" % (value / 1024)
        return "%.3f s" % value if value >= 1 else "%.1f ms" % (value * 1000)

    def print(self):
        header = ["what", "rpccli", "limit"] + self.peers + ["rpccli/limit"]
        if "buf" in self.peers:
            header.append("buf/limit")
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for row in self.rows:
            print("| " + " | ".join(row) + " |")


def measure_tls_start_up(scratch, paths, runs):
    """A TLS call trusting the system's roots against one given --cacert:
    the system's roots (and the bench's CA) in a hashed directory, as
    /etc/ssl/certs is, and in one bundle, as SSL_CERT_FILE names one."""
    if not os.path.exists("/etc/ssl/certs/ca-certificates.crt"):
        print("\nTLS start-up: no system store here; skipped")
        return
    files = make_tls_files(scratch)
    roots = os.path.join(scratch, "roots")
    os.makedirs(roots)
    bundle = os.path.join(scratch, "bundle.pem")
    with open(bundle, "w") as out:
        for path in ["/etc/ssl/certs/ca-certificates.crt", files["ca.pem"]]:
            with open(path) as part:
                out.write(part.read())
    for name in os.listdir("/etc/ssl/certs"):
        if name.endswith(".pem"):
            shutil.copy(os.path.join("/etc/ssl/certs", name), roots)
    shutil.copy(files["ca.pem"], os.path.join(roots, "bench-ca.pem"))
    subprocess.run(["openssl", "rehash", roots], check=True, timeout=60,
                   capture_output=True)
    server, target = start([paths.server, "--port", "0", "--tls-cert",
                            files["server.pem"], "--tls-key",
                            files["server.key"]])
    try:
        call = ["call", "-p", PROTO, "--servername", "rpccli.test", target,
                "Greet", '{"name": "bench"}']
        clean = ["env", "-u", "SSL_CERT_FILE", "-u", "SSL_CERT_DIR"]
        tls = side_by_side({
            "rpccli": clean + ["SSL_CERT_DIR=" + roots, paths.rpccli] + call,
            "limit": clean + [paths.rpccli] + call[:1] + ["--cacert", files["ca.pem"]]
                     + call[1:],
            "bundle": clean + ["SSL_CERT_FILE=" + bundle, paths.rpccli] + call,
        }, runs.unary)
    finally:
        stop(server)
    print("\nTLS call (median of %d): --cacert %.1f ms; the system's roots "
          "by hash %.1f ms, %.2fx (target 1.2x); read whole from a bundle "
          "%.1f ms, %.2fx" % (
              runs.unary, tls["limit"].wall * 1000, tls["rpccli"].wall * 1000,
              tls["rpccli"].wall / tls["limit"].wall,
              tls["bundle"].wall * 1000,
              tls["bundle"].wall / tls["limit"].wall))


class Runs:
    """How many times each measurement runs, and over how much."""

    def __init__(self, quick):
        self.unary = 5 if quick else 21
        self.stream = 1 if quick else 3
        self.lengths = [100000] if quick else [100000, 1000000]
        self.blob_bytes = 64 << 20


def main():
    build, quick, peers = parse_args(sys.argv[1:])
    paths, runs = Paths(build), Runs(quick)
    paths.check()
    scratch = tempfile.TemporaryDirectory(prefix="rpccli-bench-")
    buf = install_buf(build)
    table = Table(["buf"] if buf else [])
    server, target = start([paths.server, "--port", "0"])
    call = [paths.rpccli, "call", "--plaintext", "--compact", "-p", PROTO, target]
    limit = [paths.limit, target]
    buf_call = ([buf, "curl", "--protocol", "grpc", "--http2-prior-knowledge",
                 "--schema", PROTO] if buf else None)
    url = "http://%s/demo.Demo/" % target

    def commands(rpccli_args, limit_args, buf_args=None):
        chosen = {"rpccli": call + rpccli_args, "limit": limit + limit_args}
        if buf and buf_args is not None:
            chosen["buf"] = buf_call + buf_args
        return chosen

    try:
        # A whole unary invocation, exec to exit.
        unary = side_by_side(commands(["Greet", '{"name": "bench"}'], ["unary"],
                                      ["-d", '{"name": "bench"}', url + "Greet"]),
                             runs.unary)
        table.add("unary call, wall (median of %d)" % runs.unary, unary)
        table.add("unary call, CPU", unary, "cpu")
        table.add("unary call, peak RSS", unary, "rss_kib")

        # Streams of small messages through stdin and stdout.
        peak = {}
        for length in runs.lengths:
            numbers = os.path.join(scratch.name, "numbers")
            chat = os.path.join(scratch.name, "chat")
            write_lines(numbers, length, '{"value": %d}\n')
            write_lines(chat, length, '{"seq": %d, "text": "bench"}\n')
            for kind, rpccli_args, limit_args, buf_args, stdin in [
                    ("client stream", ["Sum"], ["client-stream", str(length)],
                     ["-d", "@-", url + "Sum"], numbers),
                    ("server stream",
                     ["Countdown", '{"start": %d}' % length],
                     ["server-stream", str(length)],
                     ["-d", '{"start": %d}' % length, url + "Countdown"], None),
                    ("bidi stream", ["Chat"], ["bidi", str(length)],
                     ["-d", "@-", url + "Chat"], chat)]:
                # buf curl takes minutes over a million messages; 100k tells.
                results = side_by_side(
                    commands(rpccli_args, limit_args,
                             buf_args if length == runs.lengths[0] else None),
                    runs.stream, stdin)
                table.add("%s, %d messages" % (kind, length), results)
                peak[(kind, length)] = results["rpccli"].rss_kib
                table.add("%s, %d messages, peak RSS" % (kind, length),
                          results, "rss_kib")

        # One 64 MiB bytes message each way.
        request = os.path.join(scratch.name, "blob.json")
        with open(request, "w") as f:
            json.dump({"blob": base64.b64encode(b"x" * runs.blob_bytes).decode()}, f)
        results = side_by_side(
            commands(["Echo", "--max-msg-sz", str(2 * runs.blob_bytes), "@" + request],
                     ["echo-bytes", str(runs.blob_bytes)]), runs.stream)
        table.add("64 MiB bytes each way", results)
        table.add("64 MiB bytes each way, peak RSS", results, "rss_kib")
    finally:
        stop(server)

    # Start-up over a large schema: list from files, from a protoset, and
    # by reflection from a server holding the same files.
    files = grpc_proto_files()
    protoset = os.path.join(scratch.name, "grpc.protoset")
    subprocess.run(["protoc", "-I", GRPC_PROTO, "-I", GOOGLE_RPC,
                    "--include_imports", "--descriptor_set_out=" + protoset,
                    *files], check=True)
    stubs = os.path.join(scratch.name, "stubs")
    os.makedirs(stubs)
    reflection_proto = os.path.join(GRPC_PROTO, "grpc/reflection/v1/reflection.proto")
    subprocess.run(["protoc", "-I", os.path.dirname(reflection_proto),
                    "--python_out=" + stubs, reflection_proto], check=True)
    reflection, reflection_target = start(
        [DEBIAN_PYTHON, os.path.join(HERE, "reflection_server.py"), stubs, protoset])
    try:
        from_files = [paths.rpccli, "list", "-I", GRPC_PROTO, "-I", GOOGLE_RPC, *files]
        schema = side_by_side({
            "rpccli": [paths.rpccli, "list", "--plaintext", reflection_target],
            "limit": from_files,
            "protoset": [paths.rpccli, "list", "--protoset", protoset],
        }, runs.unary)
        print("\nlist over %d grpc-proto files (median of %d): from files %.1f ms,"
              " from a protoset %.1f ms, by reflection %.1f ms; reflection/files"
              " %.2f" % (len(files), runs.unary, schema["limit"].wall * 1000,
                         schema["protoset"].wall * 1000,
                         schema["rpccli"].wall * 1000,
                         schema["rpccli"].wall / schema["limit"].wall))
        describe = side_by_side({
            "rpccli": [paths.rpccli, "describe", "--plaintext", reflection_target],
            "limit": [paths.rpccli, "describe", "-I", GRPC_PROTO, "-I", GOOGLE_RPC,
                      *files],
        }, runs.unary)
        print("describe every service: from files %.1f ms, by reflection %.1f ms;"
              " reflection/files %.2f" % (describe["limit"].wall * 1000,
                                          describe["rpccli"].wall * 1000,
                                          describe["rpccli"].wall
                                          / describe["limit"].wall))
    finally:
        stop(reflection)

    measure_tls_start_up(scratch.name, paths, runs)

    if len(runs.lengths) > 1:
        print("\npeak RSS, 1M/100k:", ", ".join(
            "%s %.3f" % (kind, peak[(kind, runs.lengths[1])] / peak[(kind, runs.lengths[0])])
            for kind in ["client stream", "server stream", "bidi stream"]))
    print()
    table.print()
    scratch.cleanup()

    many.measure(build, quick, peers)
    protocols.measure(build, quick, peers)
    serve.measure(build, quick, peers)


if __name__ == "__main__":
    main()
