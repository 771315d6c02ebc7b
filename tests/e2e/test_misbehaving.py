"""A server that breaks the gRPC protocol (misbehaving_server.py, which
answers each call as its `x-misbehave` header says): every fault ends the
call with a status that says what the server did, never a made-up `{}` or
a partial answer presented as success, and within a bounded time."""

import json
import unittest

from harness import DEMO_PROTO, MisbehavingServer, SharedServerTest, rpccli

INTERNAL = 64 + 13
UNKNOWN = 64 + 2
# The status name each exit code stands for, as the ERROR block names it.
CODE_NAMES = {64 + 2: "Unknown", 64 + 4: "DeadlineExceeded", 64 + 13: "Internal"}
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
        for mode in ["html", "bad-content-type"]:
            with self.subTest(mode=mode):
                result = self.call(mode, "Echo")
                self.assertFails(result, UNKNOWN, "Stream removed")
                self.assertTrue(result.stderr.decode().endswith(
                    "rpccli: error: the response ended without a gRPC status "
                    "(\"Stream removed\" is all gRPC says of it): what answered "
                    "may not speak gRPC, such as a proxy with an HTML error "
                    "page\n"),
                    result.stderr)

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
        warning = ("rpccli: warning: the response has fields the schema does "
                   "not know, which JSON cannot show (field 9999 in "
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

    def test_a_server_that_stalls_is_bounded_by_max_time(self):
        for mode in ["stall-headers", "stall-after-headers",
                     "stall-after-message"]:
            with self.subTest(mode=mode):
                result = rpccli(
                    "call", "--plaintext", "-p", DEMO_PROTO, "--max-time",
                    "1", "-H", "x-misbehave: " + mode, self.server.target,
                    "demo.Demo/Echo", REQUESTS["Echo"], timeout=20)
                self.assertFails(result, 64 + 4, "Deadline Exceeded")

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

    def test_bench_counts_a_call_with_no_response_as_failed(self):
        result = rpccli("bench", "--plaintext", "-p", DEMO_PROTO, "-n", "20",
                        "--report", "json", "--max-time", "10", "-H",
                        "x-misbehave: zero-messages", self.server.target,
                        "demo.Demo/Echo", REQUESTS["Echo"], timeout=60)
        report = json.loads(result.stdout)
        self.assertEqual((report["ok"], report["failed"]), (0, 20), report)

    def test_batch_numbers_each_violation(self):
        result = rpccli("call", "--batch", "--plaintext", "-p", DEMO_PROTO,
                        "--max-time", "10", "-H", "x-misbehave: two-messages",
                        self.server.target, "demo.Demo/Echo",
                        input='{"text": "a"}\n{"text": "b"}\n', timeout=60)
        self.assertNotEqual(result.returncode, 0)
        self.assertEqual(result.stdout, b"")
        self.assertEqual(result.stderr.decode().count(SECOND_RESPONSE), 2,
                         result.stderr)


if __name__ == "__main__":
    unittest.main()
