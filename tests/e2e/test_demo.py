"""`make demo`'s tour runs and shows each command before its output."""

import os
import subprocess
import unittest

from harness import RPCCLI, SOURCE_DIR


class DemoTest(unittest.TestCase):
    def test_the_tour_lists_describes_and_calls(self):
        build_dir = os.path.dirname(RPCCLI)
        result = subprocess.run(
            [os.path.join(SOURCE_DIR, "scripts", "demo.sh"), build_dir],
            cwd=SOURCE_DIR, capture_output=True, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        out = result.stdout.decode()
        rpccli = os.path.join(build_dir, "rpccli")
        expected_in_order = [
            "$ %s list proto/demo.proto\ndemo.Demo\n" % rpccli,
            "$ %s describe proto/demo.proto demo.Demo.Greet\n"
            "demo.Demo.Greet is a method:\n" % rpccli,
            "demo.Demo/Greet '{\"name\": \"rpccli\", \"language\": \"FRENCH\"}'\n"
            "{\n  \"message\": \"Bonjour, rpccli!\",\n",
            "ERROR:\n  Code: NotFound\n  Message: no such greeting\n"
            "(exit code 69)\n",
        ]
        position = 0
        for text in expected_in_order:
            found = out.find(text, position)
            self.assertGreaterEqual(found, 0, "missing, in order: %r\n%s" % (text, out))
            position = found + len(text)


if __name__ == "__main__":
    unittest.main()
