"""call --batch: each input message a call of its own on one connection,
printed in input order whatever order the calls end in."""

import json
import subprocess
import unittest

from harness import (DEMO_PROTO, RPCCLI, SharedDemoServerTest, closed_port,
                     rpccli, silent_port, timed)


class BatchTest(SharedDemoServerTest):
    def batch(self, method, *args, input=""):
        return rpccli("call", "--batch", "--plaintext", "-p", DEMO_PROTO,
                      self.server.target, method, *args, input=input)

    def test_many_unary_calls_print_in_input_order(self):
        names = ["n%d" % i for i in range(300)]
        result = self.batch("Greet", "--compact", "-c", "8",
                            input="".join('{"name": "%s"}\n' % n for n in names))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stderr, b"")
        replies = [json.loads(line)["message"]
                   for line in result.stdout.decode().splitlines()]
        self.assertEqual(replies, ["Hello, %s!" % n for n in names])

    def test_no_input_makes_no_call_and_says_so(self):
        for empty in ["", " \n\n"]:
            result = self.batch("Greet", input=empty)
            self.assertEqual((result.returncode, result.stdout), (0, b""))
            self.assertEqual(result.stderr.decode(),
                             "rpccli: warning: --batch read no requests, so "
                             "no call was made\n")

    def test_calls_that_end_out_of_order_still_print_in_order(self):
        # The first call takes 3 s; the seven after it count down from 2
        # to 8, a tick every 0.15 s, so that each line says which call it
        # came from. One after another they would take 8.25 s; eight at
        # once, about 3 s, with the first ending last. The bound between
        # leaves room either way for a slow machine under ASan.
        requests = ['{"start": 1, "interval": "3s"}'] + [
            '{"start": %d, "interval": "0.15s"}' % n for n in range(2, 9)]
        result, seconds = timed(self.batch, "Countdown", "--compact", "-c", "8",
                                input="\n".join(requests))
        self.assertEqual(result.returncode, 0, result.stderr)
        expected = ['{"remaining":1}']
        for start in range(2, 9):
            expected += ['{"remaining":%d}' % r for r in range(start, 0, -1)]
        self.assertEqual(result.stdout.decode().splitlines(), expected)
        self.assertLess(seconds, 6)

    def test_a_failed_call_is_numbered_and_the_batch_goes_on(self):
        requests = [
            '{"start": 1}',
            '{"start": 3, "failAfter": 1, "failCode": 5}',
            '{"start": 2}',
            '{"start": 2, "failAfter": 1, "failCode": 9}',
        ]
        result = self.batch("Countdown", "--compact", "-c", "4", "-v",
                            input="\n".join(requests))
        # The first failure in input order sets the exit code.
        self.assertEqual(result.returncode, 64 + 5)
        self.assertEqual(result.stdout.decode().splitlines(), [
            '{"remaining":1}', '{"remaining":3}', '{"remaining":2}',
            '{"remaining":1}', '{"remaining":2}'])
        self.assertEqual(result.stderr.decode(), (
            "request 1: Sent 1 request(s) and received 1 response(s)\n"
            "request 2: ERROR:\n"
            "  Code: NotFound\n"
            "  Message: failed after 1 ticks\n"
            "request 2: Sent 1 request(s) and received 1 response(s)\n"
            "request 3: Sent 1 request(s) and received 2 response(s)\n"
            "request 4: ERROR:\n"
            "  Code: FailedPrecondition\n"
            "  Message: failed after 1 ticks\n"
            "request 4: Sent 1 request(s) and received 1 response(s)\n"
            "Made 4 call(s): 2 OK, 2 failed\n"))

    def test_a_failed_streams_responses_come_before_its_error(self):
        # Read as one (2>&1), what a call printed must come before what is
        # said of it, however the calls overlap.
        requests = ('{"start": 2}\n{"start": 3, "failAfter": 1, "failCode": '
                    '9}\n{"start": 1}\n')
        for concurrency in ["1", "3"]:
            with self.subTest(concurrency=concurrency):
                result = subprocess.run(
                    [RPCCLI, "call", "--batch", "--compact", "-c",
                     concurrency, "--plaintext", "-p", DEMO_PROTO,
                     self.server.target, "Countdown"],
                    input=requests.encode(), stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT, timeout=30)
                self.assertEqual(result.returncode, 64 + 9)
                self.assertEqual(result.stdout.decode(),
                                 '{"remaining":2}\n{"remaining":1}\n'
                                 '{"remaining":3}\nrequest 2: ERROR:\n'
                                 "  Code: FailedPrecondition\n"
                                 "  Message: failed after 1 ticks\n"
                                 '{"remaining":1}\n')

    def test_a_json_status_carries_the_request_number(self):
        result = self.batch("Fail", "--format-error", "json",
                            input='{"code": 5, "message": "gone"}')
        self.assertEqual(result.returncode, 69)
        status = json.loads(result.stderr)
        self.assertEqual(status["request"], 1)
        self.assertEqual(status["name"], "NotFound")
        self.assertEqual(status["message"], "gone")

    def test_a_bad_message_mid_batch_stops_it_after_the_calls_before(self):
        result = self.batch(
            "Greet", "--compact",
            input='{"name": "a"}\n{"name": "b"}\n{"nam": "c"}\n{"name": "d"}\n')
        self.assertEqual(result.returncode, 1)
        self.assertEqual([json.loads(line)["message"]
                          for line in result.stdout.decode().splitlines()],
                         ["Hello, a!", "Hello, b!"])
        self.assertEqual(
            result.stderr.decode(),
            'rpccli: error: <stdin>:3:2: message 3: unknown field "nam" in '
            'demo.GreetRequest; did you mean "name"? (--allow-unknown-fields '
            'skips it)\n')

    def test_an_earlier_failed_call_wins_over_a_later_bad_message(self):
        result = self.batch("Fail", input='{"code": 7}\n{"code": "x"}\n')
        self.assertEqual(result.returncode, 64 + 7)
        self.assertIn("request 1: ERROR:\n  Code: PermissionDenied",
                      result.stderr.decode())
        self.assertIn('<stdin>:2:10: message 2: field "code": "x" is not a '
                      'valid int32', result.stderr.decode())

    def test_text_format_separates_the_calls_responses(self):
        result = self.batch("Countdown", "--format", "text", "-c", "2",
                            input="start: 2\n\x1estart: 1\n")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.decode(),
                         "remaining: 2\n\x1eremaining: 1\n\x1eremaining: 1\n")

    def test_streaming_requests_refuse_batch(self):
        for method, message in [
                ("Sum", "rpccli: error: call --batch: demo.Demo.Sum is "
                        "client-streaming, and its input is one stream; "
                        "--batch takes unary and server-streaming methods\n"),
                ("Chat", "rpccli: error: call --batch: demo.Demo.Chat is "
                         "bidi-streaming, and its input is one stream; "
                         "--batch takes unary and server-streaming methods\n")]:
            result = self.batch(method, input="{}")
            self.assertEqual(result.returncode, 2)
            self.assertEqual(result.stderr.decode(), message)

    def test_concurrency_without_batch_is_a_usage_error(self):
        result = rpccli("call", "-c", "4", "--plaintext", "-p", DEMO_PROTO,
                        self.server.target, "Greet")
        self.assertEqual(result.returncode, 2)
        self.assertIn("--concurrency goes with --batch", result.stderr.decode())

    def test_an_unreachable_server_is_one_error(self):
        result = rpccli("call", "--batch", "--plaintext", "-p", DEMO_PROTO,
                        "127.0.0.1:%d" % closed_port(), "Greet",
                        input='{}\n{}\n')
        self.assertEqual(result.returncode, 1)
        self.assertEqual(len(result.stderr.decode().splitlines()), 1)
        self.assertIn("cannot connect: Connection refused",
                      result.stderr.decode())

    def test_max_time_is_each_calls_and_not_the_connections(self):
        # --max-time 0.5 bounds each call; the connection, made once before
        # them, is waited for as --connect-timeout says.
        with silent_port() as port:
            result, seconds = timed(
                rpccli, "call", "--batch", "--plaintext", "-p", DEMO_PROTO,
                "--max-time", "0.5", "--connect-timeout", "1.5",
                "127.0.0.1:%d" % port, "Greet", input="{}\n")
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stderr.decode(),
                         "rpccli: error: 127.0.0.1:%d: no connection within "
                         "1.5 s (--connect-timeout)\n" % port)
        self.assertGreaterEqual(seconds, 1.4)


if __name__ == "__main__":
    unittest.main()
