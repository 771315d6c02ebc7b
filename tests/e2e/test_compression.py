"""--compress: request messages compressed as the server sees them on the
wire (a bare HTTP/2 server that records the encoding and each message's
flag), compressed responses decoded and shown by -v, and every kind of call
compressed against the C++ demo server."""

import json
import unittest

from harness import (DEMO_PROTO, H2EchoServer, RawServer, SharedDemoServerTest,
                     rpccli)

# Long and repetitive, so that gRPC finds compressing it worth while (it
# sends a message as it is when compressing would not make it smaller).
LONG_TEXT = "compress me " * 200
LONG_REQUEST = json.dumps({"text": LONG_TEXT})
# demo.Sample's field 1 (text) as a length-delimited string: its wire size.
LONG_REQUEST_BYTES = 1 + 2 + len(LONG_TEXT)


class OnTheWireTest(unittest.TestCase):
    def echo(self, server, *flags):
        return rpccli("call", "--plaintext", "-p", DEMO_PROTO, *flags,
                      server.target, "demo.Demo/Echo", LONG_REQUEST)

    def test_each_algorithm_compresses_requests(self):
        with H2EchoServer() as server:
            for algorithm in ["gzip", "deflate"]:
                result = self.echo(server, "--compress", algorithm)
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertEqual(json.loads(result.stdout)["text"], LONG_TEXT)
                self.assertEqual(
                    server.wait_for_log("call /demo.Demo/Echo encoding=" +
                                        algorithm),
                    "call /demo.Demo/Echo encoding=%s flags=1 bytes=%d"
                    % (algorithm, LONG_REQUEST_BYTES))

    def test_without_the_flag_requests_go_as_they_are(self):
        with H2EchoServer() as server:
            result = self.echo(server)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(server.wait_for_log("call "),
                             "call /demo.Demo/Echo encoding=- flags=0 bytes=%d"
                             % LONG_REQUEST_BYTES)

    def test_verbose_shows_the_encoding_each_way(self):
        with H2EchoServer("--respond", "gzip") as server:
            result = self.echo(server, "--compress", "deflate", "-v")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout)["text"], LONG_TEXT)
        self.assertIn(b"Request metadata to send:\ngrpc-encoding: deflate\n",
                      result.stderr)
        self.assertIn(b"Response headers received:\ngrpc-encoding: gzip\n",
                      result.stderr)

    def test_compressed_responses_are_decoded_without_the_flag(self):
        with H2EchoServer("--respond", "deflate") as server:
            result = self.echo(server, "-v")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout)["text"], LONG_TEXT)
        self.assertIn(b"Request metadata to send:\n(empty)\n", result.stderr)
        self.assertIn(b"Response headers received:\ngrpc-encoding: deflate\n",
                      result.stderr)

    def test_a_server_that_refuses_the_algorithm_fails_the_call(self):
        # grpcio with compression switched off: Unimplemented, exit 76.
        with RawServer("0a0178", "--identity-only") as server:
            result = self.echo(server, "--compress", "gzip")
            self.assertEqual(result.returncode, 76)
            self.assertIn(b"Code: Unimplemented\n  Message: Compression "
                          b"algorithm 'gzip' is disabled.", result.stderr)
            # The same call uncompressed goes through.
            result = self.echo(server)
            self.assertEqual((result.returncode, result.stdout),
                             (0, b'{\n  "text": "x"\n}\n'), result.stderr)


class EveryKindOfCallTest(SharedDemoServerTest):
    def call(self, *args, input=None):
        return rpccli("call", "--plaintext", "--compress", "gzip",
                      self.target, *args, input=input)

    def test_unary_and_server_stream(self):
        result = self.call("demo.Demo/Echo", LONG_REQUEST)
        self.assertEqual((result.returncode, json.loads(result.stdout)),
                         (0, {"text": LONG_TEXT}), result.stderr)
        result = self.call("demo.Demo/Countdown", '{"start": 3}')
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.count(b'"remaining"'), 3)

    def test_client_stream_and_bidi(self):
        result = self.call("demo.Demo/Sum", input='{"value": 2} {"value": 5}')
        self.assertEqual((result.returncode, json.loads(result.stdout)),
                         (0, {"total": "7", "count": "2"}), result.stderr)
        result = self.call("demo.Demo/Chat",
                           input=LONG_REQUEST + LONG_REQUEST)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.count(b"echo: compress me"), 2)

    def test_batch_and_bench(self):
        result = self.call("--batch", "demo.Demo/Echo",
                           input=LONG_REQUEST + LONG_REQUEST)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.count(b'"text"'), 2)
        result = rpccli("bench", "--plaintext", "--compress", "deflate",
                        "-n", "50", "--report", "json", self.target,
                        "demo.Demo/Echo", LONG_REQUEST)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout)["ok"], 50)

    def test_an_unknown_algorithm_is_a_usage_error(self):
        result = rpccli("call", "--plaintext", "--compress", "br",
                        self.target, "demo.Demo/Echo", "{}")
        self.assertEqual(result.returncode, 2)
        self.assertIn(b"--compress: br not in {gzip,deflate}", result.stderr)


if __name__ == "__main__":
    unittest.main()
