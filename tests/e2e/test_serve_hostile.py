"""rpccli serve against clients and inputs that do not play along: calls
no generated stub makes (two requests to a unary method, a path not
/Service/Method), a client that sends without ever reading, thousands of
calls cancelled while they wait, stubs that ask for default values or
name headers in capitals, stub files with a key twice or nested past any
message, a second signal, --record where it cannot or must not write, a
reload that catches a file empty, and a unix socket already served."""

import json
import os
import signal
import socket
import subprocess
import tempfile
import time
import unittest

from harness import DEMO_PROTO, make_certificates, rpccli
from test_serve import Serve, read_stderr_until, write_stubs
from test_tutorial import DEBIAN_PYTHON

HERE = os.path.dirname(os.path.abspath(__file__))
RAW_CLIENT = os.path.join(HERE, "raw_grpc_client.py")
H2_FLOOD_CLIENT = os.path.join(HERE, "h2_flood_client.py")

# A Greet request for "a" and for "b", in wire bytes.
GREET_A = "0a0161"
GREET_B = "0a0162"


def raw_client(target, *args):
    result = subprocess.run([DEBIAN_PYTHON, RAW_CLIENT, target, *args],
                            capture_output=True, timeout=60)
    if result.returncode != 0:
        raise RuntimeError(result.stderr.decode())
    return json.loads(result.stdout)


# Under AddressSanitizer the server is several times slower, and its
# memory is not what a release build's is.
SANITIZED = "ASAN_OPTIONS" in os.environ
FLOOD_SECONDS = "30" if SANITIZED else "8"


def peak_rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("no VmHWM for %d" % pid)


class HostileClientsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        holder = tempfile.TemporaryDirectory(prefix="rpccli-serve-hostile-")
        cls.addClassCleanup(holder.cleanup)
        cls.directory = holder.name
        stubs = write_stubs(cls.directory, [
            {"method": "Greet", "response": {"message": "hi"}},
            {"method": "Countdown", "delay_ms": 200,
             "stream": [{"message": {"remaining": 1}}]},
            {"method": "Echo",
             "request": {"text": "", "int64Value": "0",
                         "color": "COLOR_UNSPECIFIED",
                         "point": {"x": 0}, "display_name": "",
                         "maybe": 0, "numbers": []},
             "response": {"text": "all defaults"}},
            {"method": "Chat", "headers": {"X-Env": "test"},
             "stream": [{"message": {"text": "test env"}}]},
        ])
        cls.server = Serve("-p", DEMO_PROTO, "--stubs", stubs).__enter__()
        cls.addClassCleanup(cls.server.__exit__, None, None, None)

    def call(self, method, *args, **kwargs):
        return rpccli("call", "--plaintext", "--compact", "-p", DEMO_PROTO,
                      self.server.target, method, *args, **kwargs)

    def test_a_one_request_method_sent_two_is_an_error(self):
        said = raw_client(self.server.target, "send", "/demo.Demo/Greet",
                          GREET_A, GREET_B)
        self.assertEqual(said["code"], "INTERNAL", said)
        self.assertIn("demo.Demo.Greet takes one request", said["message"])
        said = raw_client(self.server.target, "send", "/demo.Demo/Countdown",
                          "", "")
        self.assertEqual(said["code"], "INTERNAL", said)
        said = raw_client(self.server.target, "send", "/demo.Demo/Greet")
        self.assertEqual(said["code"], "INVALID_ARGUMENT", said)
        said = raw_client(self.server.target, "send", "/demo.Demo/Greet",
                          GREET_A)
        self.assertEqual(said["code"], "OK", said)
        self.assertEqual(len(said["replies"]), 1)

    def test_only_a_service_slash_method_path_names_a_method(self):
        for path in ["/demo.Demo.Greet", "/demo.Demo/", "//Greet",
                     "/demo.Demo/Greet/", "/Greet", "demo.Demo/Greet"]:
            with self.subTest(path=path):
                said = raw_client(self.server.target, "send", path, GREET_A)
                self.assertEqual(said["code"], "UNIMPLEMENTED", said)

    def test_a_client_that_never_reads_cannot_grow_the_server(self):
        # Each request and answer is 64 KiB. A server that goes on reading
        # queues answers without end (3 GB in 4 s before the fix); one
        # that stops reading makes the client stop sending too.
        said = raw_client(self.server.target, "flood", FLOOD_SECONDS)
        self.assertLess(said["sent"] - said["sent_at_half_time"], 16, said)
        if not SANITIZED:
            self.assertLess(peak_rss_kib(self.server.process.pid), 300 * 1024)

    def test_answers_of_no_bytes_still_count_against_a_call(self):
        # The client lets no answer through and sends without end; each
        # answer is empty, but holding it costs the server memory (counted
        # as nothing before, the server read on: 158 MB in 10 s).
        stubs = write_stubs(self.directory,
                            [{"method": "Chat", "stream": [{"message": {}}]}],
                            name="empty-answers.ndjson")
        with Serve("-p", DEMO_PROTO, "--stubs", stubs) as server:
            result = subprocess.run(
                [DEBIAN_PYTHON, H2_FLOOD_CLIENT, server.target,
                 FLOOD_SECONDS, "/demo.Demo/Chat", GREET_A],
                capture_output=True, timeout=120)
            said = json.loads(result.stdout)
            self.assertGreater(said["sent"], 0, said)
            self.assertLess(said["sent"] - said["sent_at_half_time"],
                            said["sent"] / 10, said)
            if not SANITIZED:
                self.assertLess(peak_rss_kib(server.process.pid), 300 * 1024)

    def test_calls_cancelled_while_they_wait_leave_it_standing(self):
        # Countdown waits 200 ms; each call gives up after 20 ms, so every
        # call is cancelled while its alarm is set.
        result = rpccli("bench", "--plaintext", "-p", DEMO_PROTO,
                        "-n", "3000", "-c", "50", "--max-time", "0.02",
                        self.server.target, "demo.Demo/Countdown", "{}",
                        timeout=120)
        self.assertEqual(result.returncode, 64 + 4, result.stderr)
        self.assertIsNone(self.server.process.poll())
        result = self.call("Greet", "{}")
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_a_default_value_matches_only_a_field_left_at_it(self):
        matching = ['{"point": {}, "maybe": 0}',
                    '{"point": {"x": 0}, "maybe": 0, "int64Value": "0"}']
        for request in matching:
            with self.subTest(request=request):
                result = self.call("Echo", request)
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertEqual(json.loads(result.stdout),
                                 {"text": "all defaults"})
        missing = [
            ('{"point": {}, "maybe": 0, "int64Value": "5"}',
             'int64Value is "5", not the default'),
            ('{"point": {}, "maybe": 0, "shownAs": "x"}',
             'shownAs is "x", not the default'),
            ('{"point": {}, "maybe": 0, "numbers": [1]}',
             "numbers is [1], not the default"),
            ('{"point": {}, "maybe": 0, "color": "RED"}',
             'color is "RED", not the default'),
            ('{"point": {"x": 3}, "maybe": 0}',
             "point.x is 3, not the default"),
            ('{"maybe": 0}', "point is not set"),
            # proto3 optional: 0 asked for is 0 set, not the field unset.
            ('{"point": {}}', "maybe is not set"),
        ]
        for request, why in missing:
            with self.subTest(request=request):
                result = self.call("Echo", request)
                self.assertEqual(result.returncode, 64 + 12, result.stderr)
                self.assertIn(why, result.stderr.decode())

    def test_header_names_match_whatever_their_case(self):
        result = self.call("Chat", '{"text": "x"}', "-H", "x-env: test")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout), {"text": "test env"})

    def test_a_near_miss_quotes_a_long_value_short(self):
        result = self.call("Echo", json.dumps(
            {"point": {}, "maybe": 0, "text": "x" * 100000}))
        self.assertEqual(result.returncode, 64 + 12, result.stderr)
        stderr = result.stderr.decode()
        self.assertIn('is "xxxxxxxx', stderr)
        self.assertIn('...', stderr)
        self.assertLess(len(stderr), 2000)

    def test_reflection_v1alpha_describes_its_own_service(self):
        # ServerReflectionRequest{file_containing_symbol: ...}
        symbol = b"grpc.reflection.v1alpha.ServerReflection"
        request = (b"\x22" + bytes([len(symbol)]) + symbol).hex()
        said = raw_client(
            self.server.target, "send",
            "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
            request)
        self.assertEqual(said["code"], "OK", said)
        answer = bytes.fromhex(said["replies"][0])
        self.assertIn(b"grpc/reflection/v1alpha/reflection.proto", answer)
        self.assertIn(b"ServerReflectionInfo", answer)


class HostileInputsTest(unittest.TestCase):
    def setUp(self):
        holder = tempfile.TemporaryDirectory(prefix="rpccli-serve-hostile-")
        self.addCleanup(holder.cleanup)
        self.directory = holder.name

    def serve(self, *args, **kwargs):
        return rpccli("serve", "--listen", "127.0.0.1:0", "-p", DEMO_PROTO,
                      *args, **kwargs)

    def test_stub_files_that_read_two_ways_or_nest_too_deep(self):
        cases = [
            ('{"method": "Greet", "response": {}, "response": {}}',
             'stubs.ndjson:1:1: "response" comes twice in one object'),
            ('{"method": "Greet", "request": {"name": "a", "name": "b"}, '
             '"response": {}}', '"name" comes twice in one object'),
            ('{"method": "Greet", "response": {}, "x": '
             + "[" * 60000 + "]" * 60000 + "}",
             "stubs.ndjson:1:1: nests deeper than 110 levels"),
            ("[" * 60000 + "]" * 60000, "nests deeper than 110 levels"),
        ]
        for text, error in cases:
            with self.subTest(text=text[:80]):
                path = os.path.join(self.directory, "stubs.ndjson")
                with open(path, "w") as f:
                    f.write(text)
                result = self.serve("--stubs", path)
                self.assertEqual(result.returncode, 1, result.stderr)
                stderr = result.stderr.decode()
                self.assertIn(error, stderr)
                self.assertEqual(len(stderr.splitlines()), 1, stderr)

    def test_a_second_signal_ends_it_at_once(self):
        stubs = write_stubs(self.directory, [
            {"method": "Greet", "delay_ms": 60000, "response": {}}])
        with Serve("-p", DEMO_PROTO, "--stubs", stubs) as server:
            call = subprocess.Popen(
                [os.environ["RPCCLI"], "call", "--plaintext", "-p",
                 DEMO_PROTO, server.target, "demo.Demo/Greet", "{}"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                time.sleep(0.5)  # the call is in flight, waiting
                server.process.send_signal(signal.SIGTERM)
                time.sleep(0.5)  # past the 0.2 s that count as one signal
                started = time.monotonic()
                server.process.send_signal(signal.SIGTERM)
                code = server.process.wait(timeout=10)
                self.assertLess(time.monotonic() - started, 1.0)
                self.assertEqual(code, 128 + signal.SIGTERM)
            finally:
                call.kill()
                call.wait()

    def test_record_where_it_cannot_or_must_not_write(self):
        stubs = write_stubs(self.directory, [
            {"method": "Greet", "response": {"message": "hi"}}])
        result = self.serve("--stubs", stubs, "--record", stubs)
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn("which serve reads", result.stderr.decode())
        self.assertIn("hi", open(stubs).read())
        result = self.serve("--stubs", stubs, "--record", DEMO_PROTO)
        self.assertEqual(result.returncode, 1, result.stderr)
        # A full disk: said at the first lost record, and in the exit.
        with Serve("-p", DEMO_PROTO, "--stubs", stubs,
                   "--record", "/dev/full") as server:
            for _ in range(2):
                rpccli("call", "--plaintext", "-p", DEMO_PROTO,
                       server.target, "demo.Demo/Greet", "{}")
            server.process.send_signal(signal.SIGTERM)
            _, stderr = server.process.communicate(timeout=10)
            self.assertEqual(server.process.returncode, 1, stderr)
            lines = stderr.decode().splitlines()
            self.assertEqual(len(lines), 2, lines)
            self.assertIn("--record /dev/full: cannot write: No space left",
                          lines[0])
            self.assertIn("2 calls were not recorded", lines[1])
        # -: stdout, one JSON line a call.
        with Serve("-p", DEMO_PROTO, "--stubs", stubs,
                   "--record", "-") as server:
            rpccli("call", "--plaintext", "-p", DEMO_PROTO, server.target,
                   "demo.Demo/Greet", '{"name": "x"}')
            server.process.send_signal(signal.SIGTERM)
            stdout, _ = server.process.communicate(timeout=10)
            self.assertEqual(server.process.returncode, 0)
            record = json.loads(stdout)
            self.assertEqual(record["requests"], [{"name": "x"}])
        self.assertFalse(os.path.exists(os.path.join(self.directory, "-")))

    def test_a_reload_that_finds_a_file_empty_keeps_the_old_stubs(self):
        stubs = write_stubs(self.directory, [
            {"method": "Greet", "response": {"message": "old"}}])
        with Serve("-p", DEMO_PROTO, "--stubs", stubs) as server:
            open(stubs, "w").close()
            # The whole line: a read may end in its middle.
            said = read_stderr_until(server.process,
                                     rb"not reloaded[^\n]*\n")
            self.assertIn(b"is empty (write [] for no stubs)", said)
            result = rpccli("call", "--plaintext", "--compact", "-p",
                            DEMO_PROTO, server.target, "demo.Demo/Greet",
                            "{}")
            self.assertEqual(json.loads(result.stdout), {"message": "old"})

    def test_a_unix_socket_already_served_is_not_taken_over(self):
        socket_path = os.path.join(self.directory, "mock.sock")
        listen = "unix:" + socket_path
        first = subprocess.Popen(
            [os.environ["RPCCLI"], "serve", "--listen", listen, "-p",
             DEMO_PROTO, "--fake"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            self.assertEqual(first.stderr.readline().decode().strip(),
                             "listening on " + listen)
            result = rpccli("serve", "--listen", listen, "-p", DEMO_PROTO)
            self.assertEqual(result.returncode, 1, result.stderr)
            self.assertIn("a server listens there already",
                          result.stderr.decode())
            result = rpccli("call", "--plaintext", "-p", DEMO_PROTO, listen,
                            "demo.Demo/Greet", "{}")
            self.assertEqual(result.returncode, 0, result.stderr)
        finally:
            first.send_signal(signal.SIGTERM)
            self.assertEqual(first.wait(timeout=10), 0)
            first.stderr.close()
        # A socket left behind by a server gone, which nothing answers on,
        # is taken.
        left = socket.socket(socket.AF_UNIX)
        left.bind(socket_path)
        left.close()
        with Serve("-p", DEMO_PROTO, "--fake", listen=listen) as server:
            result = rpccli("call", "--plaintext", "-p", DEMO_PROTO,
                            server.target, "demo.Demo/Greet", "{}")
            self.assertEqual(result.returncode, 0, result.stderr)

    def test_record_into_a_pipe_nobody_reads_holds_up_no_call(self):
        stubs = write_stubs(self.directory, [
            {"method": "Echo", "response": {"text": "x" * 20000}}])
        with Serve("-p", DEMO_PROTO, "--stubs", stubs,
                   "--record", "-") as server:
            # Its stdout is a pipe this test never reads: a few records of
            # 20 KB fill it, and the rest of the 200 calls are lost, not
            # waited for.
            result = rpccli("bench", "--plaintext", "-p", DEMO_PROTO,
                            "-n", "200", "-c", "4", "--max-time", "5",
                            server.target, "demo.Demo/Echo", "{}",
                            timeout=120)
            self.assertEqual(result.returncode, 0, result.stderr)
            started = time.monotonic()
            server.process.send_signal(signal.SIGTERM)
            code = server.process.wait(timeout=20)
            self.assertLess(time.monotonic() - started, 8)
            self.assertEqual(code, 1)
            stderr = server.process.stderr.read().decode()
            self.assertRegex(stderr, r"--record -: \d+ calls were not "
                                     r"recorded\n$")

    def test_record_refuses_a_file_imported_under_an_import_path(self):
        schema = os.path.join(self.directory, "schema")
        os.makedirs(schema)
        with open(os.path.join(schema, "top.proto"), "w") as f:
            f.write('syntax = "proto3";\npackage top;\n'
                    'import "other.proto";\n'
                    "service S { rpc Get(other.Msg) returns (other.Msg); }\n")
        with open(os.path.join(schema, "other.proto"), "w") as f:
            f.write('syntax = "proto3";\npackage other;\n'
                    "message Msg { string text = 1; }\n")
        for name in ["top.proto", "other.proto"]:
            with self.subTest(name=name):
                path = os.path.join(schema, name)
                before = open(path).read()
                result = rpccli("serve", "--listen", "127.0.0.1:0", "-I",
                                schema, "-p", "top.proto", "--fake",
                                "--record", path)
                self.assertEqual(result.returncode, 1, result.stderr)
                self.assertIn("which serve reads", result.stderr.decode())
                self.assertEqual(open(path).read(), before)

    def test_a_file_renamed_over_with_its_old_time_is_reloaded(self):
        stubs = write_stubs(self.directory, [
            {"method": "Greet", "response": {"message": "old"}}])
        with Serve("-p", DEMO_PROTO, "--stubs", stubs) as server:
            # Same size and modification time, another inode (cp -p).
            replacement = write_stubs(self.directory, [
                {"method": "Greet", "response": {"message": "new"}}],
                name="replacement.ndjson")
            status = os.stat(stubs)
            os.utime(replacement, ns=(status.st_atime_ns,
                                      status.st_mtime_ns))
            os.replace(replacement, stubs)
            read_stderr_until(server.process, rb"stubs reloaded\n")
            result = rpccli("call", "--plaintext", "--compact", "-p",
                            DEMO_PROTO, server.target, "demo.Demo/Greet",
                            "{}")
            self.assertEqual(json.loads(result.stdout), {"message": "new"})

    def test_protoset_out_writes_the_schema_served(self):
        protoset = os.path.join(self.directory, "served.protoset")
        with Serve("-p", DEMO_PROTO, "--fake", "--protoset-out", protoset):
            pass
        result = rpccli("list", "--protoset", protoset)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn(b"demo.Demo", result.stdout)

    def test_a_key_that_is_not_the_certificates_is_named(self):
        certificates = make_certificates(self.directory)
        result = self.serve("--cert", certificates["server.pem"],
                            "--key", certificates["client.key"])
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertRegex(result.stderr.decode(),
                         r"^rpccli: error: \S+client.key \(--key\): is not "
                         r"the private key of \S+server.pem \(--cert\)\n$")

    def test_a_certificate_that_is_no_pem_is_named(self):
        path = os.path.join(self.directory, "cert.pem")
        with open(path, "w") as f:
            f.write("not a certificate\n")
        result = self.serve("--cert", path, "--key", path)
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn("cert.pem (--cert): holds no PEM certificate",
                      result.stderr.decode())


if __name__ == "__main__":
    unittest.main()
