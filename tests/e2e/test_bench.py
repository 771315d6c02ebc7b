"""rpccli bench: the same call many times against the demo server, and
the report of what happened."""

import http.server
import json
import os
import pty
import select
import signal
import subprocess
import threading
import time
import unittest

from harness import (DEMO_PROTO, RPCCLI, DemoServer, RawServer,
                     SharedDemoServerTest,
                     closed_port, rpccli, timed)

LATENCY_KEYS = ["min", "mean", "stddev", "p50", "p90", "p95", "p99", "p999",
                "max"]


class BenchTest(SharedDemoServerTest):
    def arguments(self, method, *args):
        return ["bench", "--plaintext", "-p", DEMO_PROTO, self.server.target,
                method, *args]

    def bench(self, method, *args, input=None):
        return rpccli(*self.arguments(method, *args), input=input)

    def report(self, method, *args, input=None):
        result = self.bench(method, "--report", "json", *args, input=input)
        self.assertEqual(len(result.stdout.splitlines()), 1, result.stdout)
        return result, json.loads(result.stdout)

    def assertAddsUp(self, report):
        self.assertEqual(report["ok"] + report["failed"], report["requests"])
        self.assertEqual(sum(report["status_counts"].values()),
                         report["requests"])
        self.assertEqual(sum(bar["count"] for bar in report["histogram"]),
                         report["requests"])
        latency = report["latency_ms"]
        self.assertEqual(list(latency), LATENCY_KEYS)
        ordered = [latency[k] for k in ["min", "p50", "p90", "p95", "p99",
                                        "p999", "max"]]
        self.assertEqual(ordered, sorted(ordered))
        self.assertLessEqual(latency["min"], latency["mean"])
        self.assertLessEqual(latency["mean"], latency["max"])

    def test_exactly_n_requests_are_made(self):
        result, report = self.report("Greet", "-n", "57", "-c", "5",
                                     '{"name": "x"}')
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stderr, b"")
        self.assertEqual(report["requests"], 57)
        self.assertEqual(report["ok"], 57)
        self.assertEqual(report["failed"], 0)
        self.assertEqual(report["cancelled"], 0)
        self.assertEqual(report["status_counts"], {"OK": 57})
        self.assertEqual(report["errors"], {})
        self.assertEqual(report["concurrency"], 5)
        self.assertEqual(report["connections"], 1)
        self.assertGreater(report["rps"], 0)
        self.assertGreater(report["latency_ms"]["min"], 0)
        self.assertNotIn("messages", report)  # unary: no message rates
        self.assertAddsUp(report)

    def test_the_default_is_200_requests_and_a_text_report(self):
        result = self.bench("Greet")
        self.assertEqual(result.returncode, 0, result.stderr)
        text = result.stdout.decode()
        self.assertIn("  Requests:     200 (200 OK, 0 failed)\n", text)
        self.assertIn("  Concurrency:  10 on 1 connection(s)\n", text)
        for heading in ["Latency percentiles:", "Latency histogram:",
                        "Status codes:", "  p99.9 ", "  Std dev: "]:
            self.assertIn(heading, text)
        self.assertIn("  OK                   200\n", text)

    def test_ok_and_failing_calls_are_counted_per_status(self):
        # Taken in turn: two that succeed, one that ends with NotFound.
        messages = ('{"start": 1}\n{"start": 2}\n'
                    '{"start": 2, "failAfter": 1, "failCode": 5, '
                    '"interval": "0s"}\n')
        result, report = self.report("Countdown", "-n", "30", "-c", "3",
                                     input=messages)
        # Exit: 64 + the most frequent failure's code.
        self.assertEqual(result.returncode, 64 + 5)
        self.assertEqual(report["status_counts"], {"OK": 20, "NotFound": 10})
        self.assertEqual(report["errors"], {"NotFound": "failed after 1 ticks"})
        self.assertEqual((report["ok"], report["failed"]), (20, 10))
        # Server streaming: 1, 2 and 1 responses, and one request a call.
        self.assertEqual(report["messages"]["received"], 40)
        self.assertEqual(report["messages"]["sent"], 30)
        self.assertAddsUp(report)

    def test_the_text_report_names_each_status_with_its_first_message(self):
        result = self.bench("Fail", "-n", "4", '{"code": 9, "message": "no"}')
        self.assertEqual(result.returncode, 64 + 9)
        text = result.stdout.decode()
        self.assertIn("  Requests:     4 (0 OK, 4 failed)\n", text)
        self.assertIn("  FailedPrecondition   4\n    first: no\n", text)

    def test_a_client_stream_is_replayed_for_every_call(self):
        result, report = self.report("Sum", "-n", "12", "-c", "4",
                                     input='{"value": 1}\n{"value": 2}\n{"value": 3}\n')
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(report["messages"]["sent"], 36)
        self.assertEqual(report["messages"]["received"], 12)
        completed = [line for line in self.server.log()
                     if line == "Sum: completed after 3 messages"]
        self.assertGreaterEqual(len(completed), 12)

    def test_duration_stops_starting_calls_and_cancels_the_rest(self):
        # Each call takes 0.3 s; in 1.5 s, four slots make about 20.
        result, seconds = timed(
            self.report, "Countdown", "--duration", "1.5", "-c", "4",
            '{"start": 1, "interval": "0.3s"}')
        result, report = result
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertGreaterEqual(seconds, 1.5)
        self.assertLess(seconds, 6)
        self.assertGreaterEqual(report["duration_s"], 1.5)
        self.assertLess(report["duration_s"], 3)
        self.assertGreaterEqual(report["requests"], 4)
        self.assertLessEqual(report["requests"], 24)
        # The calls in flight at the end are cancelled, not counted.
        self.assertLessEqual(report["cancelled"], 4)
        self.assertEqual(report["failed"], 0)
        self.assertAddsUp(report)

    def test_a_run_that_finished_no_call_is_an_error(self):
        # Over before a call could end: the report of nothing is printed,
        # but a script must not read it as a fast service without errors.
        # The second call, a second long, is cut short by the end.
        runs = [(["Greet", "--duration", "1e-300"],
                 "no call finished within --duration 1e-300 s: "
                 "nothing measured"),
                (["Countdown", "--duration", "0.2", "-c", "1",
                  '{"start": 1, "interval": "1s"}'],
                 "no call finished within --duration 0.2 s (1 cut short by "
                 "its end): nothing measured")]
        for args, error in runs:
            result, report = self.report(*args)
            self.assertEqual(result.returncode, 1, result.stderr)
            self.assertEqual(report["ok"] + report["failed"], 0)
            self.assertEqual(result.stderr.decode(),
                             "rpccli: error: " + error + "\n")

    def test_rps_spreads_the_calls_over_time(self):
        # 20 calls at 20 a second: the last is due at 0.95 s.
        result, report = self.report("Greet", "--rps", "20", "-n", "20",
                                     "-c", "4")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(report["requests"], 20)
        self.assertEqual(report["target_rps"], 20)
        self.assertGreaterEqual(report["duration_s"], 0.95)
        self.assertLess(report["duration_s"], 5)

    def test_a_schedule_with_a_duration_is_measured_over_the_duration(self):
        # One call due in the second (the next at 1000 s): the run is the
        # second, so the rate is 1/s, not one call over its own 2 ms.
        result, report = self.report("Greet", "--rps", "0.001",
                                     "--duration", "1", "-n", "5")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(report["requests"], 1)
        self.assertGreaterEqual(report["duration_s"], 1)
        self.assertLess(report["duration_s"], 5)
        self.assertLessEqual(report["rps"], 1)

    def test_a_stalled_server_shows_in_open_loop_latency(self):
        # With one slot and calls of 0.2 s due every 0.05 s, each call
        # waits for the one before: timed from when it was due, the last of
        # ten waited about 1.5 s, which a closed loop would hide.
        result, report = self.report(
            "Countdown", "--rps", "20", "-n", "10", "-c", "1",
            '{"start": 1, "interval": "0.2s"}')
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertGreater(report["latency_ms"]["max"], 1000)
        self.assertLess(report["latency_ms"]["min"], 1000)

    def test_warmup_calls_are_left_out(self):
        result, report = self.report("Greet", "--warmup", "30", "-n", "10")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(report["requests"], 10)

    def test_calls_spread_over_several_connections(self):
        # A server that logs each call's peer: three client ports.
        with RawServer("") as server:
            result = rpccli("bench", "--plaintext", "-p", DEMO_PROTO,
                            "--connections", "3", "-c", "6", "-n", "30",
                            "--report", "json", server.target, "Echo")
            self.assertEqual(result.returncode, 0, result.stderr)
            report = json.loads(result.stdout)
            self.assertEqual((report["requests"], report["connections"]),
                             (30, 3))
            peers = [line for line in server.log() if line.startswith("peer ")]
            self.assertEqual(len(peers), 30)
            self.assertEqual(len(set(peers)), 3, set(peers))

    def test_a_server_draining_its_connections_fails_no_call(self):
        # Servers behind load balancers end each connection after an age
        # with a graceful GOAWAY: the calls go on over a new one, none
        # lost, in bench and --batch alike.
        with DemoServer("--max-connection-age-ms", "50") as server:
            common = ["--plaintext", "-p", DEMO_PROTO, server.target, "Greet"]
            # gRPC's trace says when a connection was told to go away.
            traced = {"GRPC_TRACE": "subchannel", "GRPC_VERBOSITY": "debug"}
            result = rpccli("bench", "-n", "4000", "-c", "8", "--report",
                            "json", *common, '{"name": "x"}', env=traced,
                            timeout=60)
            self.assertEqual(result.returncode, 0, result.stderr[-500:])
            self.assertEqual(json.loads(result.stdout)["status_counts"],
                             {"OK": 4000})
            self.assertGreater(result.stderr.count(b"GOAWAY received"), 1)
            requests = b'{"name": "x"}\n' * 2000
            batch = rpccli("call", "--batch", *common, input=requests,
                           timeout=60)
            self.assertEqual(batch.returncode, 0, batch.stderr[:500])
            self.assertEqual(batch.stdout.count(b"Hello"), 2000)

    def test_per_call_max_time(self):
        result, report = self.report("Countdown", "-n", "3", "--max-time",
                                     "0.2", '{"start": 1, "interval": "5s"}')
        self.assertEqual(result.returncode, 64 + 4)
        self.assertEqual(report["status_counts"], {"DeadlineExceeded": 3})

    def test_an_unreachable_server_is_one_error(self):
        result = rpccli("bench", "--plaintext", "-p", DEMO_PROTO,
                        "127.0.0.1:%d" % closed_port(), "Greet")
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stdout, b"")
        self.assertEqual(len(result.stderr.decode().splitlines()), 1)
        self.assertIn("cannot connect: Connection refused",
                      result.stderr.decode())

    def test_an_answer_rpccli_cannot_read_is_internal_not_unavailable(self):
        # An HTTP/1.1 server that answers every call with an HTML page.
        class Html(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("content-length", 0)))
                body = b"<html>busy</html>"
                self.send_response(200)
                self.send_header("content-type", "text/html")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Html)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            result = rpccli("bench", "-p", DEMO_PROTO, "-n", "5", "--report",
                            "json", "--protocol", "connect",
                            "http://127.0.0.1:%d" % server.server_port,
                            "demo.Demo/Echo", "{}", timeout=60)
        finally:
            server.shutdown()
            server.server_close()
        report = json.loads(result.stdout)
        self.assertEqual(report["status_counts"], {"Internal": 5}, report)
        self.assertIn('content-type "text/html"', report["errors"]["Internal"])

    def test_bad_flag_values_are_usage_errors(self):
        for flags in [["-n", "0"], ["-c", "0"], ["--rps", "-3"],
                      ["--rps", "1e-9"], ["--rps", "0.0009"],
                      ["--report", "yaml"], ["--duration", "abc"]]:
            result = self.bench("Greet", *flags)
            self.assertEqual(result.returncode, 2, flags)
            self.assertEqual(result.stdout, b"")

    def test_a_bad_request_is_reported_before_any_call(self):
        result = self.bench("Greet", '{"name": 5}')
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stdout, b"")
        self.assertIn('<argument>:1:10: message 1: field "name": 5 is not a valid string',
                      result.stderr.decode())

    def test_sigint_prints_the_report_of_what_was_done_and_exits_130(self):
        self.interrupt_and_check(signals=1)

    def test_one_sigint_sent_twice_at_once_still_prints_the_report(self):
        # As `timeout -s INT` sends it, to the process and to its group.
        self.interrupt_and_check(signals=2)

    def interrupt_and_check(self, signals):
        # Sum reports each call to the server's log, so the signal comes
        # once calls have surely been made (by this run: the server is
        # shared).
        def completed():
            return len([line for line in self.server.log()
                        if line == "Sum: completed after 1 messages"])
        before = completed()
        process = subprocess.Popen(
            [RPCCLI, *self.arguments("Sum", "--duration", "60", "--rps", "20",
                                     "--report", "json", '{"value": 1}')],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 20
            while completed() < before + 3 and time.monotonic() < deadline:
                time.sleep(0.05)
            for _ in range(signals):
                process.send_signal(signal.SIGINT)
            code, seconds = timed(process.wait, timeout=10)
            self.assertEqual(code, 130)
            self.assertLess(seconds, 5)
            report = json.loads(process.stdout.read())
            self.assertGreater(report["requests"], 0)
            self.assertAddsUp(report)
            self.assertEqual(process.stderr.read().decode(),
                             "rpccli: error: interrupted by SIGINT; the calls "
                             "in flight were cancelled\n")
        finally:
            process.kill()
            process.wait()
            process.stdout.close()
            process.stderr.close()

    def test_progress_shows_only_on_a_terminal(self):
        arguments = self.arguments("Greet", "--rps", "10", "-n", "8", "-c", "2")
        piped = rpccli(*arguments)
        self.assertEqual(piped.returncode, 0)
        self.assertEqual(piped.stderr, b"")

        main, secondary = pty.openpty()
        try:
            process = subprocess.Popen([RPCCLI, *arguments],
                                       stdin=subprocess.DEVNULL,
                                       stdout=subprocess.PIPE, stderr=secondary)
            os.close(secondary)
            shown = b""
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                ready, _, _ = select.select([main], [], [], 1)
                if not ready:
                    if process.poll() is not None:
                        break
                    continue
                try:
                    chunk = os.read(main, 4096)
                except OSError:  # the terminal closed with the process
                    break
                if not chunk:
                    break
                shown += chunk
            self.assertEqual(process.wait(timeout=10), 0)
            process.stdout.close()
        finally:
            os.close(main)
        self.assertIn(b" requests, ", shown)
        self.assertIn(b"/s, 0 failed", shown)
        # The line is cleared at the end.
        self.assertTrue(shown.endswith(b"\r\x1b[K"), shown[-40:])


if __name__ == "__main__":
    unittest.main()
