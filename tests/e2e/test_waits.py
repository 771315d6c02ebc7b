"""Inputs that may never end or never open: a FIFO nobody writes to, a
pipe that stays open. Each wait is bounded by --max-time or rpccli's
documented 10 s limit for files read whole, and says which."""

import os
import subprocess
import tempfile
import unittest

from harness import DEMO_PROTO, RPCCLI, SharedDemoServerTest, rpccli, timed


class WaitTest(SharedDemoServerTest):
    def setUp(self):
        self.scratch = tempfile.TemporaryDirectory()
        self.fifo = os.path.join(self.scratch.name, "fifo")
        os.mkfifo(self.fifo)

    def tearDown(self):
        self.scratch.cleanup()

    def test_a_closed_stdin_reads_as_empty(self):
        # gRPC's first eventfd took fd 0, which was read as the request.
        # A call takes it as no request (the empty message); a batch of no
        # requests makes no call.
        for command, out in ((["call"], b'"message":"Hello, world!"'),
                             (["call", "--batch"], b"")):
            with self.subTest(command=command):
                result = subprocess.run(
                    ["sh", "-c", 'exec "$@" <&-', "sh", RPCCLI, *command,
                     "--plaintext", "--compact", self.server.target,
                     "demo.Demo/Greet"],
                    capture_output=True, timeout=30)
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertIn(out, result.stdout)
                if not out:
                    self.assertEqual(result.stdout, b"")

    def test_a_request_from_a_fifo_nobody_writes_to_ends_at_max_time(self):
        for command in ["call", "bench"]:
            with self.subTest(command=command):
                result, seconds = timed(
                    rpccli, command, "--plaintext", "--max-time", "1",
                    self.target, "demo.Demo/Echo", "@" + self.fifo, timeout=30)
                self.assertEqual(result.returncode, 1, result.stderr)
                self.assertIn(self.fifo + ": the input did not end within 1 s "
                              "(--max-time)", result.stderr.decode())
                self.assertLess(seconds, 8)

    def test_a_request_that_ends_on_its_own_leaves_max_time_to_the_call(self):
        # An argument or a regular file is no wait: a --max-time spent
        # before the request is read (loading the schema) runs out in the
        # connection or the call, never as an input that "did not end".
        request = os.path.join(self.scratch.name, "request.json")
        with open(request, "w") as f:
            f.write('{"text": "x"}')
        for given in ['{"text": "x"}', "@" + request]:
            with self.subTest(request=given):
                result = rpccli("call", "--plaintext", "-p", DEMO_PROTO,
                                "--max-time", "0.000001", self.target,
                                "demo.Demo/Echo", given, timeout=30)
                said = result.stderr.decode()
                self.assertNotIn("did not end", said)
                if result.returncode == 1:
                    self.assertIn("no connection within 1e-06 s (--max-time)",
                                  said)
                else:
                    self.assertEqual(result.returncode, 68, said)
                    self.assertIn("Code: DeadlineExceeded", said)

    def test_bench_with_a_pipe_that_stays_open_ends_at_max_time(self):
        writer = subprocess.Popen(["sh", "-c", "echo '{}'; sleep 60"],
                                  stdout=subprocess.PIPE)
        try:
            result, seconds = timed(
                subprocess.run, [RPCCLI, "bench", "--plaintext", "--max-time",
                                 "1", "-n", "1", self.target, "demo.Demo/Echo"],
                stdin=writer.stdout, capture_output=True, timeout=30)
        finally:
            writer.kill()
            writer.wait()
            writer.stdout.close()
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertEqual(result.stderr.decode(),
                         "rpccli: error: <stdin>: the input did not end within "
                         "1 s (--max-time); bench reads every request before "
                         "its first call\n")
        self.assertLess(seconds, 8)

    def test_a_fifo_as_a_file_read_whole_waits_at_most_10_s(self):
        result, seconds = timed(
            rpccli, "call", "--plaintext", "-H", "@" + self.fifo, self.target,
            "demo.Demo/Echo", "{}", timeout=40)
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn(self.fifo + " (-H @FILE): did not end within 10 s "
                      "(rpccli's limit for a FIFO or device; is anything "
                      "writing to it?)", result.stderr.decode())
        self.assertLess(seconds, 20)

    def test_a_fifo_or_device_is_no_proto_file(self):
        for path, why in [(self.fifo, "is a FIFO, not a file (rpccli reads "
                                      ".proto files only from regular files)"),
                          ("/dev/zero", "is not a regular file (a device or "
                                        "socket)")]:
            with self.subTest(path=path):
                result, seconds = timed(rpccli, "list", "-p", path, timeout=30)
                self.assertEqual(result.returncode, 1)
                self.assertEqual(result.stderr.decode(),
                                 "rpccli: error: %s: %s\n" % (path, why))
                self.assertLess(seconds, 5)

    def test_a_fifo_with_a_writer_is_read(self):
        writer = subprocess.Popen(
            ["sh", "-c", "sleep 0.3; echo '{\"text\": \"fifo\"}' > " + self.fifo])
        try:
            result = rpccli("call", "--plaintext", "--compact", "--max-time",
                            "10", self.target, "demo.Demo/Echo",
                            "@" + self.fifo, timeout=30)
        finally:
            writer.wait(timeout=30)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, b'{"text":"fifo"}\n')


if __name__ == "__main__":
    unittest.main()
