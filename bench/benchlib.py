"""What the benchmark scripts share: the command line they take, the
demo's paths, running commands side by side and measuring them, servers
started and stopped, and the files they need. A library: run.py, many.py
and protocols.py are the entry points.
"""

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
PROTO = os.path.join(SOURCE, "proto", "demo.proto")
DEBIAN_PYTHON = "/usr/bin/python3"
GRPC_PROTO = "/usr/share/grpc-proto"
GOOGLE_RPC = "/usr/share/gocode/src/github.com/gogo/googleapis"


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


class Paths:
    """What a build directory holds that the benchmarks run."""

    def __init__(self, build):
        self.build = build
        self.rpccli = os.path.join(build, "rpccli")
        self.limit = os.path.join(build, "bench", "limit-client")
        self.server = os.path.join(build, "demo", "demo-server")

    def check(self):
        for path in [self.rpccli, self.limit, self.server]:
            if not os.path.exists(path):
                sys.exit("bench: %s is missing; run `make bench`" % path)


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


def install_buf(build):
    """buf curl from the npm registry, or None if npm cannot install it."""
    target = os.path.join(build, "bench-npm")
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
