"""A server that breaks the gRPC protocol (misbehaving_server.py, which
answers each call as its `x-misbehave` header says): every fault ends the
call with a status that says what the server did, never a made-up `{}` or
a partial answer presented as success, and within a bounded time."""

import json
import os
import signal
import tempfile
import time
import unittest

from harness import (DEMO_PROTO, MisbehavingServer, SharedServerTest, rpccli,
                     running, timed)

INTERNAL = 64 + 13
UNKNOWN = 64 + 2
# The status name each exit code stands for, as the ERROR block names it.
CODE_NAMES = {64 + 2: "Unknown", 64 + 4: "DeadlineExceeded", 64 + 13: "Internal",
              64 + 14: "Unavailable"}
NO_RESPONSE = ("protocol violation: the server ended the call with OK and "
               "no response, where the method returns one")
SECOND_RESPONSE = ("protocol violation: the server sent a second response "
                   "to a method that returns one")
# A request of each kind: unary, client stream, server stream.
REQUESTS = {"Echo": '{"text": "hi"}', "Sum": '{"value": 1}',
            "Countdown": '{"start": 1}'}
ECHOED = {"Echo": '{"text":"hi"}\n', "Sum": '{"count":"1"}\n',
          "Countdown": '{"remaining":1}\n'}


class MisbehavingServerTest(SharedServerTest):

    @classmethod
    def start_server(cls):
        return MisbehavingServer()

    def call(self, mode, method, *extra):
        # --max-time bounds every case: a hang fails the test, not CI.
        return rpccli("call", "--plaintext", "-p", DEMO_PROTO, "--compact",
                      "--max-time", "10", "-H", "x-misbehave: " + mode,
                      *extra, self.server.target, "demo.Demo/" + method,
                      REQUESTS[method], timeout=30)

    def assertFails(self, result, code, message, stdout=""):
        self.assertEqual(result.returncode, code, result.stderr)
        self.assertEqual(result.stdout.decode(), stdout)
        self.assertIn("ERROR:\n  Code: %s\n  Message: %s\n"
                      % (CODE_NAMES[code], message), result.stderr.decode())

    def test_a_method_that_returns_one_gets_no_response(self):
        no_response = ("protocol violation: the server ended the call with OK "
                       "and no response, where the method returns one")
        # No message, a message cut short, one whose length prefix runs
        # past the end: none is an answer.
        for mode in ["zero-messages", "trailers-only-ok", "truncated",
                     "oversize-prefix"]:
            for method in ["Echo", "Sum"]:
                with self.subTest(mode=mode, method=method):
                    result = self.call(mode, method)
                    self.assertFails(result, INTERNAL, no_response)
                    self.assertIn(b"Code: Internal", result.stderr)

    def test_connect_error_details_that_are_no_details_are_shown(self):
        result = rpccli("call", "--protocol", "connect",
                        "--http2-prior-knowledge", "-p", DEMO_PROTO,
                        "--max-time", "10", "--format-error", "json", "-H",
                        "x-misbehave: connect-bad-details",
                        "http://" + self.server.target, "demo.Demo/Echo",
                        REQUESTS["Echo"], timeout=30)
        self.assertEqual((result.returncode, result.stdout), (64 + 3, b""))
        status = json.loads(result.stderr)
        bad = ('a detail of the server\'s Connect error is not {"type": '
               'NAME, "value": BASE64}')
        self.assertEqual(status["details"], [
            {"@type": "type.googleapis.com/google.rpc.ErrorInfo",
             "reason": "why"},
            {"@error": bad,
             "detail": {"type": "google.rpc.ErrorInfo", "value": "!!"}},
            {"@error": bad, "detail": "junk"}])

    def test_headers_http2_forbids_are_left_out_not_sent(self):
        # This strict HTTP/2 server drops the connection of one that sends
        # them ("Socket closed"); grpc-go and grpcio let them through.
        for header in ["connection: close", "Transfer-Encoding: chunked",
                       "upgrade: h2c", "keep-alive: 5",
                       "proxy-connection: x"]:
            with self.subTest(header=header):
                result = rpccli("call", "--plaintext", "-p", DEMO_PROTO,
                                "--compact", "--max-time", "10", "-H", header,
                                self.server.target, "demo.Demo/Echo",
                                REQUESTS["Echo"], timeout=30)
                self.assertEqual((result.returncode, result.stdout),
                                 (0, ECHOED["Echo"].encode()), result.stderr)
                name = header.split(":")[0].lower()
                self.assertEqual(result.stderr.decode(),
                                 "rpccli: warning: -H %s: not sent: HTTP/2 "
                                 "has no connection-specific headers\n" % name)

    def test_a_server_stream_may_have_no_messages(self):
        result = self.call("zero-messages", "Countdown")
        self.assertEqual((result.returncode, result.stdout, result.stderr),
                         (0, b"", b""))

    def test_a_method_that_returns_one_gets_two(self):
        # Neither is shown: which one is the answer is not known.
        second = ("protocol violation: the server sent a second response to "
                  "a method that returns one")
        for method in ["Echo", "Sum"]:
            with self.subTest(method=method):
                result = self.call("two-messages", method)
                self.assertFails(result, INTERNAL, second)
                self.assertIn(b"Code: Internal", result.stderr)
        counted = self.call("two-messages", "Echo", "-v")
        self.assertIn(b"Sent 1 request(s) and received 2 response(s)\n",
                      counted.stderr)
        stream = self.call("two-messages", "Countdown")
        self.assertEqual(stream.returncode, 0, stream.stderr)
        self.assertEqual(stream.stdout.decode(), ECHOED["Countdown"] * 2)

    def test_a_status_code_grpc_does_not_have_is_unknown(self):
        self.assertFails(
            self.call("status:192", "Echo"), UNKNOWN,
            "the server sent grpc-status 192, which is not a gRPC status "
            "code; its message: odd status")
        for code in ["17", "-1"]:
            with self.subTest(code=code):
                # A unary call that failed has no answer to show; a stream
                # shows what came before the failure.
                self.assertFails(
                    self.call("status:" + code, "Echo"), UNKNOWN,
                    "the server sent grpc-status %s, which is not a gRPC "
                    "status code; its message: odd status" % code)
                self.assertFails(
                    self.call("status:" + code, "Countdown"), UNKNOWN,
                    "the server sent grpc-status %s, which is not a gRPC "
                    "status code; its message: odd status" % code,
                    stdout=ECHOED["Countdown"])
        self.assertFails(self.call("status:abc", "Echo"), UNKNOWN,
                         "odd status")

    def test_a_failed_unary_call_shows_no_response(self):
        # Each sends the echo before failing.
        for mode, code in [("rst-after-message", INTERNAL),
                           ("goaway", 64 + 14), ("escape", UNKNOWN)]:
            with self.subTest(mode=mode):
                result = self.call(mode, "Echo")
                self.assertEqual(result.returncode, code, result.stderr)
                self.assertEqual(result.stdout, b"")

    def test_details_that_do_not_decode_are_said(self):
        result = self.call("bad-details", "Echo", "--format-error", "json")
        self.assertEqual(result.returncode, 64 + 3, result.stderr)
        status = json.loads(result.stderr)
        self.assertEqual(status["details"], [{
            "@error": "grpc-status-details-bin is not a google.rpc.Status in "
                      "protobuf wire format",
            "@value": "////"}])

    def test_details_whose_code_disagrees_with_the_status_are_said(self):
        result = self.call("details-mismatch", "Echo", "--format-error", "json")
        self.assertEqual(result.returncode, 64 + 3, result.stderr)
        self.assertEqual(json.loads(result.stderr)["details"], [{
            "@error": "grpc-status-details-bin says code 5, where grpc-status "
                      "says 3",
            "code": 5, "message": "details say NOT_FOUND"}])

    def test_an_answer_that_is_not_grpc_is_said_to_be(self):
        for mode in ["html", "bad-content-type", "details-not-base64"]:
            with self.subTest(mode=mode):
                result = self.call(mode, "Echo")
                self.assertFails(result, UNKNOWN, "Stream removed")
                self.assertTrue(result.stderr.decode().endswith(
                    "rpccli: error: the response ended without a gRPC status "
                    "(\"Stream removed\" is all gRPC says of it): what answered "
                    "may not speak gRPC, such as a proxy with an HTML error "
                    "page, or sent headers gRPC refuses (a "
                    "grpc-status-details-bin that is not base64)\n"),
                    result.stderr)

    def test_details_that_are_not_base64_are_said_over_grpc_web(self):
        # gRPC's core refuses the whole status (above); rpccli reads
        # gRPC-Web itself, and shows the status with what was wrong.
        result = rpccli("call", "-p", DEMO_PROTO, "--max-time", "10", "-H",
                        "x-misbehave: details-not-base64", "--protocol",
                        "grpcweb", "--http2-prior-knowledge",
                        "http://" + self.server.target, "demo.Demo/Echo",
                        REQUESTS["Echo"], timeout=30)
        self.assertEqual(result.returncode, 64 + 5, result.stderr)
        self.assertIn('"@error": "grpc-status-details-bin is not base64",\n'
                      '       "@text": "!!!"', result.stderr.decode())

    def test_a_corrupt_frame_is_no_message_whatever_the_flags(self):
        # "<html>..." read as a frame header announces 1.7 GB: no message
        # came, with -v and --events as without them.
        for extra in [[], ["-v"], ["--events"]]:
            with self.subTest(extra=extra):
                result = self.call("html", "Countdown", *extra)
                self.assertEqual(result.returncode, UNKNOWN, result.stderr)
                self.assertNotIn(b'"event":"message"', result.stdout)
                self.assertNotIn(b"{}\n", result.stdout)
        counted = self.call("html", "Countdown", "-v")
        self.assertIn(b"received 0 response(s)", counted.stderr)

    def test_a_huge_status_message_is_the_servers_status_cut(self):
        result = self.call("huge-message", "Echo")
        self.assertFails(result, INTERNAL,
                         "x" * 4096 + "... (cut; the message has 200000 bytes)")

    def test_what_the_server_sends_cannot_drive_the_terminal(self):
        result = self.call("escape", "Echo", "-v")
        self.assertEqual(result.returncode, UNKNOWN, result.stderr)
        stderr = result.stderr.decode()
        self.assertNotIn("\x1b", stderr)
        self.assertIn("  Message: \\x1b[31mred\\x1b[0m\n", stderr)
        self.assertIn("x-evil: \\x1b[31mevil\\x1b[0m\n", stderr)

    def test_fields_json_cannot_show_are_said_once(self):
        warning = ("rpccli: warning: the response has fields JSON cannot show "
                   "(field 9999 in "
                   "demo.Sample); --format text shows them\n")
        for extra in [[], ["--events"], ["--emit-defaults"]]:
            with self.subTest(extra=extra):
                result = self.call("unknown-fields", "Echo", *extra)
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertEqual(result.stderr.decode(), warning)
        text = rpccli("call", "--plaintext", "-p", DEMO_PROTO, "--format",
                      "text", "-H", "x-misbehave: unknown-fields",
                      self.server.target, "demo.Demo/Echo", 'text: "hi"',
                      timeout=30)
        self.assertEqual((text.returncode, text.stderr), (0, b""))
        self.assertEqual(text.stdout, b'text: "hi"\n9999: 42\n')

    def test_an_answer_json_would_misstate_is_refused_or_shown_truly(self):
        # Fields appended to the echo of {"text": "hi"}, as hex.
        mixed_duration = "ea010d080110ffffffffffffffffff01"  # 1 s, -1 ns
        kindless = "f201070a050a016b1200"  # attributes {"k": Value{}}
        def call(protocol, appended):
            if protocol == "grpc":
                return self.call("append:" + appended, "Echo")
            return rpccli("call", "-p", DEMO_PROTO, "--compact", "--max-time",
                          "10", "-H", "x-misbehave: append:" + appended,
                          "--protocol", "grpcweb", "--http2-prior-knowledge",
                          "http://" + self.server.target, "demo.Demo/Echo",
                          REQUESTS["Echo"], timeout=30)

        for protocol in ["grpc", "grpcweb"]:
            with self.subTest(protocol=protocol):
                result = call(protocol, mixed_duration)
                self.assertEqual((result.returncode, result.stdout),
                                 (1, b""), result.stderr)
                self.assertEqual(
                    result.stderr.decode(),
                    "rpccli: error: response 1: cannot decode it as "
                    "demo.Sample: field \"timeout\": a google.protobuf."
                    "Duration of 1 s and -1 ns is not valid: its seconds "
                    "and nanos have different signs; --format text shows it "
                    "as sent\n")
                result = call(protocol, kindless)
                self.assertEqual(result.returncode, 1, result.stderr)
                self.assertIn("field \"attributes.k\": a google.protobuf."
                              "Value with no kind set has no JSON form",
                              result.stderr.decode())
        # label "a" then code 5, of one oneof: the last is what it means.
        result = self.call("append:ba010161c00105", "Echo")
        self.assertEqual((result.returncode, result.stdout),
                         (0, b'{"text":"hi","code":5}\n'), result.stderr)
        text = rpccli("call", "--plaintext", "-p", DEMO_PROTO, "--format",
                      "text", "--compact", "-H",
                      "x-misbehave: append:" + mixed_duration,
                      self.server.target, "demo.Demo/Echo", "", timeout=30)
        self.assertEqual((text.returncode, text.stderr), (0, b""))
        self.assertEqual(text.stdout, b"timeout { seconds: 1 nanos: -1 }\n")

    def test_what_json_cannot_show_is_said_not_dropped_or_made_up(self):
        # limit (an Int64Value) holding field 9 beside its value: protobuf's
        # printer failed the call on it.
        result = self.call("append:8a020408054803", "Echo")
        self.assertEqual((result.returncode, result.stdout),
                         (0, b'{"text":"hi","limit":"5"}\n'), result.stderr)
        self.assertIn(b"fields JSON cannot show (field 9 in "
                      b"google.protobuf.Int64Value)", result.stderr)
        # A packed varint eleven bytes long: protobuf's printer took memory
        # until the process died.
        result = self.call("append:92010bffffffffffffffffffffff", "Echo")
        self.assertEqual((result.returncode, result.stdout), (1, b""))
        self.assertIn(b"not a valid demo.Sample in protobuf wire format",
                      result.stderr)
        with tempfile.TemporaryDirectory() as schema:
            with open(os.path.join(schema, "p2.proto"), "w") as proto:
                proto.write(
                    'syntax = "proto2"; package p2;\n'
                    "message M { optional string s = 1;\n"
                    "  optional group G = 2 { required int32 a = 3; }\n"
                    "  extensions 100 to 200; }\n"
                    "extend M { optional int32 ext = 100; }\n"
                    "service S { rpc Echo(M) returns (M); }\n")

            def echo(appended, *extra):
                return rpccli("call", "--plaintext", "-I", schema, "-p",
                              "p2.proto", "--compact", "--max-time", "10",
                              "-H", "x-misbehave: append:" + appended, *extra,
                              self.server.target, "p2.S/Echo", "{}",
                              timeout=30)

            # G { a: 1 }, [p2.ext]: 7: JSON shows the group as a message,
            # and says it cannot show the extension.
            result = echo("13180114a00607")
            self.assertEqual((result.returncode, result.stdout),
                             (0, b'{"g":{"a":1}}\n'), result.stderr)
            self.assertIn(b"(field 100 ([p2.ext], an extension) in p2.M)",
                          result.stderr)
            # G sent length-prefixed: to protobuf an unknown field, not G.
            result = echo("12021801")
            self.assertEqual((result.returncode, result.stdout),
                             (0, b"{}\n"), result.stderr)
            self.assertIn(b"(field 2 (g, with a value or wire type the schema "
                          b"does not take) in p2.M)", result.stderr)
            result = echo("0a02fffe")  # s: bytes that are not UTF-8
            self.assertEqual((result.returncode, result.stdout), (1, b""))
            self.assertIn(b'field "s": a string that is not UTF-8',
                          result.stderr)
            result = echo("1314")  # G without its required a
            self.assertEqual((result.returncode, result.stdout), (1, b""))
            self.assertIn(b'it lacks required field "g.a"',
                          result.stderr)

    def test_fields_whose_json_names_clash_print_by_proto_names(self):
        # proto2 takes foo_bar and fooBar in one message: protobuf prints
        # "fooBar" twice, and reads "fooBar" as foo_bar.
        with tempfile.TemporaryDirectory() as schema:
            with open(os.path.join(schema, "p2.proto"), "w") as proto:
                proto.write(
                    'syntax = "proto2"; package p2;\n'
                    "message M { optional int32 foo_bar = 1;\n"
                    "  optional int32 fooBar = 2; }\n"
                    "message Outer { optional M m = 1; }\n"
                    "service S { rpc Echo(Outer) returns (Outer); }\n")

            def run(*args):
                return rpccli(*args[:1], "-I", schema, "-p", "p2.proto",
                              *args[1:], timeout=30)

            warning = ('rpccli: warning: p2.M: fields foo_bar and fooBar are '
                       'both "fooBar" in JSON: printed by .proto names (as by '
                       '--proto-names); as input, a key that names two '
                       'fields is refused, and text format (--format text) '
                       'sets each\n')
            # The echo of {"m": {"foo_bar": 1}} and m { fooBar: 2 }.
            result = run("call", "--plaintext", "--compact", "--max-time",
                         "10", "-H", "x-misbehave: append:0a021002",
                         self.server.target, "p2.S/Echo",
                         '{"m": {"foo_bar": 1}}')
            self.assertEqual((result.returncode, result.stdout.decode()),
                             (0, '{"m":{"foo_bar":1,"fooBar":2}}\n'),
                             result.stderr)
            self.assertEqual(result.stderr.decode(), warning)
            result = run("call", "--plaintext", "--max-time", "10",
                         self.server.target, "p2.S/Echo",
                         '{"m": {"fooBar": 1}}')
            self.assertEqual((result.returncode, result.stdout), (1, b""))
            self.assertEqual(
                result.stderr.decode(),
                'rpccli: error: <argument>:1:8: message 1: "fooBar" names 2 '
                'fields of p2.M: foo_bar (write "foo_bar" for it); fooBar (no '
                'other key names it: use --format text)\n')
            result = run("describe", "--template", "p2.Outer")
            self.assertEqual(
                (result.returncode, result.stdout.decode(), result.stderr.decode()),
                (0, '{\n  "m": {\n    "foo_bar": 0,\n    "fooBar": 0\n  }\n}\n',
                 warning))

    def test_messages_go_and_print_as_deep_as_protobuf_reads_them(self):
        # misbehaving_server echoes any method's request.
        with tempfile.TemporaryDirectory() as schema:
            with open(os.path.join(schema, "node.proto"), "w") as proto:
                proto.write('syntax = "proto3"; package d;\n'
                            "message Node { Node child = 1; }\n"
                            "service S { rpc Echo(Node) returns (Node); }\n")

            def echo(request, *extra):
                return rpccli("call", "--plaintext", "-I", schema, "-p",
                              "node.proto", "--compact", "--max-time", "10",
                              *extra, self.server.target, "d.S/Echo", request,
                              timeout=30)

            deepest = '{"child":' * 99 + "{}" + "}" * 99
            result = echo(deepest)
            self.assertEqual((result.returncode, result.stderr), (0, b""))
            self.assertEqual(result.stdout.decode(), deepest + "\n")
            result = echo('{"child":' * 100 + "{}" + "}" * 100)
            self.assertEqual((result.returncode, result.stdout), (1, b""))
            self.assertEqual(result.stderr.decode(),
                             "rpccli: error: <argument>:1:901: message 1: a "
                             "message nested more than 100 levels deep, past "
                             "what protobuf's JSON parser takes\n")
            result = echo("child { " * 101 + "} " * 101, "--format", "text")
            self.assertEqual((result.returncode, result.stdout), (1, b""))
            self.assertIn(b"recursion limit of 100", result.stderr)

    def test_a_server_that_stalls_is_bounded_by_max_time(self):
        for mode in ["stall-headers", "stall-after-headers",
                     "stall-after-message"]:
            with self.subTest(mode=mode):
                result = rpccli(
                    "call", "--plaintext", "-p", DEMO_PROTO, "--max-time",
                    "1", "-H", "x-misbehave: " + mode, self.server.target,
                    "demo.Demo/Echo", REQUESTS["Echo"], timeout=20)
                self.assertFails(result, 64 + 4, "Deadline Exceeded")

    def test_headers_that_never_finish_end_the_call_not_rpccli(self):
        # gRPC 1.51 keeps half a header block, and aborted when asked
        # whether the call had headers: every way a call is cut short.
        ways = {"deadline": ["--max-time", "1"],
                "deadline, events": ["--max-time", "1", "--events"],
                "responses cap": ["--max-time", "1", "--max-responses", "1"]}
        for way, extra in ways.items():
            with self.subTest(way=way):
                result = rpccli(
                    "call", "--plaintext", "-p", DEMO_PROTO, *extra, "-H",
                    "x-misbehave: half-headers", self.server.target,
                    "demo.Demo/Echo", REQUESTS["Echo"], timeout=20)
                self.assertEqual(result.returncode, 64 + 4, result.stderr)
                self.assertIn(b"Deadline Exceeded", result.stderr)
        result = rpccli("health", "--plaintext", "--max-time", "1", "-H",
                        "x-misbehave: half-headers", self.server.target,
                        timeout=20)
        self.assertEqual(result.returncode, 64 + 4, result.stderr)
        with running(["call", "--plaintext", "-p", DEMO_PROTO, "-H",
                      "x-misbehave: half-headers", self.server.target,
                      "demo.Demo/Echo", REQUESTS["Echo"]]) as process:
            time.sleep(0.5)
            process.send_signal(signal.SIGINT)
            _, err = process.communicate(timeout=20)
            self.assertEqual(process.returncode, 130, err)
            self.assertIn(b"interrupted by SIGINT", err)
        result = self.call("half-headers-close", "Echo")
        self.assertFails(result, 64 + 14, "Socket closed")

    def test_a_session_error_ends_an_http_call_without_max_time(self):
        # libcurl 7.88 stopped reading once nghttp2 ended the session, and
        # the call waited for ever with the socket left open.
        web = ["--protocol", "grpcweb", "--http2-prior-knowledge"]
        for method in ["Echo", "Countdown"]:
            with self.subTest(method=method):
                result = rpccli("call", "-p", DEMO_PROTO, "-H",
                                "x-misbehave: bad-frame-stall", *web,
                                "http://" + self.server.target,
                                "demo.Demo/" + method, REQUESTS[method],
                                timeout=20)
                self.assertFails(result, INTERNAL, "the response ended "
                                 "without the protocol's end of stream")
        # A Connect unary body has no end of its own: libcurl took the end
        # of the session for it, and an empty message was shown.
        result = rpccli("call", "-p", DEMO_PROTO, "-H",
                        "x-misbehave: connect-bad-frame-stall", "--protocol",
                        "connect", "--http2-prior-knowledge",
                        "http://" + self.server.target, "demo.Demo/Echo",
                        REQUESTS["Echo"], timeout=20)
        self.assertEqual((result.returncode, result.stdout), (1, b""))
        self.assertIn("the HTTP/2 connection closed as the answer ended "
                      "(after a protocol error of the server, or its GOAWAY), "
                      "and libcurl cannot tell whether the answer came whole: "
                      "none is shown", result.stderr.decode())

    def test_a_connect_end_of_stream_that_is_not_connects_is_internal(self):
        # As gRPC-Web's trailers without a status: the server broke the
        # protocol (exit 77), and what it sent is shown.
        result = rpccli("call", "-p", DEMO_PROTO, "--compact", "-H",
                        "x-misbehave: connect-bad-end", "--protocol", "connect",
                        "--http2-prior-knowledge", "--max-time", "10",
                        "http://" + self.server.target, "demo.Demo/Countdown",
                        REQUESTS["Countdown"], timeout=30)
        self.assertFails(
            result, INTERNAL, "protocol violation: the server's end-of-stream "
            "message is not Connect's (a JSON object, with \"error\" holding a "
            "\"code\" name and \"metadata\" lists of strings): "
            '{"error": {"code": 5}}', stdout=ECHOED["Countdown"])

    def test_details_of_anys_nested_past_the_limit_are_shown_as_bytes(self):
        # protobuf's printers open every Any they know: 20,000 nested took
        # 6.8 GB, then the stack (SIGSEGV), for any server's error.
        result, seconds = timed(self.call, "deep-any-details", "Echo")
        self.assertEqual(result.returncode, 64 + 3, result.stderr[:300])
        said = result.stderr.decode()
        self.assertIn("  Message: deep details\n", said[:300])
        self.assertTrue('"@error": "it holds google.protobuf.Any values nested '
                        'more than 32 deep, past what rpccli shows"' in said,
                        said[:500])
        self.assertLess(len(said), 2000000)
        self.assertLess(seconds, 10)

    def test_a_large_connect_error_keeps_its_status(self):
        # An error body was read to 64 KiB only: a longer one lost its code
        # and message to "Internal: HTTP status 400".
        connect = ["--protocol", "connect", "--http2-prior-knowledge",
                   "--max-time", "10", "--format-error", "json"]
        result = rpccli("call", "-p", DEMO_PROTO, "-H",
                        "x-misbehave: connect-big-error", *connect,
                        "http://" + self.server.target, "demo.Demo/Echo",
                        REQUESTS["Echo"], timeout=30)
        self.assertEqual(result.returncode, 64 + 3, result.stderr[:300])
        status = json.loads(result.stderr)
        self.assertEqual((status["name"], status["message"]),
                         ("InvalidArgument", "x" * 200000))
        # Past --max-msg-sz, the body is not read further, and that is said.
        result = rpccli("call", "-p", DEMO_PROTO, "-H",
                        "x-misbehave: connect-big-error", *connect[:-2],
                        "--max-msg-sz", "1000", "http://" + self.server.target,
                        "demo.Demo/Echo", REQUESTS["Echo"], timeout=30)
        self.assertFails(
            result, INTERNAL, "HTTP status 400 from http://%s/demo.Demo/Echo, "
            "with an error body past the 1000-byte limit; raise it with "
            "--max-msg-sz" % self.server.target)

    def test_compressed_answers_are_bounded_and_read_as_they_say(self):
        # Over the HTTP protocols rpccli inflates messages itself: past
        # --max-msg-sz once inflated is ResourceExhausted (72), as gRPC
        # says it, and a compressed Connect error is read as one.
        target = "http://" + self.server.target
        limited = ["--max-time", "10", "--max-msg-sz", "1000",
                   "--http2-prior-knowledge"]
        too_large = ("a compressed message comes to more than 1000 bytes, "
                     "the limit; raise it with --max-msg-sz")
        for protocol, mode, method in [
                ("grpcweb", "compressed-bomb", "Countdown"),
                ("grpcweb", "compressed-bomb", "Echo"),
                ("connect", "connect-gzip-bomb", "Echo")]:
            with self.subTest(protocol=protocol, method=method):
                result = rpccli("call", "-p", DEMO_PROTO, "-H",
                                "x-misbehave: " + mode, "--protocol", protocol,
                                *limited, target, "demo.Demo/" + method,
                                REQUESTS[method], timeout=30)
                self.assertEqual(result.returncode, 64 + 8, result.stderr)
                self.assertEqual(result.stdout, b"")
                self.assertIn("Code: ResourceExhausted\n  Message: %s\n"
                              % too_large, result.stderr.decode())
        # Within the limit, the same answer is the message it holds.
        whole = rpccli("call", "-p", DEMO_PROTO, "--compact", "-H",
                       "x-misbehave: connect-gzip-bomb", "--protocol",
                       "connect", *limited[:2], *limited[4:], target,
                       "demo.Demo/Echo", REQUESTS["Echo"], timeout=30)
        self.assertEqual((whole.returncode, whole.stdout),
                         (0, b'{"text":"hello"}\n'), whole.stderr)
        error = rpccli("call", "-p", DEMO_PROTO, "-H",
                       "x-misbehave: connect-gzip-error", "--protocol",
                       "connect", *limited, target, "demo.Demo/Echo",
                       REQUESTS["Echo"], timeout=30)
        self.assertEqual(error.returncode, 64 + 5, error.stderr)
        self.assertIn(b"Code: NotFound\n  Message: gone\n", error.stderr)
        # A body past the limit whose length was not said is told as what
        # came, not as its size.
        cut = rpccli("call", "-p", DEMO_PROTO, "-H",
                     "x-misbehave: connect-frames-apart", "--protocol",
                     "connect", *limited, target, "demo.Demo/Echo",
                     REQUESTS["Echo"], timeout=30)
        self.assertEqual(cut.returncode, 64 + 8, cut.stderr)
        self.assertRegex(cut.stderr.decode(), r"larger than max \(at least "
                         r"\d+ vs\. 1000\)")

    def test_headers_libcurl_will_not_read_are_said_to_be_possible(self):
        # gRPC reads a 200 KB header; nghttp2 ends the session at one past
        # 64 KiB without a word, which libcurl reports as an empty reply.
        grpc = self.call("huge-header", "Echo")
        self.assertEqual((grpc.returncode, grpc.stdout),
                         (0, ECHOED["Echo"].encode()), grpc.stderr)
        for protocol in ("connect", "grpcweb"):
            with self.subTest(protocol=protocol):
                result = rpccli("call", "-p", DEMO_PROTO, "-H",
                                "x-misbehave: huge-header", "--protocol",
                                protocol, "--http2-prior-knowledge",
                                "--max-time", "10",
                                "http://" + self.server.target,
                                "demo.Demo/Echo", REQUESTS["Echo"], timeout=30)
                self.assertEqual((result.returncode, result.stdout), (1, b""))
                self.assertIn(b"or sent a header past the 64 KiB libcurl's "
                              b"HTTP/2 reads", result.stderr)

    def test_a_connect_error_that_is_not_json_is_shown(self):
        # Connect's errors are JSON; a proxy's page or plain text is shown
        # (cut at 200 bytes, escaped), not only the HTTP status.
        result = rpccli("call", "-p", DEMO_PROTO, "-H",
                        "x-misbehave: http-status:503", "--protocol", "connect",
                        "--http2-prior-knowledge", "--max-time", "10",
                        "http://" + self.server.target, "demo.Demo/Echo",
                        REQUESTS["Echo"], timeout=30)
        self.assertFails(
            result, 64 + 14, "HTTP status 503 from http://%s/demo.Demo/Echo, "
            "with a body that is not a Connect error: misbehaving_server: "
            "http status 503\\x0a" % self.server.target)

    def test_a_connect_answer_in_frames_apart_ends_as_it_ends(self):
        # libcurl 7.88 parked the DATA past its 16 KiB buffer and, the
        # socket quiet, never came back for it: the call hung for good.
        for attempt in range(3):
            with self.subTest(attempt=attempt):
                result, seconds = timed(
                    rpccli, "call", "-p", DEMO_PROTO, "--compact", "-H",
                    "x-misbehave: connect-frames-apart", "--protocol",
                    "connect", "--http2-prior-knowledge", "--max-time", "20",
                    "http://" + self.server.target, "demo.Demo/Echo",
                    REQUESTS["Echo"], timeout=30)
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertEqual(result.stdout.decode(),
                                 '{"text":"%s"}\n' % ("y" * 60000))
                self.assertLess(seconds, 5)

    def test_a_lookup_the_servers_reflection_never_answers_is_blamed(self):
        # With -p, an Any's type the files lack is asked of the server; a
        # server whose reflection stays silent is the cause, not the input.
        with tempfile.TemporaryDirectory() as schema:
            with open(os.path.join(schema, "a.proto"), "w") as proto:
                proto.write('syntax = "proto3"; package a;\n'
                            'import "google/protobuf/any.proto";\n'
                            "message M { google.protobuf.Any any = 1; }\n"
                            "service S { rpc Echo(M) returns (M); }\n")
            request = ('{"any": {"@type": "type.googleapis.com/q.Nope", '
                       '"x": 1}}')
            for command in [["call"], ["call", "--batch"], ["bench", "-n", "1"]]:
                with self.subTest(command=command):
                    result = rpccli(
                        *command, "--plaintext", "-I", schema, "-p", "a.proto",
                        "--max-time", "1", "--connect-timeout", "1",
                        "--reflect-header", "x-misbehave: stall-headers",
                        self.server.target, "a.S/Echo", request, timeout=20)
                    self.assertEqual((result.returncode, result.stdout),
                                     (1, b""))
                    self.assertRegex(
                        result.stderr.decode(),
                        r"^rpccli: error: 127\.0\.0\.1:\d+: server reflection "
                        r"failed: DeadlineExceeded: no reflection answer "
                        r"within 1 s \(--(max-time|connect-timeout)\), asked "
                        r"for a type the files lack\n$")
            # An empty Any names no type: nothing is asked, nothing waits.
            empty, seconds = timed(
                rpccli, "call", "--plaintext", "-I", schema, "-p", "a.proto",
                "--compact", "--reflect-header", "x-misbehave: stall-headers",
                self.server.target, "a.S/Echo", '{"any": {}}', timeout=30)
            self.assertEqual((empty.returncode, empty.stdout, empty.stderr),
                             (0, b'{"any":{}}\n', b""))
            self.assertLess(seconds, 5)
            # Its bytes, as rpccli writes an Any of a type it does not
            # know, go through; the answer is printed so, with a warning.
            known_bytes = ('{"any": {"@type": "type.googleapis.com/q.Nope", '
                           '"@value": "CAE="}}')
            for command in [["call"], ["call", "--batch"]]:
                with self.subTest(command=command, bytes=True):
                    result = rpccli(
                        *command, "--plaintext", "-I", schema, "-p", "a.proto",
                        "--compact", "--connect-timeout", "1",
                        "--reflect-header", "x-misbehave: stall-headers",
                        self.server.target, "a.S/Echo", known_bytes,
                        timeout=20)
                    self.assertEqual(result.returncode, 0, result.stderr)
                    self.assertIn(b'"@error":"q.Nope is not a message in the '
                                  b'schema; @value holds its bytes"',
                                  result.stdout)
                    self.assertRegex(
                        result.stderr.decode(),
                        r"^rpccli: warning: asked for a type the files lack, "
                        r"127\.0\.0\.1:\d+: server reflection failed: "
                        r"DeadlineExceeded: no reflection answer within 1 s "
                        r"\(--connect-timeout\)\n$")

    def test_health_reads_an_odd_status_as_a_failure(self):
        result = rpccli("health", "--plaintext", "-H", "x-misbehave: status:192",
                        self.server.target, timeout=30)
        self.assertEqual(result.returncode, UNKNOWN, result.stderr)
        self.assertNotIn(b"SERVING", result.stdout)
        zero = rpccli("health", "--plaintext", "-H",
                      "x-misbehave: zero-messages", self.server.target,
                      timeout=30)
        self.assertEqual(zero.returncode, INTERNAL, zero.stderr)
        self.assertIn(NO_RESPONSE.encode(), zero.stderr)
        # An HTML answer is said to be one, as call says it.
        html = rpccli("health", "--plaintext", "--max-time", "10", "-H",
                      "x-misbehave: html", self.server.target, timeout=30)
        self.assertEqual(html.returncode, UNKNOWN, html.stderr)
        self.assertIn(b"what answered may not speak gRPC, such as a proxy "
                      b"with an HTML error page", html.stderr)
        watched = rpccli("health", "--watch", "--plaintext", "--max-time",
                         "10", "-H", "x-misbehave: zero-messages",
                         self.server.target, timeout=30)
        self.assertEqual((watched.returncode, watched.stdout), (5, b""))
        self.assertEqual(watched.stderr.decode(),
                         "rpccli: error: %s ended the watch without sending "
                         "a status\n" % self.server.target)
        # A status the enum lacks, negative too (a 10-byte varint of -1).
        for appended, shown in [("08ffffffffffffffffff01", "UNKNOWN (-1)"),
                                ("0807", "UNKNOWN (7)")]:
            with self.subTest(status=shown):
                odd = rpccli("health", "--plaintext", "--max-time", "10",
                             "-H", "x-misbehave: append:" + appended,
                             self.server.target, timeout=30)
                self.assertEqual((odd.returncode, odd.stdout, odd.stderr),
                                 (5, (shown + "\n").encode(), b""))

    def test_bench_counts_a_call_with_no_response_as_failed(self):
        result = rpccli("bench", "--plaintext", "-p", DEMO_PROTO, "-n", "20",
                        "--report", "json", "--max-time", "10", "-H",
                        "x-misbehave: zero-messages", self.server.target,
                        "demo.Demo/Echo", REQUESTS["Echo"], timeout=60)
        report = json.loads(result.stdout)
        self.assertEqual((report["ok"], report["failed"]), (0, 20), report)
        # Nor with a response that is not a message of the output type.
        garbled = rpccli("bench", "--plaintext", "-p", DEMO_PROTO, "-n", "20",
                         "--report", "json", "--max-time", "10", "-H",
                         "x-misbehave: append:ff", self.server.target,
                         "demo.Demo/Echo", REQUESTS["Echo"], timeout=60)
        self.assertEqual(garbled.returncode, INTERNAL, garbled.stderr)
        report = json.loads(garbled.stdout)
        self.assertEqual((report["ok"], report["failed"]), (0, 20), report)

    def test_many_http_calls_to_an_http2_only_server_advise_what_works(self):
        # --batch and bench go over HTTP/1.1, and refuse the
        # --http2-prior-knowledge a single call would be told to pass.
        many = ["--protocol", "connect", "-p", DEMO_PROTO, "--max-time", "10",
                "http://" + self.server.target, "demo.Demo/Echo"]
        batch = rpccli("call", "--batch", *many, input=b'{"text": "a"}\n',
                       timeout=30)
        bench = rpccli("bench", "-n", "2", *many, REQUESTS["Echo"],
                       timeout=30)
        for result in (batch, bench):
            self.assertNotEqual(result.returncode, 0)
            said = (result.stdout + result.stderr).decode()
            self.assertIn("the server does not answer in HTTP/1.1, which call "
                          "--batch and bench use over Connect and gRPC-Web",
                          said)
            self.assertNotIn("HTTP/2: --http2-prior-knowledge", said)

    def test_batch_numbers_each_violation(self):
        result = rpccli("call", "--batch", "--plaintext", "-p", DEMO_PROTO,
                        "--max-time", "10", "-H", "x-misbehave: two-messages",
                        self.server.target, "demo.Demo/Echo",
                        input='{"text": "a"}\n{"text": "b"}\n', timeout=60)
        self.assertNotEqual(result.returncode, 0)
        self.assertEqual(result.stdout, b"")
        self.assertEqual(result.stderr.decode().count(SECOND_RESPONSE), 2,
                         result.stderr)

    def test_batch_counts_a_call_whose_response_did_not_decode(self):
        # A truncated field in the response: the call was made all the same.
        result = rpccli("call", "--batch", "--plaintext", "-p", DEMO_PROTO,
                        "--max-time", "10", "-H", "x-misbehave: append:0a02c3",
                        self.server.target, "demo.Demo/Echo",
                        input='{"text": "a"}\n', timeout=60)
        self.assertEqual((result.returncode, result.stdout), (1, b""))
        self.assertIn(b"request 1: response 1: cannot decode it",
                      result.stderr)
        self.assertNotIn(b"no call was made", result.stderr)


    def test_what_grpc_lets_through_grpc_web_refuses(self):
        # Over gRPC, gRPC 1.51's core hands these on unseen (README: "What
        # gRPC 1.51 does not show"); rpccli reads gRPC-Web itself.
        web = ["--protocol", "grpcweb", "--http2-prior-knowledge"]
        target = "http://" + self.server.target
        for mode, error in [
                ("compressed-unknown", "the server sent a message compressed "
                 "with \"snappy\", which rpccli cannot read"),
                ("compressed-no-encoding", "the server flagged a message as "
                 "compressed but named no encoding for it"),
                ("trailers-compressed", "the server flagged a message as "
                 "compressed but named no encoding for it"),
                ("compressed-junk", "a compressed message is not valid gzip "
                 "or zlib data")]:
            # A unary call's answer waits for the status: nothing printed.
            method = "Echo" if mode == "trailers-compressed" else "Countdown"
            with self.subTest(mode=mode):
                result = rpccli("call", "-p", DEMO_PROTO, "--max-time", "10",
                                "-H", "x-misbehave: " + mode, *web, target,
                                "demo.Demo/" + method, REQUESTS[method],
                                timeout=30)
                self.assertFails(result, INTERNAL,
                                 "protocol violation: " + error)
        # A message cut short swallows the head of the trailers frame: what
        # follows is no frame, and not a message too large either. A stream
        # shows its messages as they come: that one does not decode.
        cut = rpccli("call", "-p", DEMO_PROTO, "--max-time", "10", "-H",
                     "x-misbehave: truncated", *web, target, "demo.Demo/Echo",
                     REQUESTS["Echo"], timeout=30)
        self.assertFails(cut, INTERNAL,
                         "protocol violation: a frame of the response has "
                         "flags 0x73, which gRPC-Web does not have: the body "
                         "is not framed as it should be, or a frame before "
                         "it was shorter than its length said")
        self.assertNotIn(b"max-msg-sz", cut.stderr)
        streamed = rpccli("call", "-p", DEMO_PROTO, "--max-time", "10", "-H",
                          "x-misbehave: truncated", *web, target,
                          "demo.Demo/Countdown", REQUESTS["Countdown"],
                          timeout=30)
        self.assertEqual((streamed.returncode, streamed.stdout), (1, b""))
        self.assertIn(b"response 1: cannot decode it as demo.Tick",
                      streamed.stderr)
        # A length no --max-msg-sz can allow is not a limit to raise.
        huge = rpccli("call", "-p", DEMO_PROTO, "--max-time", "10", "-H",
                      "x-misbehave: oversize-prefix", *web, target,
                      "demo.Demo/Echo", REQUESTS["Echo"], timeout=30)
        self.assertEqual(huge.returncode, 64 + 8, huge.stderr)
        self.assertIn("rpccli: error: a response's length prefix says "
                      "4294967295 bytes, past the most --max-msg-sz allows "
                      "(2147483647): the server sent a broken frame, or a "
                      "message no gRPC client takes\n", huge.stderr.decode())
        # The end of the response is one status, and nothing after it.
        for mode, violation in [
                ("status-twice", "the server sent grpc-status twice, 5 and "
                 "0: which one ends the call is not known"),
                ("message-after-trailers", "the server sent a frame after "
                 "the trailers frame, which ends the response"),
                ("status-in-headers", "the server sent grpc-status twice, 5 "
                 "and 0: which one ends the call is not known")]:
            for method in ["Echo", "Countdown"]:
                with self.subTest(mode=mode, method=method):
                    result = rpccli("call", "-p", DEMO_PROTO, "--compact",
                                    "--max-time", "10", "-H",
                                    "x-misbehave: " + mode, *web, target,
                                    "demo.Demo/" + method, REQUESTS[method],
                                    timeout=30)
                    # A stream shows what came before the end.
                    self.assertFails(
                        result, INTERNAL, "protocol violation: " + violation,
                        stdout=ECHOED[method] if method == "Countdown" else "")
        # curl drops what came before a reset: no answer is claimed, nor
        # its absence.
        reset = rpccli("call", "-p", DEMO_PROTO, "--max-time", "10", "-H",
                       "x-misbehave: rst-after-message", *web, target,
                       "demo.Demo/Echo", REQUESTS["Echo"], timeout=30)
        self.assertEqual((reset.returncode, reset.stdout), (1, b""))
        self.assertIn(": the server reset the stream, and no answer reached "
                      "rpccli (libcurl drops what came in the same read as a "
                      "reset): ", reset.stderr.decode())
        # The request had gone out whole: -v counts it.
        counted = rpccli("call", "-p", DEMO_PROTO, "--max-time", "10", "-v",
                         "-H", "x-misbehave: rst-after-message", *web, target,
                         "demo.Demo/Echo", REQUESTS["Echo"], timeout=30)
        self.assertIn(b"Sent 1 request(s) and received 0 response(s)\n",
                      counted.stderr)
        fine = rpccli("call", "-p", DEMO_PROTO, "--compact", *web, target,
                      "demo.Demo/Countdown", REQUESTS["Countdown"], timeout=30)
        self.assertEqual(fine.returncode, 0, fine.stderr)
        self.assertEqual(fine.stdout.decode(), ECHOED["Countdown"])


if __name__ == "__main__":
    unittest.main()
