"""Streaming calls through the built rpccli binary against the demo server:
long streams each way, interactive bidi, errors and cancellation."""

import json
import os
import pty
import re
import signal
import subprocess
import unittest

from harness import (DEMO_PROTO, RPCCLI, DemoServer, SharedDemoServerTest,
                     read_line, rpccli, running, timed)

STREAM_LENGTH = 100000



class StreamTest(unittest.TestCase):
    def setUp(self):
        self.server = DemoServer().__enter__()
        self.addCleanup(self.server.__exit__, None, None, None)

    def args(self, method, *extra):
        return ["call", "--plaintext", "-p", DEMO_PROTO, self.server.target,
                method, *extra]

    def call(self, method, *extra, input=None, timeout=60):
        return rpccli(*self.args(method, *extra), input=input, timeout=timeout)

    def start(self, method, *extra):
        return subprocess.Popen([RPCCLI, *self.args(method, *extra)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)

    def test_a_long_client_stream_from_a_pipe_arrives_whole(self):
        lines = "".join('{"value": %d}\n' % i for i in range(STREAM_LENGTH))
        result = self.call("Sum", "-v", input=lines)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout),
                         {"count": str(STREAM_LENGTH),
                          "total": str(STREAM_LENGTH * (STREAM_LENGTH - 1) // 2)})
        self.assertTrue(result.stderr.decode().endswith(
                         "Sent %d request(s) and received 1 response(s)\n"
                         % STREAM_LENGTH))
        self.assertEqual(self.server.wait_for_log("Sum:"),
                         "Sum: completed after %d messages" % STREAM_LENGTH)

    def test_concatenated_pretty_printed_requests_are_a_stream(self):
        result = self.call("Sum", input='{\n  "value": 1\n}{"value": 2}   {\n"value":3}')
        self.assertEqual(json.loads(result.stdout), {"count": "3", "total": "6"})

    def test_a_long_server_stream_is_printed_whole_and_in_order(self):
        result = self.call("Countdown", "--compact", '{"start": %d}' % STREAM_LENGTH)
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = result.stdout.decode().splitlines()
        self.assertEqual(len(lines), STREAM_LENGTH)
        self.assertEqual(lines[0], '{"remaining":%d}' % STREAM_LENGTH)
        for index, line in enumerate(lines):
            if line != '{"remaining":%d}' % (STREAM_LENGTH - index):
                self.fail("line %d is %r" % (index, line))

    def test_a_long_bidi_echo_does_not_deadlock(self):
        lines = "".join('{"seq": %d, "text": "m"}\n' % i for i in range(STREAM_LENGTH))
        result = self.call("Chat", "--compact", "-v", input=lines)
        self.assertEqual(result.returncode, 0, result.stderr)
        out = result.stdout.decode().splitlines()
        self.assertEqual(len(out), STREAM_LENGTH)
        self.assertEqual(out[-1], '{"seq":"%d","text":"echo: m"}' % (STREAM_LENGTH - 1))
        self.assertTrue(result.stderr.decode().endswith(
                         "Sent %d request(s) and received %d response(s)\n"
                         % (STREAM_LENGTH, STREAM_LENGTH)))

    def test_an_interactive_bidi_gets_each_answer_before_the_next_line(self):
        process = self.start("Chat", "--compact")
        try:
            for index in range(3):
                process.stdin.write(b'{"seq": %d, "text": "hello"}\n' % index)
                process.stdin.flush()
                answer = read_line(process.stdout)
                self.assertEqual(answer, '{"seq":"%d","text":"echo: hello"}\n'
                                 % index if index else
                                 '{"text":"echo: hello"}\n')
            process.stdin.close()
            self.assertEqual(process.wait(timeout=10), 0)
        finally:
            process.kill()
            process.wait()
            process.stdout.close()
            process.stderr.close()

    def test_a_server_error_after_some_responses_prints_them_then_the_status(self):
        result = self.call("Countdown", "--compact",
                           '{"start": 10, "failAfter": 4, "failCode": 8}')
        self.assertEqual(result.returncode, 64 + 8)
        self.assertEqual(result.stdout.decode(), "".join(
            '{"remaining":%d}\n' % n for n in [10, 9, 8, 7]))
        self.assertEqual(result.stderr.decode(),
                         "ERROR:\n  Code: ResourceExhausted\n"
                         "  Message: failed after 4 ticks\n")

    def test_max_responses_ends_a_stream_that_would_not_end(self):
        # A million ticks 10 ms apart: hours, unless cut short.
        endless = '{"start": 1000000, "interval": "0.01s"}'
        result = self.call("Countdown", "--compact", "--max-responses", "2",
                           "-v", endless, timeout=20)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.decode(),
                         '{"remaining":1000000}\n{"remaining":999999}\n')
        self.assertIn("rpccli ended the stream after 2 response(s) "
                      "(--max-responses)\n", result.stderr.decode())
        self.assertTrue(self.server.wait_for_log("Countdown:").startswith(
            "Countdown: cancelled"))
        # A stream that ends first ends as it would have.
        short = self.call("Countdown", "--compact", "--max-responses", "5",
                          '{"start": 2}')
        self.assertEqual((short.returncode, short.stdout, short.stderr),
                         (0, b'{"remaining":2}\n{"remaining":1}\n', b""))
        events = self.call("Countdown", "--events", "--max-responses", "1",
                           endless, timeout=20)
        self.assertEqual(events.returncode, 0, events.stderr)
        status = json.loads(events.stdout.decode().splitlines()[-1])
        self.assertEqual((status["event"], status["code_name"]),
                         ("status", "Canceled"))
        batch = self.call("Countdown", "--batch", "--compact",
                          "--max-responses", "1",
                          input=endless + "\n" + endless + "\n", timeout=20)
        self.assertEqual((batch.returncode, batch.stdout, batch.stderr),
                         (0, b'{"remaining":1000000}\n' * 2, b""))
        said = self.call("Countdown", "--batch", "--compact", "-v",
                         "--max-responses", "1", input=endless + "\n",
                         timeout=20)
        self.assertIn("request 1: rpccli ended the stream after 1 response(s) "
                      "(--max-responses)\n", said.stderr.decode())
        for bad in ["0", "-1", "x"]:
            usage = self.call("Countdown", "--max-responses", bad, endless)
            self.assertEqual((usage.returncode, usage.stdout), (2, b""))

    def test_a_bad_message_mid_stream_cancels_the_call(self):
        # rpccli reads ahead of the wire by at most 1,024 requests waiting,
        # 1,024 taken for sending and one write in flight; so when message
        # 3,002 is read, at least 3,001 - 2,049 = 952 writes have completed.
        good = "".join('{"value": 1}\n' for _ in range(3000))
        result = self.call("Sum", input=good + '{"value": 1}\n  {"value": "x"}\n'
                           + good)
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stdout, b"")
        stderr = result.stderr.decode()
        self.assertTrue(stderr.startswith(
            'rpccli: error: <stdin>:3002:13: message 3002: field "value": "x" '
            "is not a valid int64; "), stderr)
        self.assertIn("earlier request(s) were sent, and the call was "
                      "cancelled\n", stderr)
        sent = re.fullmatch(r".*; up to (\d+) earlier request\(s\) were sent, and "
                            r"the call was cancelled\n", stderr)
        self.assertIsNotNone(sent, stderr)
        self.assertTrue(952 <= int(sent.group(1)) <= 3001, stderr)
        saw = self.server.wait_for_log("Sum:")
        self.assertIsNotNone(saw)
        self.assertTrue(saw.startswith("Sum: cancelled after "), saw)

    def test_malformed_json_mid_stream_names_its_position(self):
        result = self.call("Chat", input='{"text": "a"}\n{"text": "b",,}\n')
        self.assertEqual(result.returncode, 1)
        error = ("rpccli: error: <stdin>:2:14: message 2: expected a field "
                 "name in double quotes, found ','")
        # Whether message 1 was on the wire by then is a race between
        # threads; what is said must match it either way.
        self.assertIn(result.stderr.decode().splitlines()[-1],
                      [error, error + "; up to 1 earlier request(s) were "
                                      "sent, and the call was cancelled"])

    def test_a_single_request_method_takes_one_message(self):
        result = self.call("Countdown", input='{"start": 1}\n{"start": 2}\n')
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stderr.decode(),
                         "rpccli: error: <stdin>:2:1: message 2: demo.Demo.Countdown "
                         "is server-streaming and takes exactly one request message\n")

    def test_an_empty_client_stream_sends_nothing(self):
        result = self.call("Sum", "-v", input="")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout), {})
        self.assertTrue(result.stderr.decode().endswith(
                        "Sent 0 request(s) and received 1 response(s)\n"))

    def test_sigint_cancels_the_call_and_exits_130(self):
        process = self.start("Countdown", "--compact",
                             '{"start": 100000, "interval": "0.02s"}')
        try:
            self.assertEqual(read_line(process.stdout), '{"remaining":100000}\n')
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
            process.stdin.close()
            process.stdout.close()
            process.stderr.close()
        saw = self.server.wait_for_log("Countdown:")
        self.assertIsNotNone(saw)
        self.assertTrue(saw.startswith("Countdown: cancelled after "), saw)

    def test_a_sigint_the_parent_ignores_stays_ignored(self):
        # As `trap '' INT` or a shell's background job leaves it.
        with running(
                self.args("Countdown", "--compact",
                          '{"start": 3, "interval": "0.3s"}'),
                stdin=subprocess.DEVNULL,
                preexec_fn=lambda: signal.signal(signal.SIGINT,
                                                 signal.SIG_IGN)) as process:
            self.assertEqual(read_line(process.stdout), '{"remaining":3}\n')
            process.send_signal(signal.SIGINT)
            self.assertEqual(process.wait(timeout=10), 0)
            self.assertEqual(process.stdout.read(),
                             b'{"remaining":2}\n{"remaining":1}\n')
            self.assertEqual(process.stderr.read(), b"")

    def test_sigint_while_waiting_for_interactive_input(self):
        process = self.start("Chat", "@-")
        try:
            process.stdin.write(b'{"text": "hi"}\n')
            process.stdin.flush()
            self.assertEqual(read_line(process.stdout), "{\n")
            process.send_signal(signal.SIGINT)
            self.assertEqual(process.wait(timeout=10), 130)
        finally:
            process.kill()
            process.wait()
            process.stdin.close()
            process.stdout.close()
            process.stderr.close()

    def test_stdout_closed_early_ends_quietly(self):
        # As `rpccli call ... | head -1`.
        # Ticks 10 ms apart: the stream outlasts the test, so the server
        # cannot have finished it when stdout closes.
        process = self.start("Countdown", "--compact",
                             '{"start": %d, "interval": "0.01s"}'
                             % STREAM_LENGTH)
        try:
            self.assertEqual(read_line(process.stdout), '{"remaining":%d}\n'
                             % STREAM_LENGTH)
            process.stdout.close()
            self.assertEqual(process.wait(timeout=10), 141)
            self.assertEqual(process.stderr.read(), b"")
            # The server hears of it: the call is cancelled, not left to run.
            saw = self.server.wait_for_log("Countdown:")
            self.assertTrue(saw and saw.startswith("Countdown: cancelled"), saw)
        finally:
            process.kill()
            process.wait()
            process.stdin.close()
            process.stderr.close()


class TerminalTest(SharedDemoServerTest):
    """stdin a terminal and no request given: a stream's requests are
    typed in; a single request is the empty message, without waiting."""

    def start(self, method):
        master, slave = pty.openpty()
        self.addCleanup(os.close, master)
        process = subprocess.Popen(
            [RPCCLI, "call", "--plaintext", "--compact", self.target, method],
            stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        os.close(slave)
        self.addCleanup(process.kill)
        return master, process

    def test_a_bidi_stream_is_typed_in_and_ended_by_ctrl_d(self):
        terminal, process = self.start("demo.Demo/Chat")
        os.write(terminal, b'{"text": "one"}\n')
        # Each request is answered as it is typed, not at the end.
        self.assertEqual(read_line(process.stdout), '{"text":"echo: one"}\n')
        os.write(terminal, b'{"text": "two"}\n')
        self.assertEqual(read_line(process.stdout), '{"text":"echo: two"}\n')
        os.write(terminal, b"\x04")
        out, err = process.communicate(timeout=10)
        self.assertEqual((process.returncode, out), (0, b""), err)
        self.assertEqual(err.decode(),
                         "rpccli: type the requests of demo.Demo.Chat, one "
                         "JSON object each; Ctrl-D ends the stream\n")

    def test_a_unary_call_sends_the_empty_message_at_once(self):
        _, process = self.start("demo.Demo/Greet")
        out, err = process.communicate(timeout=10)
        self.assertEqual(process.returncode, 0, err)
        self.assertEqual(json.loads(out)["message"], "Hello, world!")
        self.assertEqual(err, b"")


if __name__ == "__main__":
    unittest.main()
