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
import resource
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(HERE)

def parse_args(argv):
    """(build dir, --quick, {peer name: path} from --peer NAME=PATH)"""
    build, quick, peers = os.path.join(SOURCE, "build"), False, {}
    args = iter(argv)
    for arg in args:
        if arg == "--quick":
            quick = True
        elif arg == "--peer" or arg.startswith("--peer="):
            value = arg[len("--peer="):] if arg != "--peer" else next(args, "")
            name, _, path = value.partition("=")
            if not path or not os.path.exists(path):
                sys.exit("bench: --peer wants NAME=PATH of a file: %r" % value)
            peers[name] = os.path.abspath(path)
        else:
            build = arg
    return os.path.abspath(build), quick, peers


BUILD, QUICK, PEERS = parse_args(sys.argv[1:])
RPCCLI = os.path.join(BUILD, "rpccli")
LIMIT = os.path.join(BUILD, "bench", "limit-client")
SERVER = os.path.join(BUILD, "demo", "demo-server")
PROTO = os.path.join(SOURCE, "proto", "demo.proto")
DEBIAN_PYTHON = "/usr/bin/python3"
GRPC_PROTO = "/usr/share/grpc-proto"
GOOGLE_RPC = "/usr/share/gocode/src/github.com/gogo/googleapis"

UNARY_RUNS = 5 if QUICK else 21
STREAM_RUNS = 1 if QUICK else 3
LENGTHS = [100000] if QUICK else [100000, 1000000]
BLOB_BYTES = 64 << 20


class Result:
    def __init__(self, wall, cpu, rss_kib):
        self.wall, self.cpu, self.rss_kib = wall, cpu, rss_kib


def run(command, stdin_path=None):
    """Runs a command with stdout to /dev/null: its wall and CPU seconds,
    and its peak RSS as GNU time reports it. (wait4 from here would not
    do: a child's peak RSS starts at this Python process's size, from
    before the exec.) time's own share of the CPU is a millisecond."""
    with tempfile.NamedTemporaryFile("r") as figures:
        stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.monotonic()
        process = subprocess.run(
            ["/usr/bin/time", "-f", "%M", "-o", figures.name, *command],
            stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wall = time.monotonic() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if stdin_path:
            stdin.close()
        if process.returncode != 0:
            sys.exit("bench: %s failed: %s" % (" ".join(command[:6]),
                                               process.stderr.decode()))
        rss_kib = int(figures.read().split()[-1])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Result(wall, cpu, rss_kib)


def median(results):
    return Result(statistics.median(r.wall for r in results),
                  statistics.median(r.cpu for r in results),
                  statistics.median(r.rss_kib for r in results))


def side_by_side(commands, runs, stdin_path=None):
    """{name: median Result}, the commands taking turns run by run, so
    that the machine's mood falls on all of them alike."""
    results = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            results[name].append(run(command, stdin_path))
    return {name: median(rs) for name, rs in results.items()}


def start(command, env=None):
    process = subprocess.Popen(command, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, env=env)
    ready, _, _ = select.select([process.stdout], [], [], 30)
    if not ready:
        process.kill()
        sys.exit("bench: %s did not start" % command[0])
    return process, process.stdout.readline().decode().split()[-1]


def stop(process):
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def install_buf():
    """buf curl from the npm registry, or None if npm cannot install it."""
    target = os.path.join(BUILD, "bench-npm")
    buf = os.path.join(target, "node_modules", ".bin", "buf")
    if not os.path.exists(buf):
        os.makedirs(target, exist_ok=True)
        for name in ["package.json", "package-lock.json"]:
            shutil.copy(os.path.join(HERE, "npm", name), target)
        try:
            subprocess.run(["npm", "ci", "--no-audit", "--no-fund",
                            "--loglevel=error"], cwd=target, check=True,
                           timeout=600, stdout=subprocess.DEVNULL)
        except (OSError, subprocess.SubprocessError) as error:
            print("bench: no buf curl (%s)" % error, file=sys.stderr)
            return None
    return buf if os.path.exists(buf) else None


def write_lines(path, count, line):
    with open(path, "w") as f:
        for i in range(count):
            f.write(line % i)


def grpc_proto_files():
    """Every .proto of Debian's grpc-proto whose imports are on the
    machine (meshca's config imports envoy's protos, which are not)."""
    files = []
    for root, _, names in os.walk(GRPC_PROTO):
        for name in names:
            path = os.path.relpath(os.path.join(root, name), GRPC_PROTO)
            if name.endswith(".proto") and "meshca" not in path:
                files.append(path)
    return sorted(files)


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


def make_tls_files(directory):
    """A CA and a server certificate for rpccli.test it signed, by openssl:
    {name: path} of ca.pem, server.pem and server.key."""
    def openssl(*args):
        subprocess.run(["openssl", *args], check=True, timeout=60,
                       capture_output=True, cwd=directory)
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", "/CN=rpccli bench ca", "-keyout", "ca.key", "-out",
            "ca.pem")
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=rpccli.test",
            "-keyout", "server.key", "-out", "server.csr")
    with open(os.path.join(directory, "san.ext"), "w") as ext:
        ext.write("subjectAltName=DNS:rpccli.test\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey",
            "ca.key", "-CAcreateserial", "-days", "2", "-extfile", "san.ext",
            "-out", "server.pem")
    return {name: os.path.join(directory, name)
            for name in ["ca.pem", "server.pem", "server.key"]}


def measure_tls_start_up(scratch):
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
    server, target = start([SERVER, "--port", "0", "--tls-cert",
                            files["server.pem"], "--tls-key",
                            files["server.key"]])
    try:
        call = ["call", "-p", PROTO, "--servername", "rpccli.test", target,
                "Greet", '{"name": "bench"}']
        clean = ["env", "-u", "SSL_CERT_FILE", "-u", "SSL_CERT_DIR"]
        tls = side_by_side({
            "rpccli": clean + ["SSL_CERT_DIR=" + roots, RPCCLI] + call,
            "limit": clean + [RPCCLI] + call[:1] + ["--cacert", files["ca.pem"]]
                     + call[1:],
            "bundle": clean + ["SSL_CERT_FILE=" + bundle, RPCCLI] + call,
        }, UNARY_RUNS)
    finally:
        stop(server)
    print("\nTLS call (median of %d): --cacert %.1f ms; the system's roots "
          "by hash %.1f ms, %.2fx (target 1.2x); read whole from a bundle "
          "%.1f ms, %.2fx" % (
              UNARY_RUNS, tls["limit"].wall * 1000, tls["rpccli"].wall * 1000,
              tls["rpccli"].wall / tls["limit"].wall,
              tls["bundle"].wall * 1000,
              tls["bundle"].wall / tls["limit"].wall))


def main():
    for path in [RPCCLI, LIMIT, SERVER]:
        if not os.path.exists(path):
            sys.exit("bench: %s is missing; run `make bench`" % path)
    scratch = tempfile.TemporaryDirectory(prefix="rpccli-bench-")
    buf = install_buf()
    table = Table(["buf"] if buf else [])
    server, target = start([SERVER, "--port", "0"])
    call = [RPCCLI, "call", "--plaintext", "--compact", "-p", PROTO, target]
    limit = [LIMIT, target]
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
                             UNARY_RUNS)
        table.add("unary call, wall (median of %d)" % UNARY_RUNS, unary)
        table.add("unary call, CPU", unary, "cpu")
        table.add("unary call, peak RSS", unary, "rss_kib")

        # Streams of small messages through stdin and stdout.
        peak = {}
        for length in LENGTHS:
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
                             buf_args if length == LENGTHS[0] else None),
                    STREAM_RUNS, stdin)
                table.add("%s, %d messages" % (kind, length), results)
                peak[(kind, length)] = results["rpccli"].rss_kib
                table.add("%s, %d messages, peak RSS" % (kind, length),
                          results, "rss_kib")

        # One 64 MiB bytes message each way.
        request = os.path.join(scratch.name, "blob.json")
        with open(request, "w") as f:
            json.dump({"blob": base64.b64encode(b"x" * BLOB_BYTES).decode()}, f)
        results = side_by_side(
            commands(["Echo", "--max-msg-sz", str(2 * BLOB_BYTES), "@" + request],
                     ["echo-bytes", str(BLOB_BYTES)]), STREAM_RUNS)
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
        from_files = [RPCCLI, "list", "-I", GRPC_PROTO, "-I", GOOGLE_RPC, *files]
        schema = side_by_side({
            "rpccli": [RPCCLI, "list", "--plaintext", reflection_target],
            "limit": from_files,
            "protoset": [RPCCLI, "list", "--protoset", protoset],
        }, UNARY_RUNS)
        print("\nlist over %d grpc-proto files (median of %d): from files %.1f ms,"
              " from a protoset %.1f ms, by reflection %.1f ms; reflection/files"
              " %.2f" % (len(files), UNARY_RUNS, schema["limit"].wall * 1000,
                         schema["protoset"].wall * 1000,
                         schema["rpccli"].wall * 1000,
                         schema["rpccli"].wall / schema["limit"].wall))
        describe = side_by_side({
            "rpccli": [RPCCLI, "describe", "--plaintext", reflection_target],
            "limit": [RPCCLI, "describe", "-I", GRPC_PROTO, "-I", GOOGLE_RPC,
                      *files],
        }, UNARY_RUNS)
        print("describe every service: from files %.1f ms, by reflection %.1f ms;"
              " reflection/files %.2f" % (describe["limit"].wall * 1000,
                                          describe["rpccli"].wall * 1000,
                                          describe["rpccli"].wall
                                          / describe["limit"].wall))
    finally:
        stop(reflection)

    measure_tls_start_up(scratch.name)

    if len(LENGTHS) > 1:
        print("\npeak RSS, 1M/100k:", ", ".join(
            "%s %.3f" % (kind, peak[(kind, LENGTHS[1])] / peak[(kind, LENGTHS[0])])
            for kind in ["client stream", "server stream", "bidi stream"]))
    print()
    table.print()
    scratch.cleanup()

    import many  # beside this file; it imports this one's helpers
    many.measure(BUILD, QUICK, PEERS)
    import protocols  # the same
    protocols.measure(BUILD, QUICK, PEERS)


if __name__ == "__main__":
    main()
