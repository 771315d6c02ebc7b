"""rpccli serve: a mock server from the schema and stubs, called by rpccli
itself, by the tutorial's Python client (generated stubs, all four kinds),
by a grpc-go client that learns the schema by reflection as grpcurl does,
and, by reflection, by any client: what matches, what does not and why,
streams with delays, errors with details, reflection, health, TLS, bad
stub files, and a clean stop on a signal."""

import json
import os
import re
import select
import signal
import subprocess
import tempfile
import time
import unittest

from harness import (DEMO_PROTO, RPCCLI, SOURCE_DIR, DemoServer,
                     closed_port, make_certificates, rpccli)
from test_tutorial import DEBIAN_PYTHON, STUBS_DIR, generate_stubs

STUBS = [
    {"method": "Greet", "request": {"name": "ann"},
     "response": {"message": "Hi Ann"},
     "response_headers": {"x-stub": "ann"},
     "response_trailers": {"x-trailer": "t"}},
    {"method": "demo.Demo/Greet", "headers": {"x-env": "test"},
     "response": {"message": "Hello, tester"}},
    {"method": "Countdown", "request": {"start": 3},
     "stream": [{"message": {"remaining": 3}},
                {"message": {"remaining": 2}, "delay_ms": 300},
                {"message": {"remaining": 1}}]},
    {"method": "Sum", "requests": [{"value": 1}, {"value": 2}],
     "response": {"count": 2, "total": 3}},
    {"method": "Chat", "request": {"text": "ping"},
     "stream": [{"message": {"text": "pong"}}]},
    {"method": "Fail",
     "error": {"code": "NotFound", "message": "no such thing",
               "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo",
                            "reason": "GONE", "domain": "demo"},
                           {"@type": "type.googleapis.com/demo.GreetReply",
                            "message": "a type of the schema served"}]}},
]


class Serve:
    """`rpccli serve --listen 127.0.0.1:0` (or `listen`) with `args`, until
    stopped."""

    def __init__(self, *args, listen="127.0.0.1:0"):
        self.args = list(args)
        self.listen = listen

    def __enter__(self):
        self.process = subprocess.Popen(
            [RPCCLI, "serve", "--listen", self.listen, *self.args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        ready, _, _ = select.select([self.process.stderr], [], [], 10)
        line = self.process.stderr.readline().decode() if ready else ""
        if not line.startswith("listening on "):
            self.process.kill()
            raise RuntimeError("rpccli serve said: %r" % line)
        self.target = line.split()[-1]
        return self

    def stop(self, signal_number=signal.SIGTERM):
        self.process.send_signal(signal_number)
        try:
            return self.process.wait(timeout=10)
        finally:
            self.process.stdout.close()
            self.process.stderr.close()

    def __exit__(self, *exc):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdout, self.process.stderr):
            if not stream.closed:
                stream.close()


def read_stderr_until(process, pattern, seconds=10):
    """What `process` says on stderr until `pattern` (bytes, a regular
    expression) matches it, or `seconds` pass."""
    deadline = time.monotonic() + seconds
    said = b""
    while not re.search(pattern, said) and time.monotonic() < deadline:
        ready, _, _ = select.select([process.stderr], [], [], 0.2)
        if ready:
            chunk = os.read(process.stderr.fileno(), 4096)
            if not chunk:
                break
            said += chunk
    return said


def write_stubs(directory, stubs, name="stubs.ndjson"):
    path = os.path.join(directory, name)
    with open(path, "w") as f:
        for stub in stubs:
            f.write(json.dumps(stub) + "\n")
    return path


class ServeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        holder = tempfile.TemporaryDirectory(prefix="rpccli-serve-")
        cls.addClassCleanup(holder.cleanup)
        cls.directory = holder.name
        stubs = write_stubs(cls.directory, STUBS)
        cls.server = Serve("-p", DEMO_PROTO, "--stubs", stubs).__enter__()
        cls.addClassCleanup(cls.server.__exit__, None, None, None)

    def call(self, method, *args, input=None, files=True):
        schema = ["-p", DEMO_PROTO] if files else []
        return rpccli("call", "--plaintext", "--compact", *schema,
                      self.server.target, method, *args, input=input)

    def responses(self, result):
        self.assertEqual(result.returncode, 0, result.stderr)
        return [json.loads(line) for line in result.stdout.decode().splitlines()]

    def test_a_matching_request_gets_its_stub(self):
        result = self.call("Greet", '{"name": "ann"}', "-v")
        self.assertEqual(self.responses(result), [{"message": "Hi Ann"}])
        stderr = result.stderr.decode()
        self.assertIn("x-stub: ann", stderr)
        self.assertIn("x-trailer: t", stderr)

    def test_headers_pick_a_stub(self):
        result = self.call("Greet", '{"name": "bob"}', "-H", "x-env: test")
        self.assertEqual(self.responses(result), [{"message": "Hello, tester"}])

    def test_no_match_is_unimplemented_naming_the_stubs_that_came_close(self):
        result = self.call("Greet", '{"name": "bob"}')
        self.assertEqual(result.returncode, 64 + 12, result.stderr)
        stderr = result.stderr.decode()
        self.assertIn("no stub of demo.Demo.Greet matches", stderr)
        self.assertIn("stubs.ndjson:1:1: stub 1 (the request's name is "
                      '"bob", not "ann")', stderr)
        self.assertIn("stubs.ndjson:2:1: stub 2 (header x-env is not sent)",
                      stderr)

    def test_a_server_stream_keeps_its_delays(self):
        started = time.monotonic()
        result = self.call("Countdown", '{"start": 3}')
        self.assertGreaterEqual(time.monotonic() - started, 0.3)
        self.assertEqual(self.responses(result),
                         [{"remaining": 3}, {"remaining": 2},
                          {"remaining": 1}])

    def test_a_client_stream_matches_the_requests_collected(self):
        result = self.call("Sum", input=b'{"value": 1}\n{"value": 2}\n')
        self.assertEqual(self.responses(result),
                         [{"count": "2", "total": "3"}])
        short = self.call("Sum", input=b'{"value": 1}\n')
        self.assertEqual(short.returncode, 76)
        self.assertIn("1 requests, not 2", short.stderr.decode())

    def test_bidi_answers_each_request_as_it_comes(self):
        result = self.call("Chat", input=b'{"text": "ping"}\n{"text": "ping"}\n')
        self.assertEqual(self.responses(result),
                         [{"text": "pong"}, {"text": "pong"}])

    def test_an_error_carries_its_details(self):
        result = self.call("Fail", "{}")
        self.assertEqual(result.returncode, 64 + 5)
        stderr = result.stderr.decode()
        self.assertIn("Message: no such thing", stderr)
        self.assertIn('"reason": "GONE"', stderr)
        # A detail of the served schema's own type, which the client finds
        # by reflection when it has no files.
        self.assertIn('"message": "a type of the schema served"', stderr)
        result = self.call("Fail", "{}", files=False)
        self.assertEqual(result.returncode, 64 + 5)
        self.assertIn('"message": "a type of the schema served"',
                      result.stderr.decode())

    def test_reflection_and_health_need_no_files(self):
        listed = rpccli("list", "--plaintext", self.server.target)
        self.assertEqual(listed.returncode, 0, listed.stderr)
        self.assertEqual(listed.stdout.decode().split(),
                         ["demo.Demo", "grpc.health.v1.Health"])
        described = rpccli("describe", "--plaintext", self.server.target,
                           "demo.GreetRequest")
        self.assertIn("string name = 1;", described.stdout.decode())
        self.assertEqual(self.responses(self.call("Greet", '{"name": "ann"}',
                                                  files=False)),
                         [{"message": "Hi Ann"}])
        for service in ["", "demo.Demo"]:
            health = rpccli("health", "--plaintext", self.server.target,
                            *([service] if service else []))
            self.assertEqual(health.returncode, 0, health.stderr)
            self.assertIn("SERVING", health.stdout.decode())

    def test_a_grpc_go_reflection_client_lists_describes_and_calls(self):
        # grpc-go asking reflection v1alpha, as grpcurl does; protodesc
        # refuses files that do not hang together (tests/e2e/goreflect).
        def client(*args):
            result = subprocess.run(
                [os.environ["GO_REFLECT_CLIENT"], self.server.target, *args],
                capture_output=True, timeout=60)
            self.assertEqual(result.returncode, 0, result.stderr)
            return json.loads(result.stdout)

        self.assertEqual(client("list")["services"],
                         ["demo.Demo", "grpc.health.v1.Health",
                          "grpc.reflection.v1.ServerReflection",
                          "grpc.reflection.v1alpha.ServerReflection"])
        greet = client("describe", "demo.Demo.Greet")
        self.assertEqual((greet["file"], greet["input"], greet["output"]),
                         ("demo.proto", "demo.GreetRequest",
                          "demo.GreetReply"))
        for service, file in [
                ("grpc.reflection.v1alpha.ServerReflection",
                 "grpc/reflection/v1alpha/reflection.proto"),
                ("grpc.health.v1.Health", "grpc/health/v1/health.proto")]:
            self.assertEqual(client("describe", service)["file"], file)
        self.assertEqual(client("call", "demo.Demo/Greet", '{"name": "ann"}'),
                         {"response": {"message": "Hi Ann"}})
        self.assertEqual(
            client("stream", "demo.Demo/Countdown", '{"start": 3}'),
            {"responses": [{"remaining": 3}, {"remaining": 2},
                           {"remaining": 1}]})

    def test_the_tutorial_client_makes_all_four_kinds_of_call(self):
        generate_stubs()
        result = subprocess.run(
            [DEBIAN_PYTHON, os.path.join(SOURCE_DIR, "tests", "e2e",
                                         "tutorial_client.py"),
             STUBS_DIR, self.server.target],
            capture_output=True, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        said = [json.loads(line) for line in result.stdout.decode().splitlines()]
        self.assertEqual(said, [
            {"greet": "Hi Ann"},
            {"countdown": [3, 2, 1]},
            {"sum": 3},
            {"chat": ["pong", "pong"]},
            {"fail": ["NOT_FOUND", "no such thing"]},
        ])


class ServeLifeTest(unittest.TestCase):
    def setUp(self):
        holder = tempfile.TemporaryDirectory(prefix="rpccli-serve-")
        self.addCleanup(holder.cleanup)
        self.directory = holder.name

    def test_a_signal_stops_it_cleanly(self):
        stubs = write_stubs(self.directory, STUBS[:1])
        for signal_number in (signal.SIGTERM, signal.SIGINT):
            with self.subTest(signal=signal_number):
                with Serve("-p", DEMO_PROTO, "--stubs", stubs) as server:
                    self.assertEqual(server.stop(signal_number), 0)

    def test_a_signal_cancels_a_call_that_would_outlast_the_grace(self):
        stubs = write_stubs(self.directory, [
            {"method": "Greet", "delay_ms": 60000,
             "response": {"message": "late"}}])
        with Serve("-p", DEMO_PROTO, "--stubs", stubs) as server:
            call = subprocess.Popen(
                [RPCCLI, "call", "--plaintext", "-p", DEMO_PROTO,
                 server.target, "Greet", "{}"],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            time.sleep(0.5)  # the call is in flight, waiting on its stub
            started = time.monotonic()
            self.assertEqual(server.stop(), 0)
            self.assertLess(time.monotonic() - started, 8)
            _, stderr = call.communicate(timeout=10)
            self.assertNotEqual(call.returncode, 0)
            self.assertNotIn(b"late", stderr)

    def test_tls_and_mutual_tls(self):
        certificates = make_certificates(self.directory)
        stubs = write_stubs(self.directory, STUBS[:1])
        with Serve("-p", DEMO_PROTO, "--stubs", stubs,
                   "--cert", certificates["server.pem"],
                   "--key", certificates["server.key"]) as server:
            result = rpccli("call", "--cacert", certificates["ca.pem"],
                            "--servername", "rpccli.test", "-p", DEMO_PROTO,
                            server.target, "Greet", '{"name": "ann"}')
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertIn("Hi Ann", result.stdout.decode())
        with Serve("-p", DEMO_PROTO, "--stubs", stubs,
                   "--cert", certificates["server.pem"],
                   "--key", certificates["server.key"],
                   "--cacert", certificates["ca.pem"]) as server:
            without = rpccli("call", "--cacert", certificates["ca.pem"],
                             "--servername", "rpccli.test", "-p", DEMO_PROTO,
                             server.target, "Greet", '{"name": "ann"}')
            self.assertNotEqual(without.returncode, 0)
            with_cert = rpccli("call", "--cacert", certificates["ca.pem"],
                               "--servername", "rpccli.test",
                               "--cert", certificates["client.pem"],
                               "--key", certificates["client.key"],
                               "-p", DEMO_PROTO, server.target, "Greet",
                               '{"name": "ann"}')
            self.assertEqual(with_cert.returncode, 0, with_cert.stderr)

    def test_a_bad_stub_file_is_refused_at_start(self):
        cases = [
            ('{"method": "Greet", "response": {"message": "x"}}\n{"method": ',
             "stubs.ndjson:2:"),
            ('{"method": "Nope", "response": {}}', "stubs.ndjson:1:1: stub 1: method"),
            ('{"method": "Greet", "response": {"mesage": "x"}}',
             "stubs.ndjson:1:1: stub 1: response: not a demo.GreetReply"),
            ('{"method": "Greet", "reponse": {}}',
             'stubs.ndjson:1:1: stub 1: "reponse" is no key of a stub'),
            ('{"method": "Greet", "response": {}, "delay_ms": -1}',
             "delay_ms: a whole number of milliseconds"),
            ('{"method": "Greet", "error": {"code": "Nope"}}',
             "error.code: a gRPC status code"),
            ('{"method": "Greet", "stream": []}',
             "returns one message"),
            ('{"method": "Greet", "response": {}, '
             '"response_headers": {"X-Up": "v"}}',
             "response_headers.X-Up: not a header gRPC sends"),
            ('{"method": "Greet", "response": {}, '
             '"response_trailers": {"x-v": "caf\u00e9"}}',
             "response_trailers.x-v: not a header gRPC sends"),
            ('{"method": "Greet", "exact": "yes", "response": {}}',
             "exact: true or false"),
            ('{"method": "Fail", "error": {"code": 5, "message": 7}}',
             "error.message: not a string"),
            ('{"method": "Fail", "error": {"code": 4294967301}}',
             "error.code: a gRPC status code"),
        ]
        for text, error in cases:
            with self.subTest(text=text):
                path = os.path.join(self.directory, "stubs.ndjson")
                with open(path, "w") as f:
                    f.write(text)
                result = rpccli("serve", "--listen", "127.0.0.1:0",
                                "-p", DEMO_PROTO, "--stubs", path)
                self.assertEqual(result.returncode, 1, result.stderr)
                stderr = result.stderr.decode()
                self.assertIn(error, stderr)
                self.assertEqual(len(stderr.splitlines()), 1, stderr)

    def test_record_writes_each_call_as_a_json_line(self):
        stubs = write_stubs(self.directory, STUBS)
        record = os.path.join(self.directory, "calls.ndjson")
        with Serve("-p", DEMO_PROTO, "--stubs", stubs,
                   "--record", record) as server:
            for request in ['{"name": "ann"}', '{"name": "bob"}']:
                rpccli("call", "--plaintext", "-p", DEMO_PROTO, "-H",
                       "x-note: " + request[10:13], server.target, "Greet",
                       request)
            rpccli("call", "--plaintext", "-p", DEMO_PROTO, server.target,
                   "Sum", input=b'{"value": 1}\n{"value": 2}\n')
            self.assertEqual(server.stop(), 0)
        with open(record) as f:
            calls = [json.loads(line) for line in f]
        self.assertEqual([c["method"] for c in calls],
                         ["/demo.Demo/Greet"] * 2 + ["/demo.Demo/Sum"])
        ann, bob, total = calls
        self.assertEqual(ann["requests"], [{"name": "ann"}])
        self.assertEqual(ann["headers"]["x-note"], "ann")
        self.assertEqual(ann["responses"], [{"message": "Hi Ann"}])
        self.assertEqual(ann["status"], {"code": "OK", "message": ""})
        self.assertTrue(ann["stub"].endswith("stubs.ndjson:1:1: stub 1"))
        self.assertEqual(bob["stub"], None)
        self.assertEqual(bob["status"]["code"], "Unimplemented")
        self.assertEqual(bob["responses"], [])
        self.assertEqual(total["requests"], [{"value": "1"}, {"value": "2"}])

    def test_fake_answers_what_no_stub_matches_the_same_for_a_seed(self):
        def answers(seed):
            with Serve("-p", DEMO_PROTO, "--fake", "--seed", seed) as server:
                said = []
                for method, request in [("Greet", '{"name": "x"}'),
                                        ("Greet", '{"name": "y"}'),
                                        ("Countdown", "{}"), ("Echo", "{}")]:
                    result = rpccli("call", "--plaintext", "--compact",
                                    "-p", DEMO_PROTO, server.target, method,
                                    request)
                    self.assertEqual(result.returncode, 0, result.stderr)
                    said.append(result.stdout.decode().splitlines())
                return said

        first = answers("7")
        self.assertEqual(answers("7"), first)
        self.assertNotEqual(answers("8"), first)
        greet_x, greet_y, countdown, echo = first
        self.assertNotEqual(greet_x, greet_y)
        self.assertEqual(len(countdown), 3)
        greeting = json.loads(greet_x[0])
        self.assertTrue(greeting["message"])
        self.assertTrue(greeting["greetedAt"].startswith("2026-"))
        sample = json.loads(echo[0])
        self.assertIn(sample["color"], ["RED", "GREEN", "BLUE"])
        self.assertTrue(sample["numbers"])

    def test_stub_files_are_reloaded_when_they_change(self):
        stubs = write_stubs(self.directory, STUBS[:1])
        with Serve("-p", DEMO_PROTO, "--stubs", stubs) as server:
            def greet():
                return rpccli("call", "--plaintext", "--compact", "-p",
                              DEMO_PROTO, server.target, "Greet",
                              '{"name": "ann"}')

            self.assertIn(b"Hi Ann", greet().stdout)
            write_stubs(self.directory, [{"method": "Greet",
                                          "response": {"message": "new"}}])
            deadline = time.monotonic() + 10
            while b"new" not in greet().stdout:
                self.assertLess(time.monotonic(), deadline)
                time.sleep(0.1)
            # A bad file is said, and the last good stubs answer still.
            with open(stubs, "w") as f:
                f.write('{"method": "Nope", "response": {}}\n')
            # The whole line: a read may end in its middle.
            said = read_stderr_until(server.process,
                                     rb"not reloaded[^\n]*\n")
            self.assertIn(b"stubs.ndjson:1:1: stub 1: method", said)
            self.assertIn(b"new", greet().stdout)

    def test_from_copies_a_live_servers_schema(self):
        with DemoServer() as demo:
            with Serve("--from", "http://" + demo.target, "--fake") as server:
                listed = rpccli("list", "--plaintext", server.target)
                self.assertEqual(listed.stdout.decode().split(),
                                 ["demo.Demo", "grpc.health.v1.Health"])
                greeting = rpccli("call", "--plaintext", "--compact",
                                  server.target, "Greet", "{}")
                self.assertEqual(greeting.returncode, 0, greeting.stderr)
                self.assertIn(b'"greetedAt":"2026-', greeting.stdout)
            # Over TLS, which it does not speak: the advice is serve's.
            refused = rpccli("serve", "--listen", "127.0.0.1:0", "--from",
                             demo.target)
            self.assertEqual(refused.returncode, 1)
            self.assertIn("give --from http://HOST:PORT",
                          refused.stderr.decode())
        unreachable = rpccli("serve", "--listen", "127.0.0.1:0", "--from",
                             "http://127.0.0.1:%d" % closed_port())
        self.assertEqual(unreachable.returncode, 1)
        self.assertRegex(unreachable.stderr.decode(),
                         r"^rpccli: error: --from: http://127.0.0.1:\d+: "
                         r"cannot connect: Connection refused")

    def test_a_port_in_use_is_an_error(self):
        stubs = write_stubs(self.directory, STUBS[:1])
        with Serve("-p", DEMO_PROTO, "--stubs", stubs) as server:
            result = rpccli("serve", "--listen", server.target,
                            "-p", DEMO_PROTO)
            self.assertEqual(result.returncode, 1)
            self.assertEqual(result.stderr.decode(),
                             "rpccli: error: --listen %s: cannot listen "
                             "there: Address already in use\n" % server.target)


if __name__ == "__main__":
    unittest.main()
