"""Faults: servers that die, stall, refuse or go away in the middle of a
call. Each ends with a clear message and the documented exit code, every
response received before the fault printed, and within a bounded time."""

import signal
import subprocess
import unittest

from harness import (DEMO_PROTO, RPCCLI, DemoServer, read_line, rpccli,
                     timed)

UNAVAILABLE = 64 + 14



class Call:
    """rpccli call running in the background, with pipes to talk to it."""

    def __init__(self, target, method, *extra, stdin=subprocess.PIPE):
        self.process = subprocess.Popen(
            [RPCCLI, "call", "--plaintext", "-p", DEMO_PROTO, "--compact",
             target, method, *extra],
            stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def send(self, *lines):
        self.process.stdin.write("".join(line + "\n" for line in lines).encode())
        self.process.stdin.flush()

    def finish(self, timeout=10):
        """(exit code, stdout, stderr, seconds) once the process has ended."""
        code, seconds = timed(self.process.wait, timeout=timeout)
        return (code, self.process.stdout.read().decode(),
                self.process.stderr.read().decode(), seconds)

    def close(self):
        self.process.kill()
        self.process.wait()
        for pipe in [self.process.stdin, self.process.stdout, self.process.stderr]:
            if pipe:
                pipe.close()


class ServerKilledTest(unittest.TestCase):
    """The server process is killed (SIGKILL) while a stream is open; stdin
    stays open, so rpccli has to notice the loss itself."""

    def setUp(self):
        self.server = DemoServer().__enter__()
        self.addCleanup(self.server.__exit__, None, None, None)

    def start(self, method, *extra):
        call = Call(self.server.target, method, *extra)
        self.addCleanup(call.close)
        return call

    def kill_server(self):
        self.server.process.kill()
        self.server.process.wait()

    def assertUnavailable(self, code, stderr, seconds):
        self.assertEqual(code, UNAVAILABLE, stderr)
        self.assertTrue(stderr.startswith("ERROR:\n  Code: Unavailable\n"), stderr)
        self.assertLess(seconds, 5)

    def test_in_a_server_stream(self):
        call = self.start("Countdown", '{"start": 1000, "interval": "0.05s"}')
        self.assertEqual(read_line(call.process.stdout), '{"remaining":1000}\n')
        self.kill_server()
        code, stdout, stderr, seconds = call.finish()
        self.assertUnavailable(code, stderr, seconds)
        # Whatever came before the fault was printed, in order, whole.
        ticks = stdout.splitlines()
        self.assertEqual(ticks, ['{"remaining":%d}' % n
                                 for n in range(999, 999 - len(ticks), -1)])

    def test_in_a_client_stream(self):
        call = self.start("Sum")
        call.send(*['{"value": %d}' % n for n in range(100)])
        # The call has reached the server (a TCP connection alone may still
        # be in gRPC's handshake).
        self.assertIsNotNone(self.server.wait_for_log("started: Sum"))
        self.kill_server()
        code, stdout, stderr, seconds = call.finish()
        self.assertUnavailable(code, stderr, seconds)
        self.assertEqual(stdout, "")

    def test_in_a_bidi_stream(self):
        call = self.start("Chat")
        call.send('{"seq": 1, "text": "hi"}')
        self.assertEqual(read_line(call.process.stdout),
                         '{"seq":"1","text":"echo: hi"}\n')
        self.kill_server()
        code, stdout, stderr, seconds = call.finish()
        self.assertUnavailable(code, stderr, seconds)


class ServerErrorMidStreamTest(unittest.TestCase):
    def test_an_error_ends_an_endless_client_stream(self):
        # 1000 numbers, a negative one the server rejects, then numbers
        # without end: rpccli must stop reading and report the status.
        with DemoServer() as server:
            feeder = subprocess.Popen(
                ["sh", "-c", "seq -f '{\"value\": %g}' 1 1000; "
                 "echo '{\"value\": -1}'; yes '{\"value\": 1}'"],
                stdout=subprocess.PIPE)
            call = Call(server.target, "Sum", stdin=feeder.stdout)
            feeder.stdout.close()  # rpccli holds the read end now
            try:
                code, stdout, stderr, seconds = call.finish(timeout=20)
            finally:
                call.close()
                feeder.kill()
                feeder.wait()
            self.assertEqual(code, 64 + 3, stderr)
            self.assertEqual(stdout, "")
            self.assertEqual(stderr, "ERROR:\n  Code: InvalidArgument\n"
                             "  Message: message 1001 is negative\n")
            self.assertEqual(server.wait_for_log("Sum:"),
                             "Sum: rejected message 1001")


class GracefulShutdownTest(unittest.TestCase):
    def test_a_server_going_away_mid_stream(self):
        # The demo server's SIGTERM shuts down with a 2 s grace period: it
        # sends GOAWAY, lets the call run on, then cancels it.
        with DemoServer() as server:
            call = Call(server.target, "Countdown",
                        '{"start": 1000, "interval": "0.05s"}')
            try:
                self.assertEqual(read_line(call.process.stdout),
                                 '{"remaining":1000}\n')
                server.process.send_signal(signal.SIGTERM)
                code, stdout, stderr, seconds = call.finish()
            finally:
                call.close()
        self.assertEqual(code, UNAVAILABLE, stderr)
        self.assertTrue(stderr.startswith("ERROR:\n  Code: Unavailable\n"), stderr)
        self.assertLess(seconds, 8)
        # The grace period's ticks arrived and were printed.
        self.assertGreater(len(stdout.splitlines()), 10)


class StallTest(unittest.TestCase):
    # A server that accepts TCP but never speaks HTTP/2 is in test_call.py
    # (test_a_server_that_never_answers_hits_the_connect_timeout).

    def test_a_server_that_never_answers_meets_max_time(self):
        # The only tick would come in an hour.
        with DemoServer() as server:
            result, seconds = timed(rpccli, "call", "--plaintext", "-p",
                                    DEMO_PROTO, "--max-time", "1",
                                    server.target, "Countdown",
                                    '{"start": 1, "interval": "3600s"}')
        self.assertEqual(result.returncode, 64 + 4)
        self.assertEqual(result.stdout, b"")
        self.assertEqual(result.stderr.decode(), "ERROR:\n  Code: "
                         "DeadlineExceeded\n  Message: Deadline Exceeded\n")
        self.assertLess(seconds, 5)


class StopSignalTest(unittest.TestCase):
    def test_sigterm_cancels_the_call_and_exits_143(self):
        with DemoServer() as server:
            call = Call(server.target, "Countdown",
                        '{"start": 1000, "interval": "0.05s"}')
            try:
                self.assertEqual(read_line(call.process.stdout),
                                 '{"remaining":1000}\n')
                call.process.send_signal(signal.SIGTERM)
                code, _, stderr, seconds = call.finish()
            finally:
                call.close()
            self.assertEqual(code, 128 + signal.SIGTERM)
            self.assertEqual(stderr, "rpccli: error: interrupted by SIGTERM; "
                             "the call was cancelled\n")
            self.assertLess(seconds, 5)
            saw = server.wait_for_log("Countdown:")
            self.assertTrue(saw and saw.startswith("Countdown: cancelled"), saw)


if __name__ == "__main__":
    unittest.main()
