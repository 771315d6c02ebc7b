"""Shared pieces of the end-to-end tests: the built binaries, a demo server
on a free 127.0.0.1 port, and running rpccli with a time limit."""

import contextlib
import fcntl
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest

RPCCLI = os.environ["RPCCLI"]
DEMO_SERVER = os.environ["DEMO_SERVER"]
SOURCE_DIR = os.environ["RPCCLI_SOURCE_DIR"]
DEMO_PROTO = os.path.join(SOURCE_DIR, "proto", "demo.proto")

# Every rpccli run is bounded, so a hang fails a test instead of CI.
RUN_TIMEOUT_SECONDS = 30


class DemoServer:
    """demo-server on 127.0.0.1, on a port it picks itself; `flags` are
    passed on (--tls-cert, --unix...)."""

    startup_seconds = 10

    def __init__(self, *flags):
        self.flags = list(flags)

    def command(self):
        return [DEMO_SERVER, "--port", "0", *self.flags]

    def environment(self):
        return None

    def __enter__(self):
        # What the server reports about its calls goes to a file, which no
        # amount of reporting can fill up and block.
        self.log_file = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            self.command(), stdout=subprocess.PIPE, stderr=self.log_file,
            env=self.environment())
        ready, _, _ = select.select([self.process.stdout], [], [],
                                    self.startup_seconds)
        if not ready:
            self.process.kill()
            self.process.wait()
            raise RuntimeError("%s did not start within %d s"
                               % (self.command()[0], self.startup_seconds))
        line = self.process.stdout.readline().decode()
        if not line.startswith("listening on 127.0.0.1:"):
            self.process.kill()
            self.process.wait()
            raise RuntimeError("the server said: %r %r" % (line, self.log()))
        self.port = int(line.rsplit(":", 1)[1])
        self.target = "127.0.0.1:%d" % self.port
        return self

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()
        self.log_file.close()

    def log(self):
        """Lines the server has reported so far ("Sum: completed after 3
        messages")."""
        self.log_file.seek(0)
        return self.log_file.read().decode().splitlines()

    def wait_for_log(self, prefix, timeout=10, contains=""):
        """The first reported line that starts with `prefix` (and holds
        `contains`), waiting for it at most `timeout` seconds; None if it
        never comes."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.log():
                if line.startswith(prefix) and contains in line:
                    return line
            time.sleep(0.05)
        return None


class SharedServerTest(unittest.TestCase):
    """Tests that share one server, started once for the class by
    `start_server`, as `self.server` (and its `self.target`)."""

    @classmethod
    def start_server(cls):
        raise NotImplementedError

    @classmethod
    def setUpClass(cls):
        cls.server = cls.start_server().__enter__()
        cls.target = cls.server.target

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def setUp(self):
        # A server that died in an earlier test would otherwise show only
        # as "Connection refused" in every test after it.
        code = self.server.process.poll()
        if code is not None:
            how = ("signal %d" % -code) if code < 0 else ("status %d" % code)
            self.fail("the shared server %s exited with %s in an earlier "
                      "test; its last lines: %r"
                      % (type(self.server).__name__, how,
                         self.server.log()[-5:]))


class SharedDemoServerTest(SharedServerTest):
    """Tests that share one demo server."""

    @classmethod
    def start_server(cls):
        return DemoServer()


class RawServer(DemoServer):
    """raw_server.py: Echo answers with the bytes given, in hex, and the
    log has each call's peer."""

    startup_seconds = 30  # importing grpc is slower than starting C++

    def command(self):
        return ["/usr/bin/python3", os.path.join(SOURCE_DIR, "tests", "e2e",
                                                 "raw_server.py"), *self.flags]


class H2EchoServer(RawServer):
    """h2_echo_server.py: a gRPC server on bare HTTP/2 whose log has each
    call's :authority, request encoding and compressed flags."""

    def command(self):
        return ["/usr/bin/python3", os.path.join(SOURCE_DIR, "tests", "e2e",
                                                 "h2_echo_server.py"),
                *self.flags]


class MisbehavingServer(RawServer):
    """misbehaving_server.py: a gRPC server on bare HTTP/2 that breaks the
    protocol in the way each call's `x-misbehave` header picks."""

    def command(self):
        return ["/usr/bin/python3", os.path.join(SOURCE_DIR, "tests", "e2e",
                                                 "misbehaving_server.py")]


class RecordingServer(RawServer):
    """recording_server.py: demo.Demo/Greet whose log has a JSON line per
    call with the name and the x- headers it was sent."""

    def command(self):
        return ["/usr/bin/python3", os.path.join(SOURCE_DIR, "tests", "e2e",
                                                 "recording_server.py")]

    def records(self):
        return [json.loads(line) for line in self.log()
                if line.startswith("{")]


class NxdomainDns(RawServer):
    """nxdomain_dns.py: a DNS server that knows no name; its log has a line
    per question."""

    def command(self):
        return ["/usr/bin/python3", os.path.join(SOURCE_DIR, "tests", "e2e",
                                                 "nxdomain_dns.py")]


# rpccli(env=NO_PROXIES): the proxy variables of the machine running the
# tests must not decide the route.
NO_PROXIES = {name: None for name in ["grpc_proxy", "https_proxy", "http_proxy",
                                    "no_grpc_proxy", "no_proxy"]}


class ConnectProxy(RawServer):
    """connect_proxy.py: an HTTP CONNECT proxy whose log has each tunnel
    asked for; `ConnectProxy("--refuse")` answers them all with 403."""

    def command(self):
        return ["/usr/bin/python3", os.path.join(SOURCE_DIR, "tests", "e2e",
                                                 "connect_proxy.py"),
                *self.flags]

    def url(self):
        return "http://" + self.target


GRPCJS_DIR = os.path.join(SOURCE_DIR, "tests", "e2e", "grpcjs")
GRPCJS_MODULES = os.environ.get("GRPCJS_MODULES_DIR", "")


def install_npm_packages(package_dir, modules_dir):
    """Installs a Node.js server's packages from the lock file committed in
    `package_dir` into `modules_dir` (in the build directory), once."""
    marker = os.path.join(modules_dir, "installed-lock.json")
    lock = os.path.join(package_dir, "package-lock.json")
    os.makedirs(modules_dir, exist_ok=True)
    # Test modules run in parallel: one installs while the others wait.
    # npm has 240 s, within the 300 s meson gives the whole module.
    with open(os.path.join(modules_dir, ".installing"), "w") as guard:
        fcntl.flock(guard, fcntl.LOCK_EX)
        if os.path.exists(marker) and open(marker).read() == open(lock).read():
            return
        for name in ["package.json", "package-lock.json"]:
            shutil.copy(os.path.join(package_dir, name), modules_dir)
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund",
                        "--loglevel=error"],
                       cwd=modules_dir, check=True, timeout=240,
                       stdout=subprocess.DEVNULL)
        shutil.copy(lock, marker)


def install_grpcjs():
    install_npm_packages(GRPCJS_DIR, GRPCJS_MODULES)


class GrpcJsServer(DemoServer):
    """tests/e2e/grpcjs/server.js: grpc-js with @grpc/reflection, on
    127.0.0.1. `reflection` is both, v1, v1alpha or none."""

    startup_seconds = 30  # Node.js loads and compiles the .proto files first

    def __init__(self, reflection="both"):
        self.reflection = reflection

    def command(self):
        return ["node", os.path.join(GRPCJS_DIR, "server.js"),
                "--reflection", self.reflection]

    def environment(self):
        return dict(os.environ, NODE_PATH=os.path.join(GRPCJS_MODULES, "node_modules"))


class SharedGrpcJsServerTest(SharedServerTest):
    """Tests that share one grpc-js server (both reflection versions)."""

    @classmethod
    def start_server(cls):
        return GrpcJsServer("both")


CONNECT_DIR = os.path.join(SOURCE_DIR, "tests", "e2e", "connect")
CONNECT_MODULES = os.environ.get("CONNECT_MODULES_DIR", "")
GOOGLEAPIS_DIR = "/usr/share/gocode/src/github.com/gogo/googleapis"


class ConnectServer(DemoServer):
    """tests/e2e/connect/server.js: connect-node serving demo.Demo (and
    reflection) in Connect, gRPC and gRPC-Web; `target` is its HTTP/2 port (h2c, or TLS
    when given `tls=(cert, key)`, mutual with `tls=(cert, key, client_ca)`)
    and `http1_target` its HTTP/1.1 one."""

    startup_seconds = 30

    def __init__(self, tls=None):
        self.tls = tls

    def __enter__(self):
        install_npm_packages(CONNECT_DIR, CONNECT_MODULES)
        # The schema, as a descriptor set protoc writes for it.
        self.descriptor_set = os.path.join(CONNECT_MODULES, "demo.pb")
        subprocess.run(["protoc", "-I", os.path.join(SOURCE_DIR, "proto"),
                        "-I", GOOGLEAPIS_DIR, "-I", "/usr/share/grpc-proto",
                        "--include_imports", "-o", self.descriptor_set,
                        DEMO_PROTO, "google/rpc/error_details.proto",
                        "grpc/reflection/v1/reflection.proto"],
                       check=True, timeout=60)
        super().__enter__()
        # Written right after the first line (which may have brought it
        # into the pipe's buffer already, where select cannot see it); a
        # server that died instead gives "".
        line = self.process.stdout.readline().decode()
        if not line.startswith("http1 on 127.0.0.1:"):
            self.__exit__(None, None, None)
            raise RuntimeError("the Connect server said: %r" % line)
        self.http1_target = "127.0.0.1:" + line.rsplit(":", 1)[1].strip()
        return self

    def command(self):
        tls = ["--tls", *self.tls] if self.tls else []
        return ["node", os.path.join(CONNECT_DIR, "server.js"),
                self.descriptor_set, *tls]

    def environment(self):
        return dict(os.environ, NODE_PATH=os.path.join(CONNECT_MODULES, "node_modules"))


GO_SERVER = os.environ.get("GO_SERVER", "")


class GoServer(DemoServer):
    """tests/e2e/gogrpc/server.go as meson built it: Debian's grpc-go 1.33,
    with v1alpha reflection only, on 127.0.0.1."""

    def command(self):
        return [GO_SERVER, "--port", "0"]


def make_certificates(directory):
    """A CA, a server certificate for the name rpccli.test only (and an
    expired one for the same key), and a client certificate, with openssl;
    returns {name: path}."""
    paths = {name: os.path.join(directory, name) for name in [
        "ca.pem", "ca.key", "server.pem", "server.key", "client.pem", "client.key",
        "other-ca.pem", "other-ca.key", "expired.pem"]}

    def openssl(*args):
        subprocess.run(["openssl", *args], check=True, timeout=60,
                       capture_output=True)

    for ca in ["ca", "other-ca"]:
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=rpccli test " + ca, "-keyout", paths[ca + ".key"],
                "-out", paths[ca + ".pem"])
    for leaf, extension in [("server", "subjectAltName=DNS:rpccli.test"),
                            ("client", "extendedKeyUsage=clientAuth")]:
        request = os.path.join(directory, leaf + ".csr")
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj",
                "/CN=rpccli test " + leaf, "-addext", extension,
                "-keyout", paths[leaf + ".key"], "-out", request)
        openssl("x509", "-req", "-in", request, "-CA", paths["ca.pem"],
                "-CAkey", paths["ca.key"], "-CAcreateserial", "-days", "2",
                "-copy_extensions", "copy", "-out", paths[leaf + ".pem"])
    # -days -1: it ended a day before it began.
    openssl("x509", "-req", "-in", os.path.join(directory, "server.csr"),
            "-CA", paths["ca.pem"], "-CAkey", paths["ca.key"], "-days", "-1",
            "-copy_extensions", "copy", "-out", paths["expired.pem"])
    return paths


def rpccli(*args, input=None, cwd=None, env=None, timeout=RUN_TIMEOUT_SECONDS):
    """Runs rpccli; stdin is empty unless `input` is given; `env` adds to
    the environment, and its names set to None are taken out of it."""
    environment = None
    if env:
        environment = dict(os.environ, **env)
        for name, value in env.items():
            if value is None:
                del environment[name]
    return subprocess.run(
        [RPCCLI, *args],
        input=input.encode() if isinstance(input, str) else input,
        stdin=None if input is not None else subprocess.DEVNULL,
        env=environment,
        capture_output=True, cwd=cwd, timeout=timeout)


@contextlib.contextmanager
def running(args, **popen_args):
    """rpccli with `args`, its three streams piped (unless `popen_args`
    says otherwise), killed and its pipes closed when the block ends."""
    streams = dict(stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                   stderr=subprocess.PIPE)
    streams.update(popen_args)
    process = subprocess.Popen([RPCCLI, *args], **streams)
    try:
        yield process
    finally:
        process.kill()
        process.wait()
        for pipe in [process.stdin, process.stdout, process.stderr]:
            if pipe:
                pipe.close()


def read_line(stream, timeout=10):
    """One line from a pipe, or None if none comes within `timeout`."""
    ready, _, _ = select.select([stream], [], [], timeout)
    return stream.readline().decode() if ready else None


def timed(function, *args, **kwargs):
    """Returns (result, seconds taken)."""
    start = time.monotonic()
    result = function(*args, **kwargs)
    return result, time.monotonic() - start


def closed_port():
    """A 127.0.0.1 port that nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def silent_port():
    """A 127.0.0.1 port whose connections are accepted (the kernel does)
    and never answered, while the `with` lasts."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


def write_files(test, files):
    """Writes {relative path: text} into a temporary directory that is
    removed when `test` ends, and returns the directory."""
    holder = tempfile.TemporaryDirectory(prefix="rpccli-e2e-")
    test.addCleanup(holder.cleanup)
    directory = holder.name
    for relative, text in files.items():
        path = os.path.join(directory, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    return directory
