"""--protocol connect and grpcweb against connect-node, which serves
demo.Demo in Connect, gRPC and gRPC-Web on one port (HTTP/2: h2c, or TLS)
and over HTTP/1.1 on another (under /api): every kind of call each
protocol can carry, errors with details, metadata, deadlines, TLS, and a
protocol spoken to a server that does not speak it."""

import http.server
import json
import re
import signal
import subprocess
import tempfile
import threading
import unittest

from harness import (DEMO_PROTO, NO_PROXIES, RPCCLI, ConnectProxy,
                     ConnectServer, SharedDemoServerTest, SharedServerTest,
                     closed_port, make_certificates, read_line, rpccli,
                     running, silent_port, timed)

FAIL_WITH_DETAILS = """\
ERROR:
  Code: NotFound
  Message: no such thing
  Details:
  1) {
       "@type": "type.googleapis.com/google.rpc.BadRequest",
       "fieldViolations": [
         {
           "field": "name",
           "description": "must not be empty"
         }
       ]
     }
  2) {
       "@type": "type.googleapis.com/google.rpc.ErrorInfo",
       "reason": "DEMO_FAILURE",
       "domain": "demo.rpccli.test",
       "metadata": {
         "asked": "yes"
       }
     }
"""


class ConnectTest(SharedServerTest):

    @classmethod
    def start_server(cls):
        return ConnectServer()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # HTTP/2 without TLS; HTTP/1.1 under the path prefix /api.
        cls.h2c = cls.server.target
        cls.http1 = "http://%s/api" % cls.server.http1_target

    def call(self, protocol, target, method, *args, **kwargs):
        plaintext = [] if target.startswith("http://") else ["--plaintext"]
        return rpccli("call", "--protocol", protocol, *plaintext, "-p",
                      DEMO_PROTO, "--compact", target, method, *args, **kwargs)

    def test_unary_in_every_protocol_and_http_version(self):
        for protocol, target, version in [
                ("connect", self.http1, []),
                ("connect", self.h2c, ["--http2-prior-knowledge"]),
                ("grpcweb", self.http1, ["--http1"]),
                ("grpcweb", self.h2c, ["--http2-prior-knowledge"])]:
            with self.subTest(protocol=protocol, version=version):
                # Each ends as soon as it is answered: a lost wake-up in
                # the runner once held such a call for 10 s.
                result, seconds = timed(
                    self.call, protocol, target, "Greet", *version,
                    '{"name": "%s", "language": "FRENCH"}' % protocol,
                    timeout=20)
                self.assertLess(seconds, 5)
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertEqual(result.stdout.decode(),
                                 '{"message":"Bonjour, %s!"}\n' % protocol)
        self.assertIsNotNone(self.server.wait_for_log(
            "call Greet application/proto"))
        self.assertIsNotNone(self.server.wait_for_log(
            "call Greet application/grpc-web+proto"))

    def test_a_unary_answer_of_many_frames_ends_in_every_protocol(self):
        # libcurl 7.88 parked the DATA past its 16 KiB buffer and never
        # came back for it: a Connect answer over h2c hung for good.
        text = "y" * 300000
        for protocol, target, version in [
                ("connect", self.h2c, ["--http2-prior-knowledge"]),
                ("connect", self.http1, []),
                ("grpcweb", self.h2c, ["--http2-prior-knowledge"]),
                ("grpcweb", self.http1, ["--http1"])]:
            for attempt in range(3):
                with self.subTest(protocol=protocol, version=version,
                                  attempt=attempt):
                    result, seconds = timed(
                        self.call, protocol, target, "Echo", *version,
                        "--max-time", "15", "@-",
                        input=b'{"text": "%s"}' % text.encode(), timeout=30)
                    self.assertEqual(result.returncode, 0, result.stderr)
                    self.assertEqual(result.stdout.decode(),
                                     '{"text":"%s"}\n' % text)
                    self.assertLess(seconds, 5)

    def test_a_header_with_an_empty_value_is_sent(self):
        for protocol, version in [("connect", []), ("grpcweb", ["--http1"])]:
            with self.subTest(protocol=protocol):
                result = self.call(protocol, self.http1, "Greet", *version,
                                   "-H", "x-empty-%s:" % protocol, "{}")
                self.assertEqual(result.returncode, 0, result.stderr)
                logged = self.server.wait_for_log(
                    "call Greet", contains="x-empty-%s=" % protocol)
                self.assertIsNotNone(logged, protocol)

    def test_a_server_stream_in_both_protocols(self):
        for protocol in ["connect", "grpcweb"]:
            with self.subTest(protocol=protocol):
                result = self.call(protocol, self.http1, "Countdown", '{"start": 3}')
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertEqual(result.stdout.decode(),
                                 '{"remaining":3}\n{"remaining":2}\n{"remaining":1}\n')

    def test_max_responses_ends_a_stream_in_both_protocols(self):
        endless = '{"start": 1000000, "interval": "0.01s"}'
        for protocol in ["connect", "grpcweb"]:
            for target, version in [(self.http1, []),
                                    (self.h2c, ["--http2-prior-knowledge"])]:
                with self.subTest(protocol=protocol, version=version):
                    result = self.call(protocol, target, "Countdown", *version,
                                       "--max-responses", "2", endless,
                                       timeout=20)
                    self.assertEqual(
                        (result.returncode, result.stdout, result.stderr),
                        (0, b'{"remaining":1000000}\n{"remaining":999999}\n',
                         b""))

    def test_client_and_bidi_streams_over_connect_http2(self):
        numbers = "".join('{"value": %d}\n' % n for n in range(1, 101))
        summed = self.call("connect", self.h2c, "Sum", "--http2-prior-knowledge",
                           input=numbers)
        self.assertEqual(summed.returncode, 0, summed.stderr)
        self.assertEqual(summed.stdout.decode(), '{"count":"100","total":"5050"}\n')
        self.assertIsNotNone(
            self.server.wait_for_log("Sum: completed after 100 messages"))
        chat = self.call("connect", self.h2c, "Chat", "--http2-prior-knowledge",
                         input='{"seq": 1, "text": "a"}\n{"seq": 2, "text": "b"}\n')
        self.assertEqual(chat.returncode, 0, chat.stderr)
        self.assertEqual(chat.stdout.decode(),
                         '{"seq":"1","text":"echo: a"}\n{"seq":"2","text":"echo: b"}\n')

    def test_a_stream_the_server_ends_early_ends_while_stdin_is_open(self):
        # Sum fails at a negative number. curl does not end a transfer
        # whose request is waiting for input, even once the server has
        # ended the call: rpccli must end the request itself.
        with running(["call", "--protocol", "connect",
                      "--http2-prior-knowledge", "-p", DEMO_PROTO,
                      "http://" + self.h2c, "Sum"]) as process:
            process.stdin.write(b'{"value": -1}\n')
            process.stdin.flush()
            code, seconds = timed(process.wait, timeout=10)
            self.assertEqual(code, 64 + 3)
            self.assertLess(seconds, 5)
            self.assertIn("Message: message 1 is negative",
                          process.stderr.read().decode())

    def test_what_a_protocol_cannot_carry_is_a_usage_error(self):
        for protocol, target, method, message in [
                ("grpcweb", self.h2c, "Sum",
                 "demo.Demo.Sum: gRPC-Web cannot carry a client stream (browsers "
                 "send a request's body whole); use --protocol connect or grpc"),
                ("grpcweb", self.h2c, "Chat",
                 "demo.Demo.Chat: gRPC-Web cannot carry a bidi stream (browsers "
                 "send a request's body whole); use --protocol connect or grpc"),
                ("connect", self.http1, "Chat",
                 "demo.Demo.Chat: Connect carries a bidi stream over HTTP/2 only: "
                 "add --http2-prior-knowledge for a plaintext server, or use "
                 "https://")]:
            with self.subTest(protocol=protocol, method=method):
                result = self.call(protocol, target, method, input="{}\n")
                self.assertEqual(result.returncode, 2)
                self.assertEqual(result.stderr.decode(),
                                 "rpccli: error: %s\n" % message)

    def test_events_are_what_arrived(self):
        for protocol in ["connect", "grpcweb"]:
            with self.subTest(protocol=protocol):
                answered = self.call(protocol, self.http1, "Echo", "--events",
                                     '{"text": "e"}')
                self.assertEqual(answered.returncode, 0, answered.stderr)
                self.assertEqual(
                    [json.loads(line)["event"] for line in
                     answered.stdout.decode().splitlines()],
                    ["headers", "message", "trailers", "status"])
                # Cut at its deadline before any message (connect-node
                # holds its headers until the first): neither came.
                cut = self.call(protocol, self.http1, "Countdown", "--events",
                                "--max-time", "1",
                                '{"start": 3, "interval": "5s"}', timeout=20)
                self.assertEqual(cut.returncode, 64 + 4, cut.stderr)
                self.assertEqual(
                    [json.loads(line)["event"]
                     for line in cut.stdout.decode().splitlines()], ["status"])

    def test_errors_with_details_exit_as_grpc_ones_do(self):
        request = '{"code": 5, "message": "no such thing", "with_details": true}'
        for protocol in ["connect", "grpcweb"]:
            with self.subTest(protocol=protocol):
                result = self.call(protocol, self.http1, "Fail", request)
                self.assertEqual(result.returncode, 64 + 5)
                self.assertEqual(result.stdout, b"")
                self.assertEqual(result.stderr.decode(), FAIL_WITH_DETAILS)
        # An error in the middle of a Connect stream: what came first is
        # printed, then the end-of-stream error.
        stopped = self.call("connect", self.http1, "Countdown",
                            '{"start": 5, "fail_after": 2, "fail_code": 9}')
        self.assertEqual(stopped.returncode, 64 + 9)
        self.assertEqual(stopped.stdout.decode(),
                         '{"remaining":5}\n{"remaining":4}\n')
        self.assertIn("Code: FailedPrecondition", stopped.stderr.decode())

    def test_connect_get_for_a_side_effect_free_method(self):
        for extra in [[], ["--compress", "gzip"]]:
            with self.subTest(extra=extra):
                result = self.call("connect", self.http1, "Greet", "--connect-get",
                                   *extra, '{"name": "get"}')
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertEqual(result.stdout.decode(), '{"message":"Hello, get!"}\n')
        self.assertIsNotNone(self.server.wait_for_log("call Greet  method=GET"))
        # A GET says its compression in the query: -v lists no header.
        shown = self.call("connect", self.http1, "Greet", "--connect-get",
                          "--compress", "gzip", "-v", "{}")
        self.assertEqual(shown.returncode, 0, shown.stderr)
        self.assertIn("Request metadata to send:\n(empty)\n",
                      shown.stderr.decode())
        echo = self.call("connect", self.http1, "Echo", "--connect-get", "{}")
        self.assertEqual(echo.returncode, 2)
        self.assertEqual(echo.stderr.decode(),
                         "rpccli: error: demo.Demo.Echo: --connect-get sends only a "
                         "unary method marked side-effect free (option "
                         "idempotency_level = NO_SIDE_EFFECTS), which this is not\n")
        # --batch sends each call as a GET too, and refuses Echo alike.
        batch = self.call("connect", self.http1, "Greet", "--connect-get",
                          "--batch", input='{"name": "g1"}\n{"name": "g2"}\n')
        self.assertEqual(batch.returncode, 0, batch.stderr)
        self.assertEqual(batch.stdout.decode(),
                         '{"message":"Hello, g1!"}\n{"message":"Hello, g2!"}\n')
        batch_echo = self.call("connect", self.http1, "Echo", "--connect-get",
                               "--batch", input="{}\n")
        self.assertEqual(batch_echo.returncode, 2)
        self.assertEqual(batch_echo.stderr.decode(), echo.stderr.decode())
        grpcweb = self.call("grpcweb", self.http1, "Greet", "--connect-get", "{}")
        self.assertEqual(grpcweb.returncode, 2)
        self.assertIn("--connect-get goes with --protocol connect",
                      grpcweb.stderr.decode())

    def test_batch_over_connect_keeps_input_order_and_numbers_failures(self):
        requests = "".join('{"code": %d, "message": "m%d"}\n' % (
            5 if n == 3 else 0, n) for n in range(1, 13))
        # Fail with code 0 is refused as InvalidArgument; call 3 NotFound.
        result = self.call("connect", self.http1, "Fail", "--batch", "-c", "4",
                           input=requests)
        self.assertEqual(result.returncode, 64 + 3)  # the first by input order
        errors = [line for line in result.stderr.decode().splitlines()
                  if line.endswith("ERROR:")]
        self.assertEqual(errors, ["request %d: ERROR:" % n for n in range(1, 13)])
        self.assertIn("request 3: ERROR:\n  Code: NotFound\n  Message: m3\n",
                      result.stderr.decode())
        names = "".join('{"name": "n%d"}\n' % n for n in range(20))
        greeted = self.call("grpcweb", self.http1, "Greet", "--batch", "-c", "8",
                            input=names)
        self.assertEqual(greeted.returncode, 0, greeted.stderr)
        self.assertEqual(greeted.stdout.decode().splitlines(),
                         ['{"message":"Hello, n%d!"}' % n for n in range(20)])

    def test_bench_over_connect_counts_every_call(self):
        before = len([line for line in self.server.log()
                      if line.startswith("call Greet ")])
        result = rpccli("bench", "--protocol", "connect", "-p", DEMO_PROTO,
                        "-c", "8", "-n", "300", "--report", "json", self.http1,
                        "Greet", '{"name": "bench"}')
        self.assertEqual(result.returncode, 0, result.stderr)
        report = json.loads(result.stdout)
        self.assertEqual((report["requests"], report["ok"], report["failed"]),
                         (300, 300, 0))
        self.assertEqual(report["status_counts"], {"OK": 300})
        after = len([line for line in self.server.log()
                     if line.startswith("call Greet ")])
        self.assertEqual(after - before, 300)

    def test_many_calls_refuse_http2_prior_knowledge(self):
        result = rpccli("bench", "--protocol", "connect", "-p", DEMO_PROTO,
                        "--http2-prior-knowledge", "--plaintext", self.h2c,
                        "Greet", "{}")
        self.assertEqual(result.returncode, 2)
        self.assertEqual(result.stderr.decode(),
                         "rpccli: error: --batch and bench go over HTTP/1.1, not "
                         "--http2-prior-knowledge: this libcurl fails calls that "
                         "share an HTTP/2 connection\n")

    def test_flags_that_need_another_protocol_are_usage_errors(self):
        for args, message in [
                (["call", "--http1", "-p", DEMO_PROTO, "127.0.0.1:1", "Greet", "{}"],
                 "--http1 goes with --protocol connect or grpcweb (gRPC is HTTP/2)"),
                (["call", "--connect-get", "--protocol", "grpcweb", "-p",
                  DEMO_PROTO, "127.0.0.1:1", "Greet", "{}"],
                 "--connect-get goes with --protocol connect"),
                (["health", "--protocol", "connect", "127.0.0.1:1"],
                 "health: --protocol connect is not supported; health checks "
                 "are gRPC's")]:
            with self.subTest(args=args):
                result = rpccli(*args)
                self.assertEqual(result.returncode, 2)
                self.assertEqual(result.stderr.decode().splitlines()[0],
                                 "rpccli: error: " + message)

    def test_compress_sends_compressed_messages_in_each_protocol(self):
        for protocol, target, method, extra, header in [
                ("connect", self.http1, "Greet", [], "content-encoding"),
                ("connect", self.h2c, "Sum", ["--http2-prior-knowledge"],
                 "connect-content-encoding"),
                ("grpcweb", self.http1, "Countdown", [], "grpc-encoding")]:
            with self.subTest(protocol=protocol, method=method):
                request = {"Sum": '{"value": 4}', "Greet": "{}",
                           "Countdown": '{"start": 1}'}[method]
                result = self.call(protocol, target, method, "--compress",
                                   "gzip", "-v", *extra, input=request + "\n")
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertIn("Request metadata to send:\n%s: gzip\n" % header,
                              result.stderr.decode())
                self.assertIsNotNone(self.server.wait_for_log(
                    "call %s " % method, contains="%s=gzip" % header))

    def test_compressed_responses_are_read(self):
        # Asked for with the protocols' own headers, connect-node
        # compresses a large response: a unary body, and stream messages.
        text = "a" * 3000
        unary = self.call("connect", self.http1, "Echo", "-H",
                          "accept-encoding: gzip", '{"text": "%s"}' % text)
        self.assertEqual(unary.returncode, 0, unary.stderr)
        self.assertEqual(unary.stdout.decode(), '{"text":"%s"}\n' % text)
        chat = self.call("connect", self.h2c, "Chat", "--http2-prior-knowledge",
                         "-H", "connect-accept-encoding: gzip",
                         input='{"seq": 1, "text": "%s"}\n' % text)
        self.assertEqual(chat.returncode, 0, chat.stderr)
        self.assertEqual(chat.stdout.decode(),
                         '{"seq":"1","text":"echo: %s"}\n' % text)

    def test_a_response_over_max_msg_sz_names_the_flag(self):
        request = '{"text": "%s"}' % ("a" * 2000)
        for protocol in ["connect", "grpcweb"]:
            with self.subTest(protocol=protocol):
                result = self.call(protocol, self.http1, "Echo", "--max-msg-sz",
                                   "1000", request)
                self.assertEqual(result.returncode, 64 + 8)  # ResourceExhausted
                self.assertEqual(result.stdout, b"")
                self.assertEqual(result.stderr.decode(), """\
ERROR:
  Code: ResourceExhausted
  Message: received message larger than max (2003 vs. 1000)
rpccli: error: a response is larger than the 1000-byte limit; raise it with --max-msg-sz
""")

    def test_very_verbose_times_the_connection_made_in_the_call(self):
        result = self.call("connect", self.http1, "Greet", "-vv", "{}")
        self.assertEqual(result.returncode, 0, result.stderr)
        timing = [line for line in result.stderr.decode().splitlines()
                  if line.startswith("Timing: ")]
        self.assertEqual(len(timing), 1, result.stderr)
        match = re.match(r"^Timing: connected after ([0-9.]+) ms \(name "
                         r"resolution and TCP together\), first response after "
                         r"([0-9.]+) ms, total ([0-9.]+) ms$", timing[0])
        self.assertIsNotNone(match, timing[0])
        connected, first, total = (float(figure) for figure in match.groups())
        # Counted from the start, the connection is made within the call.
        self.assertGreater(connected, 0)
        self.assertLessEqual(connected, first)
        self.assertLessEqual(first, total)
        self.assertIn("Sizes: sent 0 bytes of messages, received 15 bytes\n",
                      result.stderr.decode())

    def test_verbose_shows_headers_sent_and_received(self):
        result = self.call("connect", self.http1, "Greet", "-v",
                           "-H", "x-trace: abc", '{"name": "v"}')
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stderr.decode(), """\
Request metadata to send:
x-trace: abc

Response headers received:
x-server: connect-node

Response trailers received:
x-trailer: done

Sent 1 request(s) and received 1 response(s)
""")
        self.assertIsNotNone(self.server.wait_for_log(
            "call Greet application/proto x-trace=abc"))

    def test_max_time_ends_a_slow_stream_with_68(self):
        # Ticks at 0.6 s and 1.2 s into the call; the call, counted from
        # rpccli's start, has 1.5 s: the first tick always comes in time,
        # the second unless start-up was slow, the third never.
        result = self.call("grpcweb", self.http1, "Countdown", "--max-time", "1.5",
                           '{"start": 5, "interval": "0.6s"}')
        self.assertEqual(result.returncode, 64 + 4)
        self.assertIn(result.stdout.decode(),
                      ['{"remaining":5}\n', '{"remaining":5}\n{"remaining":4}\n'])
        self.assertIn("Code: DeadlineExceeded", result.stderr.decode())

    def test_a_closed_stdout_ends_the_call_quietly_with_141(self):
        process = subprocess.Popen(
            [RPCCLI, "call", "--protocol", "connect", "-p", DEMO_PROTO,
             "--compact", self.http1, "Countdown", '{"start": 1000000}'],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE)
        try:
            self.assertEqual(read_line(process.stdout), '{"remaining":1000000}\n')
            process.stdout.close()
            self.assertEqual(process.wait(timeout=10), 141)
            self.assertEqual(process.stderr.read(), b"")
        finally:
            process.kill()
            process.wait()
            process.stderr.close()

    def test_sigint_cancels_the_call_and_exits_130(self):
        process = subprocess.Popen(
            [RPCCLI, "call", "--protocol", "grpcweb", "-p", DEMO_PROTO,
             "--compact", self.http1, "Countdown",
             '{"start": 100, "interval": "0.2s"}'],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE)
        try:
            self.assertEqual(read_line(process.stdout), '{"remaining":100}\n')
            process.send_signal(signal.SIGINT)
            code, seconds = timed(process.wait, timeout=10)
            self.assertEqual(code, 130)
            self.assertLess(seconds, 5)
            self.assertEqual(process.stderr.read().decode(),
                             "rpccli: error: interrupted by SIGINT; the call "
                             "was cancelled\n")
        finally:
            process.kill()
            process.wait()
            process.stdout.close()
            process.stderr.close()

    def test_a_protocol_the_server_does_not_speak_is_told_in_one_line(self):
        # gRPC to the HTTP/1.1 port, and Connect to a gRPC-only server.
        grpc = rpccli("call", "--plaintext", "-p", DEMO_PROTO,
                      self.server.http1_target, "Greet", "{}")
        self.assertEqual(grpc.returncode, 1)
        self.assertEqual(len(grpc.stderr.decode().splitlines()), 1, grpc.stderr)
        self.assertIn("cannot connect", grpc.stderr.decode())

    def test_reflection_over_connect_http2(self):
        # The server's reflection service (written in server.js) answers
        # over Connect: list, describe and a call with no files.
        def run(*args):
            return rpccli(args[0], "--protocol", "connect",
                          "--http2-prior-knowledge", "--plaintext", self.h2c,
                          *args[1:])
        listed = run("list")
        self.assertEqual(listed.returncode, 0, listed.stderr)
        self.assertEqual(listed.stdout.decode(), "demo.Demo\n")
        described = run("describe", "demo.GreetRequest")
        self.assertEqual(described.returncode, 0, described.stderr)
        self.assertIn("  .demo.Language language = 2;\n", described.stdout.decode())
        called = run("call", "--compact", "Greet", '{"name": "by reflection"}')
        self.assertEqual(called.returncode, 0, called.stderr)
        self.assertEqual(called.stdout.decode(),
                         '{"message":"Hello, by reflection!"}\n')
        self.assertIsNotNone(self.server.wait_for_log(
            "call ServerReflectionInfo application/connect+proto"))

    def test_without_http2_the_schema_must_come_from_files(self):
        connect = rpccli("call", "--protocol", "connect", self.http1, "Greet", "{}")
        self.assertEqual(connect.returncode, 1)
        self.assertEqual(connect.stderr.decode(),
                         "rpccli: error: --protocol connect takes the schema from "
                         "files here: pass -p FILE or --protoset FILE (reflection "
                         "is a bidi stream: Connect carries a bidi stream over "
                         "HTTP/2 only: add --http2-prior-knowledge for a plaintext "
                         "server, or use https://)\n")
        grpcweb = rpccli("list", "--protocol", "grpcweb", "--http2-prior-knowledge",
                         "--plaintext", self.h2c)
        self.assertEqual(grpcweb.returncode, 1)
        self.assertEqual(grpcweb.stderr.decode(),
                         "rpccli: error: --protocol grpcweb takes the schema from "
                         "files here: pass -p FILE or --protoset FILE (reflection "
                         "is a bidi stream: gRPC-Web cannot carry reflection's bidi "
                         "stream)\n")

    def test_calls_go_through_an_http_connect_proxy(self):
        with ConnectProxy() as proxy:
            for protocol in ["connect", "grpcweb"]:
                result = self.call(protocol, self.http1, "Greet", "--proxy",
                                   proxy.url(), '{"name": "proxy"}',
                                   env=NO_PROXIES)
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertEqual(result.stdout.decode(),
                                 '{"message":"Hello, proxy!"}\n')
            # The environment names it as it does for gRPC.
            via_environment = self.call("connect", self.http1, "Greet", "{}",
                                        env=dict(NO_PROXIES,
                                                 http_proxy=proxy.url()))
            self.assertEqual(via_environment.returncode, 0, via_environment.stderr)
            self.assertEqual(
                [line for line in proxy.log() if line.startswith("CONNECT ")],
                ["CONNECT " + self.server.http1_target] * 3)

    def test_a_proxy_that_refuses_or_is_down_is_named_as_for_grpc(self):
        # No call was made: exit 1 and the words of test_proxy.py's gRPC
        # cases, not an Unavailable status from the proxy's 403.
        with ConnectProxy("--refuse") as refusing:
            for protocol in ["connect", "grpcweb"]:
                result = self.call(protocol, self.http1, "Greet", "{}", env=dict(
                    NO_PROXIES, https_proxy="http://user:secret@" +
                    refusing.target))
                self.assertEqual(result.returncode, 1, result.stderr)
                self.assertEqual(result.stdout, b"")
                self.assertEqual(
                    result.stderr.decode(),
                    "rpccli: error: %s: cannot connect through the proxy "
                    "http://user@%s (from https_proxy): the proxy refused the "
                    "tunnel with HTTP 403\n"
                    % (self.http1, refusing.target))
        down = "http://127.0.0.1:%d" % closed_port()
        result = self.call("connect", self.http1, "Greet", "--proxy", down, "{}",
                           env=NO_PROXIES)
        self.assertEqual(result.returncode, 1)
        self.assertRegex(
            result.stderr.decode(),
            r"^rpccli: error: %s: cannot connect through the proxy %s \(from "
            r"--proxy\): Failed to connect to 127\.0\.0\.1 port %s after "
            r"[0-9]+ ms: Couldn't connect to server\n$"
            % (re.escape(self.http1), re.escape(down),
               down.rsplit(":", 1)[1]))

    def test_a_closed_port_fails_at_once(self):
        port = closed_port()
        result = self.call("connect", "127.0.0.1:%d" % port, "Greet", "{}")
        self.assertEqual(result.returncode, 1)
        # curl says how long it tried: 0 ms, or more on a loaded machine.
        self.assertRegex(result.stderr.decode(),
                         r"^rpccli: error: 127\.0\.0\.1:%d: Failed to connect to "
                         r"127\.0\.0\.1 port %d after [0-9]+ ms: Couldn't "
                         r"connect to server\n$" % (port, port))
        # -v counts no request sent, as over gRPC.
        verbose = self.call("connect", "127.0.0.1:%d" % port, "Greet", "-v",
                            '{"name": "x"}')
        self.assertEqual(verbose.returncode, 1)
        self.assertTrue(verbose.stderr.decode().endswith(
            "Sent 0 request(s) and received 0 response(s)\n"), verbose.stderr)


class SilentServerTest(unittest.TestCase):
    """A server that accepts connections and never says a word."""

    def setUp(self):
        self.port = self.enterContext(silent_port())

    def call(self, target, *flags):
        return timed(rpccli, "call", "-p", DEMO_PROTO, *flags, target,
                     "Greet", "{}")

    def test_a_tls_handshake_not_made_in_time_is_said_as_for_grpc(self):
        target = "https://127.0.0.1:%d" % self.port
        for flags, told in [(["--connect-timeout", "1.5"], "1.5 s (--connect-timeout)"),
                            (["--max-time", "1.5"], "1.5 s (--max-time)")]:
            result, seconds = self.call(target, "--protocol", "connect",
                                        "--insecure", *flags)
            self.assertEqual(result.returncode, 1)
            self.assertEqual(result.stderr.decode(),
                             "rpccli: error: %s: no connection within %s\n"
                             % (target, told))
            self.assertGreaterEqual(seconds, 1.4)
            self.assertLess(seconds, 8)

    def test_many_calls_wait_for_the_connection_once(self):
        # Each call waited out --connect-timeout on its own (200 calls,
        # 10 at a time: 200 s), and the run was counted as N failed calls.
        target = "https://127.0.0.1:%d" % self.port
        for command in [["bench", "-n", "40", "-c", "4"], ["call", "--batch"]]:
            with self.subTest(command=command[0]):
                result, seconds = timed(
                    rpccli, *command, "-p", DEMO_PROTO, "--protocol",
                    "connect", "--insecure", "--connect-timeout", "1", target,
                    "demo.Demo/Greet", "@-", input=b"{}\n" * 40, timeout=30)
                self.assertEqual((result.returncode, result.stdout), (1, b""))
                self.assertEqual(result.stderr.decode(),
                                 "rpccli: error: %s: no connection within 1 s "
                                 "(--connect-timeout)\n" % target)
                self.assertLess(seconds, 8)

    def test_an_unanswered_http1_call_meets_max_time(self):
        # HTTP/1.1 has no handshake: the connection is made, the call sent,
        # and the answer never comes.
        result, seconds = self.call("127.0.0.1:%d" % self.port, "--protocol",
                                    "grpcweb", "--plaintext", "--max-time", "1.5")
        self.assertEqual(result.returncode, 68)
        self.assertEqual(result.stderr.decode(),
                         "ERROR:\n  Code: DeadlineExceeded\n"
                         "  Message: Deadline Exceeded\n")
        self.assertLess(seconds, 8)


class Http1BodyLengthTest(unittest.TestCase):
    """A Connect unary body has no end of its own: over HTTP/1 its length
    says where it ends, or chunks do; a body without either ends where the
    connection closes, as a cut one would."""

    class Echo(http.server.BaseHTTPRequestHandler):
        # The request's x-length picks how the echo's length is told.
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            framing = self.headers.get("x-length")
            if framing != "none":
                self.protocol_version = "HTTP/1.1"
            self.send_response(200)
            self.send_header("content-type",
                             self.headers.get("x-type", "application/proto"))
            if framing == "content-length":
                self.send_header("content-length", str(len(body)))
            elif framing == "chunked":
                self.send_header("transfer-encoding", "chunked")
                body = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
            self.end_headers()
            self.wfile.write(body)
            self.close_connection = True

        def log_message(self, *args):
            pass

    def test_a_body_without_a_length_is_not_shown(self):
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self.Echo)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        target = "http://127.0.0.1:%d" % server.server_port
        for framing in ["content-length", "chunked", "none"]:
            with self.subTest(framing=framing):
                result = rpccli("call", "-p", DEMO_PROTO, "--protocol",
                                "connect", "--compact", "--max-time", "20",
                                "-H", "x-length: " + framing, target,
                                "demo.Demo/Echo", '{"text": "whole?"}',
                                env=NO_PROXIES, timeout=30)
                if framing != "none":
                    self.assertEqual(
                        (result.returncode, result.stdout),
                        (0, b'{"text":"whole?"}\n'), result.stderr)
                    continue
                self.assertEqual((result.returncode, result.stdout), (1, b""))
                self.assertEqual(
                    result.stderr.decode(),
                    "rpccli: error: %s: the answer has no length (no "
                    "Content-Length, not chunked): it ended as the connection "
                    "closed, which cannot tell a whole answer from one cut "
                    "short: none is shown\n" % target)


    def test_a_content_type_is_its_media_type_not_a_prefix(self):
        # "application/protojunk" was read as protobuf: it begins alike.
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self.Echo)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        target = "http://127.0.0.1:%d" % server.server_port
        for content_type, code in [("application/proto; charset=utf-8", 0),
                                   ("application/protojunk", 1),
                                   ("application/proto+json", 1)]:
            with self.subTest(content_type=content_type):
                result = rpccli("call", "-p", DEMO_PROTO, "--protocol",
                                "connect", "--compact", "--max-time", "20",
                                "-H", "x-length: content-length", "-H",
                                "x-type: " + content_type, target,
                                "demo.Demo/Echo", '{"text": "t"}',
                                env=NO_PROXIES, timeout=30)
                self.assertEqual(result.returncode, code, result.stderr)
                if code:
                    self.assertIn('the server answered with content-type "%s", '
                                  "not connect's \"application/proto\""
                                  % content_type, result.stderr.decode())


class GrpcOnlyServerTest(SharedDemoServerTest):
    """Connect and gRPC-Web spoken to the C++ demo server, which speaks
    gRPC alone."""

    def call(self, *args):
        return rpccli("call", "--plaintext", "-p", DEMO_PROTO, *args,
                      self.target, "Greet", "{}")

    def test_connect_over_http1_is_told_the_server_is_not_http1(self):
        result = self.call("--protocol", "connect")
        self.assertEqual(result.returncode, 1)
        self.assertEqual(
            result.stderr.decode(),
            "rpccli: error: %s: Received HTTP/0.9 when not allowed: the server "
            "does not answer in this version of HTTP (a gRPC server needs "
            "--protocol grpc, or HTTP/2: --http2-prior-knowledge)\n" % self.target)

    def test_grpcweb_over_http2_is_told_the_server_speaks_grpc(self):
        # The gRPC server answers with its content type, or resets the
        # stream first: either way, one line that says so.
        for _ in range(3):
            result = self.call("--protocol", "grpcweb", "--http2-prior-knowledge")
            self.assertEqual(result.returncode, 1)
            self.assertRegex(
                result.stderr.decode(),
                r'^rpccli: error: %s: (the server answered with content-type '
                r'"application/grpc", not grpcweb\'s "application/grpc-web\+proto"'
                r'|Stream error in the HTTP/2 framing layer: the server reset '
                r'the stream, and no answer reached rpccli \(libcurl drops '
                r'what came in the same read as a reset\)): ' % self.target +
                re.escape('does it speak another protocol? (--protocol grpc, grpcweb or connect)')
                + r'\n$')


class ConnectTlsTest(SharedServerTest):

    @classmethod
    def start_server(cls):
        cls.scratch = tempfile.TemporaryDirectory(prefix="rpccli-connect-tls-")
        cls.certs = make_certificates(cls.scratch.name)
        return ConnectServer(tls=(cls.certs["server.pem"], cls.certs["server.key"]))

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.scratch.cleanup()

    def call(self, *args, **kwargs):
        return rpccli("call", "--protocol", "connect", "-p", DEMO_PROTO,
                      "--compact", *args, **kwargs)

    def test_reflection_over_tls(self):
        result = rpccli("list", "--protocol", "connect", "--cacert",
                        self.certs["ca.pem"], "--servername", "rpccli.test",
                        self.server.target, "demo.Demo")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("demo.Demo.Greet\n", result.stdout.decode())

    def test_tls_with_a_trusted_ca_and_http2_by_alpn(self):
        result = self.call("--cacert", self.certs["ca.pem"], "--servername",
                           "rpccli.test", self.server.target, "Chat",
                           input='{"seq": 7, "text": "tls"}\n')
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.decode(), '{"seq":"7","text":"echo: tls"}\n')

    def test_an_expired_certificate_gets_its_own_advice(self):
        with ConnectServer(tls=(self.certs["expired.pem"],
                                self.certs["server.key"])) as server:
            result = self.call("--cacert", self.certs["ca.pem"],
                               "--servername", "rpccli.test", server.target,
                               "Greet", '{"name": "old"}')
        self.assertEqual(result.returncode, 1)
        self.assertIn("certificate has expired", result.stderr.decode())
        self.assertTrue(result.stderr.decode().endswith(
            "; renew it on the server, or skip the check with --insecure\n"),
            result.stderr)

    def test_tls_files_from_pipes(self):
        # As `--cacert <(...)` gives them: a pipe can be read only once.
        with open(self.certs["ca.pem"], "rb") as ca:
            result = self.call("--cacert", "/dev/stdin", "--servername",
                               "rpccli.test", self.server.target, "Greet",
                               '{"name": "pipe"}', input=ca.read())
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.decode(), '{"message":"Hello, pipe!"}\n')

    def test_mutual_tls(self):
        with ConnectServer(tls=(self.certs["server.pem"], self.certs["server.key"],
                                self.certs["ca.pem"])) as server:
            def greet(*flags):
                return self.call("--cacert", self.certs["ca.pem"], "--servername",
                                 "rpccli.test", *flags, server.target, "Greet",
                                 '{"name": "mtls"}')
            accepted = greet("--cert", self.certs["client.pem"], "--key",
                             self.certs["client.key"])
            self.assertEqual(accepted.returncode, 0, accepted.stderr)
            self.assertEqual(accepted.stdout.decode(), '{"message":"Hello, mtls!"}\n')
            refused = greet()
            self.assertEqual(refused.returncode, 1)
            self.assertEqual(len(refused.stderr.decode().splitlines()), 1,
                             refused.stderr)
            # OpenSSL reads the server's alert, or finds the connection
            # closed after the handshake first (a third of the time here):
            # either way the hint says what to pass.
            self.assertRegex(
                refused.stderr.decode(),
                r"(certificate required[^\n]*; the server wants a client "
                r"certificate|; the server closed the connection after the TLS "
                r"handshake: if it wants a client certificate)[:,] pass --cert "
                r"and --key\n$")
            plaintext = self.call("--plaintext", server.target, "Greet", "{}")
            self.assertEqual(plaintext.returncode, 1)
            self.assertTrue(plaintext.stderr.decode().endswith(
                ": the server closed the connection without answering, or "
                "sent a header past the 64 KiB libcurl's HTTP/2 reads: if it "
                "speaks TLS, use https:// without --plaintext\n"),
                plaintext.stderr)

    def test_an_untrusted_certificate_is_refused_with_what_to_do(self):
        result = self.call("--servername", "rpccli.test", self.server.target,
                           "Greet", "{}")
        self.assertEqual(result.returncode, 1)
        self.assertTrue(result.stderr.decode().endswith(
            "; pass its CA with --cacert, or skip the check with --insecure\n"),
            result.stderr)
        insecure = self.call("--insecure", "https://" + self.server.target,
                             "Greet", "{}")
        self.assertEqual(insecure.returncode, 0, insecure.stderr)


if __name__ == "__main__":
    unittest.main()
