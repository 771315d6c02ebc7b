"""The tutorial's own stack: a Python server built as the tutorial teaches
(Debian's python3-grpcio, stubs generated at test time with protoc and
grpc_python_plugin), driven through all four call kinds by rpccli with
nothing but the .proto file."""

import json
import os
import shutil
import subprocess
import unittest

from harness import DEMO_PROTO, SOURCE_DIR, DemoServer, rpccli

# Debian's interpreter, which is the one python3-grpcio is installed for.
DEBIAN_PYTHON = "/usr/bin/python3"
STUBS_DIR = os.environ["TUTORIAL_STUBS_DIR"]


def generate_stubs():
    """protoc with grpc_python_plugin, as the tutorial's step 2.3 does with
    grpc_tools.protoc."""
    shutil.rmtree(STUBS_DIR, ignore_errors=True)
    os.makedirs(STUBS_DIR)
    subprocess.run(
        ["protoc", "-I", os.path.dirname(DEMO_PROTO),
         "--python_out=" + STUBS_DIR, "--grpc_python_out=" + STUBS_DIR,
         "--plugin=protoc-gen-grpc_python=" + shutil.which("grpc_python_plugin"),
         DEMO_PROTO],
        check=True, timeout=60)


class TutorialServer(DemoServer):
    """tutorial_server.py under Debian's Python, with the generated stubs."""

    startup_seconds = 30  # importing grpc is slower than starting C++

    def command(self):
        return [DEBIAN_PYTHON, os.path.join(SOURCE_DIR, "tests", "e2e",
                                            "tutorial_server.py"), STUBS_DIR]


class TutorialServerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        generate_stubs()
        cls.server = TutorialServer().__enter__()
        cls.target = cls.server.target

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def call(self, method, *args, input=None):
        result = rpccli("call", "--plaintext", "--compact", "-p", DEMO_PROTO,
                        self.target, method, *args, input=input)
        self.assertEqual(result.returncode, 0, result.stderr)
        return [json.loads(line) for line in result.stdout.decode().splitlines()]

    def test_unary(self):
        self.assertEqual(self.call("Greet", '{"name": "rpccli"}'),
                         [{"message": "Hello from Python, rpccli!"}])

    def test_server_streaming(self):
        self.assertEqual(self.call("Countdown", '{"start": 3}'),
                         [{"remaining": 3}, {"remaining": 2}, {"remaining": 1}])

    def test_client_streaming(self):
        numbers = "".join('{"value": %d}\n' % i for i in range(1, 1001))
        self.assertEqual(self.call("Sum", input=numbers),
                         [{"count": "1000", "total": "500500"}])

    def test_bidi_streaming(self):
        self.assertEqual(
            self.call("Chat", input='{"seq": 1, "text": "a"}\n{"seq": 2, "text": "b"}\n'),
            [{"seq": "1", "text": "py: a"}, {"seq": "2", "text": "py: b"}])

    def test_a_method_the_python_server_lacks(self):
        result = rpccli("call", "--plaintext", "-p", DEMO_PROTO, self.target, "Echo")
        self.assertEqual(result.returncode, 76)
        self.assertEqual(result.stderr.decode(),
                         "ERROR:\n  Code: Unimplemented\n  Message: Method not implemented!\n")


if __name__ == "__main__":
    unittest.main()
