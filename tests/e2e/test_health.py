"""rpccli health: the standard health check against the C++ demo server
(gRPC's own health service) and a Python server that has none."""

import signal
import subprocess
import time
import unittest

from harness import (RPCCLI, DemoServer, RawServer, closed_port, read_line,
                     rpccli)


class HealthTest(unittest.TestCase):
    def setUp(self):
        # A server of its own per test: one flips demo.Demo's status.
        self.server = DemoServer().__enter__()
        self.addCleanup(self.server.__exit__, None, None, None)

    def health(self, *args):
        return rpccli("health", "--plaintext", self.server.target, *args)

    def flip(self, expected):
        """SIGUSR1 turns demo.Demo's status over; waits for the server to
        say it did."""
        before = len(self.server.log())
        self.server.process.send_signal(signal.SIGUSR1)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if "health: demo.Demo " + expected in self.server.log()[before:]:
                return
            time.sleep(0.02)
        self.fail("the server did not turn demo.Demo " + expected)

    def test_the_whole_server_and_a_service_are_serving(self):
        for args in [(), ("demo.Demo",)]:
            result = self.health(*args)
            self.assertEqual((result.returncode, result.stdout, result.stderr),
                             (0, b"SERVING\n", b""), args)

    def test_not_serving_exits_3(self):
        self.flip("NOT_SERVING")
        result = self.health("demo.Demo")
        self.assertEqual((result.returncode, result.stdout, result.stderr),
                         (3, b"NOT_SERVING\n", b""))

    def test_a_service_the_server_does_not_know_exits_4(self):
        result = self.health("no.Such")
        self.assertEqual((result.returncode, result.stdout, result.stderr),
                         (4, b"SERVICE_UNKNOWN\n", b""))

    def test_watch_prints_each_change_until_ctrl_c(self):
        process = subprocess.Popen(
            [RPCCLI, "health", "--watch", "--plaintext", self.server.target,
             "demo.Demo"],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE)
        try:
            self.assertEqual(read_line(process.stdout), "SERVING\n")
            self.flip("NOT_SERVING")
            self.assertEqual(read_line(process.stdout), "NOT_SERVING\n")
            self.flip("SERVING")
            self.assertEqual(read_line(process.stdout), "SERVING\n")
            process.send_signal(signal.SIGINT)
            self.assertEqual(process.wait(timeout=10), 130)
            self.assertEqual(process.stderr.read().decode(),
                             "rpccli: error: interrupted by SIGINT; stopped "
                             "watching\n")
        finally:
            process.kill()
            process.wait()
            process.stdout.close()
            process.stderr.close()

    def test_watch_ended_by_max_time_exits_by_the_last_status(self):
        self.flip("NOT_SERVING")
        result = self.health("--watch", "--max-time", "0.5", "demo.Demo")
        self.assertEqual((result.returncode, result.stdout, result.stderr),
                         (3, b"NOT_SERVING\n", b""))

    def test_an_unreachable_server_exits_1(self):
        result = rpccli("health", "--plaintext", "127.0.0.1:%d" % closed_port())
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stdout, b"")
        self.assertIn("cannot connect: Connection refused",
                      result.stderr.decode())


class NoHealthServiceTest(unittest.TestCase):
    def test_a_server_without_the_health_service_exits_76(self):
        # python3-grpcio serving only demo.Demo/Echo.
        with RawServer("") as server:
            result = rpccli("health", "--plaintext", server.target)
        self.assertEqual(result.returncode, 76)
        self.assertEqual(result.stdout, b"")
        self.assertEqual(
            result.stderr.decode(),
            "rpccli: error: %s has no health service (grpc.health.v1.Health): "
            "Unimplemented\n" % server.target)


if __name__ == "__main__":
    unittest.main()
