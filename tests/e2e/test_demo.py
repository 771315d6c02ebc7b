"""`make demo`'s tour runs and shows each command before its output: the
four kinds of call, from the .proto and by reflection, events, a
failure, and rpccli serve answering from a stub file."""

import os
import subprocess
import unittest

from harness import RPCCLI, SOURCE_DIR


class DemoTest(unittest.TestCase):
    def test_the_tour_shows_the_four_kinds_of_call(self):
        build_dir = os.path.dirname(RPCCLI)
        result = subprocess.run(
            [os.path.join(SOURCE_DIR, "scripts", "demo.sh"), build_dir],
            cwd=SOURCE_DIR, capture_output=True, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        out = result.stdout.decode()
        rpccli = os.path.join(build_dir, "rpccli")
        target = "127.0.0.1:%s" % out.split("127.0.0.1:", 1)[1].split(".")[0]
        expected_in_order = [
            "$ %s list proto/demo.proto\ndemo.Demo\n" % rpccli,
            "$ %s describe proto/demo.proto demo.Demo.Greet\n"
            "demo.Demo.Greet is a method:\n" % rpccli,
            # Unary from the .proto, then by reflection.
            "demo.Demo/Greet '{\"name\": \"rpccli\", \"language\": \"FRENCH\"}'\n"
            "{\n  \"message\": \"Bonjour, rpccli!\",\n",
            "$ %s call --plaintext --compact %s Greet '{\"name\": \"reflection\"}'\n"
            "{\"message\":\"Hello, reflection!\"" % (rpccli, target),
            # Server streaming.
            "Countdown '{\"start\": 3}'\n{\"remaining\":3}\n{\"remaining\":2}\n"
            "{\"remaining\":1}\n",
            # Client streaming fed from a pipe, then bidi.
            "$ printf '{\"value\": 2}\\n{\"value\": 3}\\n{\"value\": 5}\\n' | "
            "%s call --plaintext --compact %s Sum\n"
            "{\"count\":\"3\",\"total\":\"10\"}\n" % (rpccli, target),
            "Chat\n{\"text\":\"echo: hello\"}\n{\"text\":\"echo: again\"}\n",
            # One call as events, and one failure.
            "--events %s Greet '{\"name\": \"events\"}'\n"
            "{\"event\":\"headers\",\"call\":1," % target,
            "\"code_name\":\"OK\"",
            "ERROR:\n  Code: NotFound\n  Message: no such greeting\n"
            "(exit code 69)\n",
            # A mock server from the stub file: a match, a stream, an
            # error with details, and a request no stub matches.
            "$ cat demo/stubs.ndjson\n",
            "Greet '{\"name\": \"ann\"}'\n{\"message\":\"Hi Ann, from a stub\"}\n",
            "Countdown '{}'\n{\"remaining\":2}\n{\"remaining\":1}\n",
            "\"reason\": \"STUBBED\"",
            "Message: rpccli serve: no stub of demo.Demo.Greet matches: "
            "demo/stubs.ndjson:1:1: stub 1 (the request's name is \"bob\", "
            "not \"ann\")\n(exit code 76)\n",
        ]
        position = 0
        for text in expected_in_order:
            found = out.find(text, position)
            self.assertGreaterEqual(found, 0, "missing, in order: %r\n%s" % (text, out))
            position = found + len(text)


if __name__ == "__main__":
    unittest.main()
