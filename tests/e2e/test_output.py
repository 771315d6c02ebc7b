"""stdout that cannot be written: every command fails with one line naming
stdout and exit 1 when a write is lost (a full disk: /dev/full), and exits
141 quietly when the reader has gone (`| head`), as before."""

import os
import subprocess

from harness import DEMO_PROTO, RPCCLI, SharedDemoServerTest

DISK_FULL = b"rpccli: error: stdout: cannot write: No space left on device\n"


class StdoutTest(SharedDemoServerTest):

    def commands(self):
        target = self.server.target
        call = ["--plaintext", "-p", DEMO_PROTO, target, "demo.Demo/Greet",
                '{"name": "x"}']
        return [["call", *call], ["call", "--events", *call],
                ["call", "--batch", *call],
                ["bench", "-n", "3", *call],
                ["list", "--plaintext", target],
                ["describe", "--plaintext", target, "demo.Demo"],
                ["health", "--plaintext", target],
                ["completion", "bash"], ["--help"], ["call", "--help"]]

    def test_a_lost_write_is_exit_1_naming_stdout(self):
        for command in self.commands():
            with self.subTest(command=command[:2]), \
                    open("/dev/full", "wb") as full:
                result = subprocess.run([RPCCLI, *command], stdout=full,
                                        stdin=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE, timeout=30)
                self.assertEqual(result.returncode, 1, result.stderr)
                self.assertTrue(result.stderr.endswith(DISK_FULL),
                                result.stderr)
                self.assertEqual(result.stderr.count(b"rpccli: error:"), 1)

    def test_a_reader_gone_is_141_without_a_word(self):
        for command in self.commands():
            with self.subTest(command=command[:2]):
                # The reader is gone before rpccli starts: its first write
                # fails, whenever it comes.
                reader, writer = os.pipe()
                os.close(reader)
                process = subprocess.Popen(
                    [RPCCLI, *command], stdin=subprocess.DEVNULL,
                    stdout=writer, stderr=subprocess.PIPE)
                os.close(writer)
                try:
                    self.assertEqual(process.wait(timeout=30), 141)
                    self.assertNotIn(b"error", process.stderr.read())
                finally:
                    process.kill()
                    process.wait()
                    process.stderr.close()
