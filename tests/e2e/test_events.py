"""call --events: each call's headers, messages, trailers and status as
NDJSON on stdout, against the C++ demo server and grpc-js; with --batch,
each call's events together, in input order."""

import json
import unittest

from harness import (DEMO_PROTO, MisbehavingServer, SharedDemoServerTest,
                     SharedGrpcJsServerTest, SharedServerTest, closed_port,
                     install_grpcjs, rpccli)


def setUpModule():
    install_grpcjs()


def events_of(result):
    """The events on stdout, checked to be one JSON object per line with
    the fields every event has."""
    events = [json.loads(line) for line in result.stdout.decode().splitlines()]
    for event in events:
        assert list(event)[:3] == ["event", "call", "t_ms"], event
    return events


def shapes(events):
    """(call, event) of each event: the order, without the contents."""
    return [(event["call"], event["event"]) for event in events]


class DemoServerTest(SharedDemoServerTest):
    def call(self, *args, input=None):
        return rpccli("call", "--plaintext", "--events", self.target, *args,
                      input=input)

    def test_a_unary_call(self):
        result = self.call("demo.Demo/Echo", '{"text": "hi"}')
        self.assertEqual((result.returncode, result.stderr), (0, b""))
        events = events_of(result)
        self.assertEqual(shapes(events), [(1, "headers"), (1, "message"),
                                          (1, "trailers"), (1, "status")])
        self.assertEqual(events[1]["message"], {"text": "hi"})
        self.assertEqual(events[3], dict(events[3], code=0, code_name="OK",
                                         message="", details=[]))
        times = [event["t_ms"] for event in events]
        self.assertEqual(times, sorted(times))
        self.assertGreater(times[0], 0)

    def test_a_server_stream_that_fails_part_way(self):
        result = self.call("demo.Demo/Countdown",
                           '{"start": 5, "fail_after": 2, "fail_code": 8}')
        self.assertEqual(result.returncode, 64 + 8)
        events = events_of(result)
        # Trailers with the status alone are told by the status event:
        # gRPC gives the same for a stream that broke.
        self.assertEqual(shapes(events), [(1, "headers"), (1, "message"),
                                          (1, "message"), (1, "status")])
        self.assertEqual([event["message"] for event in events[1:3]],
                         [{"remaining": 5}, {"remaining": 4}])
        self.assertEqual(events[3]["code_name"], "ResourceExhausted")
        # The error is still told on stderr, for people.
        self.assertIn(b"Code: ResourceExhausted", result.stderr)

    def test_error_details_are_decoded_and_binary_trailers_are_base64(self):
        result = self.call("demo.Demo/Fail",
                           '{"code": 9, "with_details": true}')
        self.assertEqual(result.returncode, 64 + 9)
        events = events_of(result)
        # The C++ server answers an error with trailers only: no headers.
        self.assertEqual(shapes(events), [(1, "trailers"), (1, "status")])
        trailer = events[0]["metadata"]["grpc-status-details-bin"]
        self.assertEqual(len(trailer), 1)
        self.assertTrue(trailer[0].endswith("="))  # base64 text
        details = events[1]["details"]
        self.assertEqual([detail["@type"] for detail in details], [
            "type.googleapis.com/google.rpc.BadRequest",
            "type.googleapis.com/google.rpc.ErrorInfo",
            "type.googleapis.com/demo.Tick"])
        self.assertEqual(details[2]["remaining"], 3)

    def test_a_bidi_stream_with_text_input_still_prints_json(self):
        result = self.call("--format", "text", "demo.Demo/Chat",
                           input='text: "a"\x1etext: "b"')
        self.assertEqual(result.returncode, 0, result.stderr)
        events = events_of(result)
        self.assertEqual([event["message"] for event in events
                          if event["event"] == "message"],
                         [{"text": "echo: a"}, {"text": "echo: b"}])

    def test_batch_prints_each_call_whole_in_input_order(self):
        requests = "".join('{"start": %d}\n' % n for n in [3, 1, 2, 1, 2])
        result = self.call("--batch", "-c", "4", "demo.Demo/Countdown",
                           input=requests)
        self.assertEqual(result.returncode, 0, result.stderr)
        events = events_of(result)
        expected = []
        for number, ticks in enumerate([3, 1, 2, 1, 2], start=1):
            expected += ([(number, "headers")] + [(number, "message")] * ticks
                         + [(number, "trailers"), (number, "status")])
        self.assertEqual(shapes(events), expected)

    def test_batch_keeps_the_exit_code_of_the_first_failure(self):
        result = self.call("--batch", "demo.Demo/Fail",
                           input='{"code": 5} {"code": 3}')
        self.assertEqual(result.returncode, 64 + 5)
        statuses = [event for event in events_of(result)
                    if event["event"] == "status"]
        self.assertEqual([(event["call"], event["code_name"])
                          for event in statuses],
                         [(1, "NotFound"), (2, "InvalidArgument")])


class WhatArrivedTest(SharedServerTest):
    """Only the headers and trailers that came are events: none made up
    for a call the server never answered, or answered with trailers only."""

    @classmethod
    def start_server(cls):
        return MisbehavingServer()

    def call(self, mode, *extra, target=None):
        return rpccli("call", "--plaintext", "-p", DEMO_PROTO, "--events",
                      "--max-time", "10", "-H", "x-misbehave: " + mode, *extra,
                      target or self.server.target, "demo.Demo/Countdown",
                      '{"start": 1}', timeout=30)

    def test_a_trailers_only_answer_has_no_headers(self):
        # The C++ server's error with details: trailers-only, and trailers.
        # misbehaving_server's has no metadata but the status, which is all
        # gRPC gives of a broken stream too: the status event tells it.
        for mode, expected in [("trailers-only", [(1, "status")]),
                               ("bad-details", [(1, "headers"), (1, "trailers"),
                                                (1, "status")])]:
            with self.subTest(mode=mode):
                result = self.call(mode)
                self.assertNotEqual(result.returncode, 0)
                self.assertEqual(shapes(events_of(result)), expected)

    def test_a_broken_stream_has_no_trailers(self):
        for mode, expected in [
                ("reset", [(1, "status")]),
                ("rst-after-message", [(1, "headers"), (1, "message"),
                                       (1, "status")]),
                ("goaway", [(1, "headers"), (1, "message"), (1, "status")])]:
            with self.subTest(mode=mode):
                result = self.call(mode)
                self.assertNotEqual(result.returncode, 0)
                self.assertEqual(shapes(events_of(result)), expected)

    def test_a_call_cut_at_its_deadline_has_no_trailers(self):
        # Nor headers, unless they carried more than gRPC's own (here only
        # content-type): whether a call cut short had any, gRPC 1.51 can
        # tell only by a check that aborts when they came half (see
        # test_misbehaving's half-headers), so it is not asked.
        result = self.call("stall-after-headers", "--max-time", "0.5")
        self.assertEqual(result.returncode, 64 + 4, result.stderr)
        self.assertEqual(shapes(events_of(result)), [(1, "status")])
        after_a_message = self.call("stall-after-message", "--max-time", "0.5")
        self.assertEqual(shapes(events_of(after_a_message)),
                         [(1, "headers"), (1, "message"), (1, "status")])

    def test_a_server_that_never_answers_sends_nothing(self):
        result = self.call("stall-headers", "--max-time", "0.5")
        self.assertEqual(result.returncode, 64 + 4, result.stderr)
        self.assertEqual(shapes(events_of(result)), [(1, "status")])
        self.assertEqual(events_of(result)[0]["code_name"], "DeadlineExceeded")

    def test_a_response_rpccli_cannot_decode_is_an_error_event(self):
        # The echo of {"start": 1} with a string field cut short appended.
        decode_error = ("response 1: cannot decode it as demo.Tick: not a "
                        "valid demo.Tick in protobuf wire format, or a string "
                        "in it is not UTF-8")
        result = self.call("append:0aff")
        self.assertEqual(result.returncode, 1, result.stderr)
        events = events_of(result)
        # rpccli cancels the stream: the status is the cancel, and the
        # error event says why.
        self.assertEqual(shapes(events), [(1, "headers"), (1, "error"),
                                          (1, "status")])
        self.assertEqual(events[1]["message"], decode_error)
        self.assertEqual(events[2]["code_name"], "Canceled")
        self.assertIn(decode_error.encode(), result.stderr)
        batch = rpccli("call", "--plaintext", "-p", DEMO_PROTO, "--events",
                       "--batch", "--max-time", "10", "-H",
                       "x-misbehave: append:0aff", self.server.target,
                       "demo.Demo/Echo", '{} {}', timeout=30)
        self.assertEqual(batch.returncode, 1, batch.stderr)
        self.assertEqual([event for event in shapes(events_of(batch))
                          if event[1] in ("error", "status")],
                         [(1, "error"), (1, "status"), (2, "error"),
                          (2, "status")])

    def test_over_grpc_web_a_call_the_server_did_not_end_is_never_ok(self):
        # gRPC-Web, read by rpccli itself: a status the server did not send
        # is said as gRPC says it, not left OK.
        web = ["--protocol", "grpcweb", "--http2-prior-knowledge"]
        target = "http://" + self.server.target
        for mode, code_name in [("append:0aff", "Canceled"),
                                ("html", "Unavailable")]:
            with self.subTest(mode=mode):
                result = self.call(mode, *web, target=target)
                self.assertEqual(result.returncode, 1, result.stderr)
                events = events_of(result)
                self.assertEqual(events[-2]["event"], "error")
                self.assertEqual((events[-1]["event"], events[-1]["code_name"]),
                                 ("status", code_name))
        refused = rpccli("call", "--events", *web, "-p", DEMO_PROTO,
                         "http://127.0.0.1:%d" % closed_port(),
                         "demo.Demo/Greet", "{}", timeout=30)
        self.assertEqual(refused.returncode, 1, refused.stderr)
        self.assertEqual(events_of(refused)[-1]["code_name"], "Unavailable")

    def test_a_request_that_cannot_be_read_mid_stream_is_an_error_event(self):
        result = rpccli("call", "--plaintext", "-p", DEMO_PROTO, "--events",
                        "--max-time", "10", self.server.target,
                        "demo.Demo/Sum", input=b'{"value": 1}\n{bad\n',
                        timeout=30)
        self.assertEqual(result.returncode, 1, result.stderr)
        events = events_of(result)
        self.assertEqual([event["event"] for event in events][-2:],
                         ["error", "status"])
        self.assertEqual(events[-2]["message"],
                         "<stdin>:2:2: message 2: expected a field name in "
                         "double quotes, found 'b'")

    def test_verbose_says_none_arrived(self):
        result = self.call("trailers-only", "-v")
        self.assertIn("Response headers received:\n(none arrived)\n\n"
                      "Response trailers received:\n(none arrived)\n",
                      result.stderr.decode())
        silent = self.call("stall-headers", "-v", "--max-time", "0.5")
        self.assertIn("Response headers received:\n(none arrived)\n\n"
                      "Response trailers received:\n(none arrived)\n",
                      silent.stderr.decode())


class GrpcJsTest(SharedGrpcJsServerTest):
    def test_response_headers_are_data(self):
        # GetItem sends back the x- headers it was sent.
        result = rpccli("call", "--plaintext", "--events", "-H", "x-trace: t1",
                        "-H", "x-raw-bin: AP8=", self.server.target,
                        "shop.v1.Shop/GetItem", '{"name": "apple"}')
        self.assertEqual(result.returncode, 0, result.stderr)
        events = events_of(result)
        self.assertEqual(shapes(events), [(1, "headers"), (1, "message"),
                                          (1, "trailers"), (1, "status")])
        metadata = events[0]["metadata"]
        self.assertEqual(metadata["x-trace"], ["t1"])
        self.assertEqual(metadata["x-raw-bin"], ["AP8="])
        self.assertEqual(events[1]["message"]["name"], "apple")

    def test_a_failed_call_is_a_status_event(self):
        result = rpccli("call", "--plaintext", "--events", self.server.target,
                        "shop.v1.Shop/GetItem", '{"name": "kiwi"}')
        self.assertEqual(result.returncode, 64 + 5)
        status = events_of(result)[-1]
        self.assertEqual((status["event"], status["code"], status["code_name"],
                          status["message"]),
                         ("status", 5, "NotFound", 'no item named "kiwi"'))


if __name__ == "__main__":
    unittest.main()
