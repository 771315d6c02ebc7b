"""rpccli bench beyond a constant load: placeholders filled for each call
(and in call --batch), load schedules and their stages, --warmup by time,
--start-at, --fail-if, and the reports: CSV, Prometheus, HTML (rendered by
a real browser), and bench merge of JSON reports."""

import csv
import io
import json
import math
import os
import re
import subprocess
import tempfile
import time
import unittest

from harness import (DEMO_PROTO, RPCCLI, RUN_TIMEOUT_SECONDS, SOURCE_DIR,
                     RecordingServer, SharedDemoServerTest, rpccli)
from html_render import assert_rendered, render_html

UUID4 = re.compile(
    r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$")
THRESHOLD_CROSSED = 99


def scratch(test):
    holder = tempfile.TemporaryDirectory(prefix="rpccli-bench-")
    test.addCleanup(holder.cleanup)
    return holder.name


class PlaceholderTest(unittest.TestCase):
    """What the server received, as recording_server.py logs it."""

    @classmethod
    def setUpClass(cls):
        cls.server = RecordingServer().__enter__()
        cls.addClassCleanup(cls.server.__exit__, None, None, None)

    def setUp(self):
        self.directory = scratch(self)
        self.names = os.path.join(self.directory, "names.txt")
        with open(self.names, "w") as f:
            f.write("ann\nbob\ncy \"q\" \\\n")
        self.seen = len(self.server.records())

    def new_records(self, count):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            records = self.server.records()[self.seen:]
            if len(records) >= count:
                return records
            time.sleep(0.05)
        self.fail("the server saw %d calls, not %d"
                  % (len(self.server.records()) - self.seen, count))

    def run_rpccli(self, command, *args, input=None):
        extra = ["--batch"] if command == "batch" else []
        return rpccli("bench" if command == "bench" else "call", *extra,
                      "--plaintext", "-p", DEMO_PROTO, *args, input=input)

    def test_bench_fills_every_placeholder_for_each_call(self):
        template = ("{{call}}|{{worker}}|{{uuid}}|{{randint:-3:9}}|"
                    "{{randstr:6}}|{{line:%s}}|{{randline:%s}}|{{unix_ms}}|"
                    "{{rfc3339}}|{{literal:{{}}" % (self.names, self.names))
        before_ms = time.time() * 1000
        result = self.run_rpccli(
            "bench", "-n", "40", "-c", "4", "-H", "x-id: {{uuid}}",
            "-H", "x-call: call {{call}}", self.server.target, "Greet",
            json.dumps({"name": template}), "--report", "json")
        after_ms = time.time() * 1000
        self.assertEqual(result.returncode, 0, result.stderr)
        records = self.new_records(40)
        lines = ["ann", "bob", "cy \"q\" \\"]
        calls, uuids, header_ids = set(), set(), set()
        for record in records:
            fields = record["name"].split("|")
            self.assertEqual(len(fields), 10, record)
            call = int(fields[0])
            calls.add(call)
            self.assertIn(int(fields[1]), range(4))
            self.assertRegex(fields[2], UUID4)
            uuids.add(fields[2])
            self.assertIn(int(fields[3]), range(-3, 10))
            self.assertRegex(fields[4], r"^[A-Za-z0-9]{6}$")
            # Round robin by the call's number; a quote and a backslash
            # from the file arrive as they are (escaped in the JSON).
            self.assertEqual(fields[5], lines[call % 3])
            self.assertIn(fields[6], lines)
            self.assertTrue(before_ms - 1 <= int(fields[7]) <= after_ms + 1)
            self.assertRegex(fields[8], RFC3339)
            self.assertEqual(fields[9], "{{")
            self.assertEqual(record["headers"]["x-call"], "call %d" % call)
            self.assertRegex(record["headers"]["x-id"], UUID4)
            header_ids.add(record["headers"]["x-id"])
        self.assertEqual(calls, set(range(40)))
        self.assertEqual(len(uuids), 40)
        self.assertEqual(len(header_ids), 40)

    def test_call_batch_fills_them_for_each_message(self):
        requests = "".join(json.dumps({"name": "%d {{call}} {{line:%s}}"
                                       % (i, self.names)}) + "\n"
                           for i in range(5))
        result = self.run_rpccli("batch", "-c", "2", "-H", "x-call: {{call}}",
                                 self.server.target, "Greet", "@-",
                                 input=requests.encode())
        self.assertEqual(result.returncode, 0, result.stderr)
        names = sorted(record["name"] for record in self.new_records(5))
        self.assertEqual(names, ["0 0 ann", "1 1 bob", "2 2 cy \"q\" \\",
                                 "3 3 ann", "4 4 bob"])

    def test_text_format_strings_are_escaped_as_text_format(self):
        result = self.run_rpccli(
            "bench", "-n", "3", "--format", "text", self.server.target,
            "Greet", "name: '{{line:%s}}'" % self.names)
        self.assertEqual(result.returncode, 0, result.stderr)
        names = [record["name"] for record in self.new_records(3)]
        self.assertEqual(sorted(names), ["ann", "bob", "cy \"q\" \\"])

    def test_a_bad_placeholder_is_refused_before_any_call(self):
        cases = [
            ('{"name": "{{cal}}"}',
             "<argument>:1:11: message 1: {{cal}} is no placeholder"),
            ('{"name": "{{call"}',
             "<argument>:1:11: message 1: a placeholder {{ has no }}"),
            ('{"name": "{{randint:0:9999999999999999999}}"}',
             "write {{randint:MIN:MAX}}"),
            ('{"name": "{{randint:5:1}}"}', "MIN at most MAX"),
            ('{"name": "{{randstr:0}}"}', "N from 1 to"),
            ('{"name": "{{line:/nonexistent}}"}', "/nonexistent"),
            ('{"name": {{call}}}', "goes inside a JSON string"),
            ('{"name": "x", "language": "{{line:%s}}"}' % self.names,
             "<argument>:1:1: message 1: with its placeholders filled"),
        ]
        for request, error in cases:
            with self.subTest(request=request):
                result = self.run_rpccli("bench", "-n", "5",
                                         self.server.target, "Greet", request)
                self.assertEqual(result.returncode, 1, result.stderr)
                stderr = result.stderr.decode()
                self.assertIn(error, stderr)
                self.assertEqual(len(stderr.splitlines()), 1, stderr)
        self.assertEqual(len(self.server.records()), self.seen)

    def test_a_header_takes_printable_ascii_alone(self):
        # gRPC aborts on a header value past it: refused at start-up.
        names = os.path.join(self.directory, "accents.txt")
        with open(names, "wb") as f:
            f.write(b"ok\ncaf\xc3\xa9\n")
        for command in ["bench", "batch"]:
            with self.subTest(command=command):
                result = self.run_rpccli(command, "-H",
                                         "x-name: {{line:%s}}" % names,
                                         self.server.target, "Greet", "{}")
                self.assertEqual(result.returncode, 1, result.stderr)
                self.assertIn(names + ":2: not printable ASCII",
                              result.stderr.decode())
        self.assertEqual(len(self.server.records()), self.seen)

    def test_batch_names_the_message_of_a_bad_placeholder(self):
        result = self.run_rpccli("batch", self.server.target, "Greet", "@-",
                                 input=b'{"name": "a"}\n{"name": "{{x}}"}\n')
        self.assertEqual(result.returncode, 1)
        self.assertIn("<stdin>:2:11: message 2: {{x}} is no placeholder",
                      result.stderr.decode())

    def test_worker_is_bench_s_alone(self):
        result = self.run_rpccli("batch", self.server.target, "Greet",
                                 '{"name": "{{worker}}"}')
        self.assertEqual(result.returncode, 1)
        self.assertIn("{{worker}} is bench's", result.stderr.decode())


class BenchLoadTest(SharedDemoServerTest):
    def setUp(self):
        self.directory = scratch(self)

    def path(self, name):
        return os.path.join(self.directory, name)

    def bench(self, method, *args, request=None):
        words = ["bench", "--plaintext", "-p", DEMO_PROTO, *args,
                 self.server.target, method]
        return rpccli(*words, *([request] if request else []))

    def report(self, method, *args, request=None):
        result = self.bench(method, "--report", "json", *args,
                            request=request)
        self.assertEqual(result.returncode, 0, result.stderr)
        return json.loads(result.stdout)

    # Schedules

    def test_a_step_schedule_of_the_rate_reaches_each_stage(self):
        report = self.report("Greet", "--rps-schedule", "step:40:120:40:0.5s")
        stages = report["stages"]
        self.assertEqual([stage["target_rps"] for stage in stages],
                         [40, 80, 120])
        self.assertEqual([stage["from_s"] for stage in stages], [0, 0.5, 1])
        # The run lasts the schedule: each step held once.
        self.assertAlmostEqual(report["duration_s"], 1.5, delta=0.3)
        for stage in stages:
            # Calls due in the half second: 20, 40, 60.
            self.assertAlmostEqual(stage["requests"],
                                   stage["target_rps"] * 0.5, delta=3)
        self.assertEqual(sum(stage["requests"] for stage in stages),
                         report["requests"])
        self.assertEqual(report["schedule"], "--rps-schedule step:40:120:40:0.5s")

    def test_a_line_schedule_ramps_then_holds(self):
        report = self.report("Greet", "--rps-schedule", "line:20:100:160",
                             "--duration", "1")
        ramp, hold = report["stages"]
        self.assertEqual((ramp["from_s"], ramp["to_s"]), (0, 0.5))
        self.assertEqual(hold["from_s"], 0.5)
        # Due in the ramp: (20 + 100) / 2 * 0.5 s; in the hold: 100 * 0.5 s.
        self.assertAlmostEqual(ramp["requests"], 30, delta=3)
        self.assertAlmostEqual(hold["requests"], 50, delta=5)

    def test_a_concurrency_schedule_raises_the_calls_in_flight(self):
        # Each call lasts 50 ms: calls started in a stage grow with it.
        report = self.report(
            "Countdown", "--concurrency-schedule", "step:1:4:1:0.5s",
            request='{"start": 1, "interval": "0.05s"}')
        stages = report["stages"]
        self.assertEqual([stage["concurrency"] for stage in stages],
                         [1, 2, 3, 4])
        first, last = stages[0]["requests"], stages[-1]["requests"]
        self.assertLessEqual(first, 12)  # one at a time: 10 in 0.5 s
        self.assertGreaterEqual(last, 2.5 * first)
        self.assertEqual(report["concurrency"], 4)

    def test_schedules_refuse_what_does_not_go_with_them(self):
        for args in (["--rps", "5", "--rps-schedule", "step:1:2:1:1s"],
                     ["-c", "2", "--concurrency-schedule", "step:1:2:1:1s"],
                     ["--rps-schedule", "line:5:5:1"],
                     ["--rps-schedule", "step:1:2:1"],
                     ["--rps-schedule", "wave:1:2:1"],
                     ["--concurrency-schedule", "step:1.5:2:1:1s"]):
            with self.subTest(args=args):
                result = self.bench("Greet", *args)
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertEqual(len(result.stderr.splitlines()), 2)

    def test_warmup_by_time_is_left_out(self):
        started = time.monotonic()
        report = self.report("Greet", "-n", "20", "--warmup", "0.4s")
        self.assertGreaterEqual(time.monotonic() - started, 0.4)
        self.assertEqual(report["requests"], 20)

    # --start-at

    def test_start_at_starts_the_calls_then(self):
        start = time.time() + 1.5
        report = self.report("Greet", "-n", "10", "--start-at",
                             "%.3f" % start)
        self.assertGreaterEqual(report["start_unix_ms"], start * 1000 - 1)
        self.assertLess(report["start_unix_ms"], start * 1000 + 300)

    def test_a_start_time_already_passed_is_an_error(self):
        result = self.bench("Greet", "-n", "5", "--start-at",
                            "2020-01-01T00:00:00Z")
        self.assertEqual(result.returncode, 1)
        self.assertIn("--start-at: that time passed", result.stderr.decode())

    # --fail-if

    def test_thresholds_met_exit_0_and_are_reported(self):
        report = self.report("Greet", "-n", "20", "--fail-if", "p99>60s",
                             "--fail-if", "errors>0", "--fail-if", "rps<0.1")
        self.assertEqual([(t["threshold"], t["crossed"])
                          for t in report["thresholds"]],
                         [("p99>60s", False), ("errors>0", False),
                          ("rps<0.1", False)])

    def test_a_crossed_threshold_exits_99_naming_it(self):
        result = self.bench("Greet", "-n", "20", "--fail-if", "p50>1us",
                            "--fail-if", "requests<=20")
        self.assertEqual(result.returncode, THRESHOLD_CROSSED, result.stderr)
        errors = result.stderr.decode().splitlines()
        self.assertEqual(len(errors), 2, errors)
        self.assertRegex(errors[0],
                         r"^rpccli: error: --fail-if p50>1us: crossed "
                         r"\(\d+\.\d{3} ms\)$")
        self.assertIn("requests<=20: crossed (20)", errors[1])
        self.assertIn("CROSSED", result.stdout.decode())

    def test_an_errors_threshold_judges_failed_calls(self):
        # Fail's calls all fail: a limit above that passes, one below not.
        request = '{"code": 5, "message": "gone"}'
        passed = self.bench("Fail", "-n", "10", "--fail-if", "errors>100%",
                            request=request)
        self.assertEqual(passed.returncode, 0, passed.stderr)
        crossed = self.bench("Fail", "-n", "10", "--fail-if", "errors>50%",
                             request=request)
        self.assertEqual(crossed.returncode, THRESHOLD_CROSSED)
        self.assertIn("10 of 10 (100.00%)", crossed.stderr.decode())
        # Without an errors threshold, a failure still exits 64 + its code.
        other = self.bench("Fail", "-n", "10", "--fail-if", "p99>60s",
                           request=request)
        self.assertEqual(other.returncode, 69)

    def test_bad_thresholds_are_usage_errors(self):
        for threshold in ["p99>50", "p98>1ms", "errors>1.5", "rps>5ms",
                          "p99", "p99>-1ms"]:
            with self.subTest(threshold=threshold):
                result = self.bench("Greet", "--fail-if", threshold)
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertIn("--fail-if", result.stderr.decode())

    # Reports

    def test_csv_has_a_row_per_call(self):
        result = self.bench("Greet", "-n", "57", "-c", "5",
                            "--report", "csv=" + self.path("calls.csv"))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Requests:     57", result.stdout.decode())
        with open(self.path("calls.csv")) as f:
            rows = list(csv.DictReader(f))
        self.assertEqual(len(rows), 57)
        self.assertEqual(sorted(int(row["call"]) for row in rows),
                         list(range(57)))
        now_ms = time.time() * 1000
        for row in rows:
            self.assertEqual(row["status"], "OK")
            self.assertEqual(row["message"], "")
            self.assertGreater(float(row["latency_ms"]), 0)
            self.assertLess(now_ms - float(row["start_unix_ms"]), 60000)

    def test_csv_of_failed_calls_keeps_their_message_in_one_field(self):
        result = self.bench("Fail", "-n", "3", "--report", "csv",
                            request='{"code": 5, "message": "a, \\"b\\"\\nc"}')
        self.assertEqual(result.returncode, 69, result.stderr)
        rows = list(csv.DictReader(io.StringIO(result.stdout.decode())))
        self.assertEqual(len(rows), 3)
        self.assertEqual({row["status"] for row in rows}, {"NotFound"})
        self.assertEqual(rows[0]["message"], 'a, "b"\\x0ac')

    def test_prometheus_output_parses(self):
        result = self.bench("Greet", "-n", "30", "--report", "prometheus")
        self.assertEqual(result.returncode, 0, result.stderr)
        parsed = subprocess.run(
            ["/usr/bin/python3",
             os.path.join(SOURCE_DIR, "tests", "e2e", "prometheus_parse.py")],
            input=result.stdout, capture_output=True, timeout=60)
        self.assertEqual(parsed.returncode, 0, parsed.stderr)
        families = json.loads(parsed.stdout)
        requests = families["rpccli_bench_requests"]
        self.assertEqual(requests["type"], "counter")
        [[_, labels, value]] = requests["samples"]
        self.assertEqual(labels, {"method": "demo.Demo/Greet", "status": "OK"})
        self.assertEqual(value, 30)
        latency = families["rpccli_bench_latency_seconds"]
        self.assertEqual(latency["type"], "summary")
        quantiles = {sample[1].get("quantile", sample[0]): sample[2]
                     for sample in latency["samples"]}
        self.assertEqual(quantiles["rpccli_bench_latency_seconds_count"], 30)
        self.assertLessEqual(quantiles["0.5"], quantiles["0.99"])

    def test_html_renders_in_a_browser(self):
        page = self.path("report.html")
        result = self.bench("Greet", "--rps", "200", "--duration", "2",
                            "--report", "html=" + page)
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(page) as f:
            html = f.read()
        self.assertNotIn("<script", html)
        self.assertNotRegex(html, r"(src|href)=\"(https?:)?//")
        png, dom = render_html(page, self.directory)
        assert_rendered(self, png, dom)

    def test_reports_to_stdout_and_files_at_once(self):
        result = self.bench("Greet", "-n", "10",
                            "--report", "json",
                            "--report", "prometheus=" + self.path("p.prom"))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout)["requests"], 10)
        self.assertTrue(os.path.getsize(self.path("p.prom")) > 0)
        two = self.bench("Greet", "--report", "json", "--report", "csv")
        self.assertEqual(two.returncode, 2)
        self.assertIn("another report goes to stdout", two.stderr.decode())
        nowhere = self.bench("Greet", "--report",
                             "json=" + self.path("no/such/dir/r.json"))
        self.assertEqual(nowhere.returncode, 1)
        self.assertIn("no/such/dir/r.json (--report): cannot be written",
                      nowhere.stderr.decode())
        # Refused before the first call, for every format: a link, a
        # device, a directory; and one file under two spellings.
        os.symlink(self.path("real.csv"), self.path("link.csv"))
        for report, why in [("csv=" + self.path("link.csv"),
                             "(--report): cannot be written: is a symbolic link"),
                            ("json=/dev/full", "is not a regular file"),
                            ("html=" + self.directory, "is not a regular file")]:
            with self.subTest(report=report):
                started = time.monotonic()
                result = self.bench("Greet", "--duration", "5",
                                    "--report", report)
                self.assertEqual(result.returncode, 1, result.stderr)
                self.assertLess(time.monotonic() - started, 4)
                self.assertIn(why, result.stderr.decode())
        self.assertFalse(os.path.exists(self.path("real.csv")))
        same = self.bench("Greet", "--report", "json=" + self.path("same"),
                          "--report", "html=" + self.directory + "/./same")
        self.assertEqual(same.returncode, 1)
        self.assertIn("another report goes to that file", same.stderr.decode())

    def test_json_has_every_second_and_every_bucket(self):
        report = self.report("Greet", "--rps", "100", "--duration", "2.5")
        series = report["series"]
        self.assertIn(len(series), (2, 3))
        self.assertEqual(sum(s["ok"] + s["failed"] for s in series),
                         report["requests"])
        buckets = report["latency_histogram"]["buckets"]
        self.assertEqual(sum(count for _, count in buckets),
                         report["requests"])

    # bench merge

    def test_merged_reports_are_those_of_all_calls(self):
        # Three runs started together, as on three machines.
        start = time.time() + 2
        runs = [subprocess.Popen(
            [RPCCLI, "bench", "--plaintext", "-p", DEMO_PROTO, "-n", "300",
             "-c", "4", "--start-at", "%.3f" % start,
             "--report", "json=" + self.path("r%d.json" % i),
             "--report", "csv=" + self.path("r%d.csv" % i),
             self.server.target, "Greet"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            for i in range(3)]
        for run in runs:
            _, stderr = run.communicate(timeout=RUN_TIMEOUT_SECONDS)
            self.assertEqual(run.returncode, 0, stderr)
        reports = []
        for i in range(3):
            with open(self.path("r%d.json" % i)) as f:
                reports.append(json.load(f))
        starts = [r["start_unix_ms"] for r in reports]
        self.assertLess(max(starts) - min(starts), 100)
        merged = rpccli("bench", "merge", "--report", "json",
                        *[self.path("r%d.json" % i) for i in range(3)])
        self.assertEqual(merged.returncode, 0, merged.stderr)
        report = json.loads(merged.stdout)
        self.assertEqual(report["requests"], 900)
        self.assertEqual(report["status_counts"], {"OK": 900})
        self.assertEqual(report["concurrency"], 12)
        self.assertEqual(sum(s["ok"] for s in report["series"]), 900)
        latencies = []
        for i in range(3):
            with open(self.path("r%d.csv" % i)) as f:
                latencies += [float(row["latency_ms"])
                              for row in csv.DictReader(f)]
        latencies.sort()
        for key, fraction in [("p50", 0.5), ("p90", 0.9), ("p99", 0.99)]:
            exact = latencies[max(0, math.ceil(fraction * 900) - 1)]
            # Within a bucket's width (2%), and the CSV's rounding.
            self.assertAlmostEqual(report["latency_ms"][key], exact,
                                   delta=exact * 0.02 + 0.002, msg=key)
        self.assertAlmostEqual(report["latency_ms"]["max"], latencies[-1],
                               delta=0.002)
        self.assertAlmostEqual(report["latency_ms"]["min"], latencies[0],
                               delta=0.002)
        # Run together, the merged run lasts about as long as the longest.
        self.assertLess(report["duration_s"],
                        max(r["duration_s"] for r in reports) + 0.2)
        # One run with the same total concurrency makes as many calls.
        single = self.report("Greet", "-n", "900", "-c", "12")
        self.assertEqual(single["requests"], report["requests"])

    def test_merge_refuses_what_is_not_a_report(self):
        with open(self.path("not.json"), "w") as f:
            f.write('{"requests": 3}')
        result = rpccli("bench", "merge", self.path("not.json"))
        self.assertEqual(result.returncode, 1)
        self.assertIn("not.json: \"latency_histogram\": missing",
                      result.stderr.decode())
        csv_merge = rpccli("bench", "merge", "--report", "csv",
                           self.path("not.json"))
        self.assertEqual(csv_merge.returncode, 2)
        greet = self.path("greet.json")
        fail = self.path("fail.json")
        self.assertEqual(self.bench("Greet", "-n", "3", "--report",
                                    "json=" + greet).returncode, 0)
        self.assertEqual(self.bench("Fail", "-n", "3", "--report",
                                    "json=" + fail).returncode, 67)
        mixed = rpccli("bench", "merge", greet, fail)
        self.assertEqual(mixed.returncode, 1)
        self.assertIn("a report of demo.Demo/Fail", mixed.stderr.decode())
