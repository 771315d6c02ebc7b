"""Shell completion: `rpccli __complete` (what the scripts ask) for
subcommands, flags, values, files and the schema's names from files or a
server's reflection (C++ and grpc-js); and the scripts themselves, driven
through a pty in a real bash (plain, and with bash-completion loaded), zsh
and fish: `rpccli call --plaintext -p demo.proto 127.0.0.1:PORT Gr<TAB>`
completes demo.Demo/Greet."""

import os
import pty
import select
import shutil
import subprocess
import time
import unittest

from harness import (DEMO_PROTO, RPCCLI, SOURCE_DIR, GrpcJsServer,
                     SharedDemoServerTest, closed_port, install_grpcjs, rpccli,
                     timed)

BUILD_DIR = os.path.dirname(RPCCLI)
BASH_COMPLETION = "/usr/share/bash-completion/bash_completion"


def setUpModule():
    install_grpcjs()


def complete(*words):
    """The candidates rpccli prints, run from the source directory."""
    result = rpccli("__complete", *words, cwd=SOURCE_DIR)
    assert result.returncode == 0 and result.stderr == b"", result
    return result.stdout.decode().splitlines()


class CompleteTest(SharedDemoServerTest):
    def test_subcommands_and_their_flags(self):
        self.assertEqual(complete(""), ["list", "describe", "call", "health",
                                        "bench", "serve", "completion",
                                        "--help", "--version"])
        self.assertIn("--stubs", complete("serve", "--"))
        self.assertIn("--fail-if", complete("bench", "merge", "--"))
        self.assertEqual(complete("c"), ["call", "completion"])
        self.assertEqual(complete("call", "--pl"), ["--plaintext"])
        self.assertIn("--events", complete("call", "--"))
        self.assertNotIn("--events", complete("bench", "--"))
        self.assertEqual(complete("no-such-command", ""), [])

    def test_flag_values_with_fixed_choices(self):
        self.assertEqual(complete("call", "--format", ""), ["json", "text"])
        self.assertEqual(complete("bench", "--report", "j"), ["json"])
        self.assertEqual(complete("call", "--compress", ""),
                         ["gzip", "deflate"])
        self.assertEqual(complete("completion", ""), ["bash", "zsh", "fish"])

    def test_proto_files_and_directories(self):
        self.assertEqual(complete("list", "prot"), ["proto/"])
        self.assertEqual(complete("list", "proto/"), ["proto/demo.proto"])
        self.assertEqual(complete("call", "-p", "proto/d"),
                         ["proto/demo.proto"])
        self.assertEqual(complete("call", "-I", "prot"), ["proto/"])
        # A request file may be any file: all of them are offered.
        self.assertEqual(complete("call", "127.0.0.1:1", "x", "@proto/"),
                         ["@proto/demo.proto", "@proto/meson.build"])
        # Under the -I roots on the line too, as -p reads them.
        self.assertEqual(complete("call", "-I", "proto", "-p", "de"),
                         ["debian/", "demo.proto", "demo/"])
        self.assertEqual(complete("call", "-I", "proto", "-I", "tests/e2e",
                                  "-p", "gog"), ["gogrpc/"])

    def test_methods_from_the_files_on_the_line(self):
        self.assertEqual(complete("call", "--plaintext", "-p", DEMO_PROTO,
                                  "127.0.0.1:1", "Gr"), ["demo.Demo/Greet"])
        self.assertEqual(complete("bench", "-p", DEMO_PROTO, "127.0.0.1:1",
                                  "demo.Demo/C"),
                         ["demo.Demo/Countdown", "demo.Demo/Chat"])

    def test_methods_services_and_symbols_by_reflection(self):
        self.assertEqual(complete("call", "--plaintext", self.target, "S"),
                         ["demo.Demo/Sum"])
        self.assertEqual(complete("list", "--plaintext", self.target, "demo"),
                         ["demo.Demo"])
        self.assertEqual(complete("health", "--plaintext", self.target, ""),
                         ["demo.Demo", "grpc.health.v1.Health"])
        self.assertEqual(complete("describe", "--plaintext", self.target,
                                  "demo.Greet"),
                         ["demo.GreetReply", "demo.GreetRequest"])

    def test_a_server_that_is_not_there_completes_nothing_quickly(self):
        words, seconds = timed(complete, "call", "--plaintext",
                               "127.0.0.1:%d" % closed_port(), "")
        self.assertEqual(words, [])
        self.assertLess(seconds, 10)


class GrpcJsCompleteTest(unittest.TestCase):
    def test_methods_by_grpcjs_reflection(self):
        with GrpcJsServer("v1") as server:
            self.assertEqual(
                complete("call", "--plaintext", server.target, "GetI"),
                ["shop.v1.Shop/GetItem"])


class Terminal:
    """A shell on a pty: what is typed goes in as keys, and the screen's
    bytes come back."""

    def __init__(self, command, env):
        self.master, slave = pty.openpty()
        self.process = subprocess.Popen(
            command, stdin=slave, stdout=slave, stderr=slave, env=env,
            cwd=SOURCE_DIR, start_new_session=True)
        os.close(slave)
        self.screen = b""

    def type(self, keys):
        os.write(self.master, keys.encode())

    def wait_for(self, text, timeout=20):
        """True once `text` has shown, False after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while text.encode() not in self.screen:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    self.screen += os.read(self.master, 65536)
                except OSError:
                    return False
        return True

    def close(self):
        self.process.kill()
        self.process.wait()
        os.close(self.master)


class ShellTest(SharedDemoServerTest):
    def environment(self):
        return dict(os.environ, PATH=BUILD_DIR + ":" + os.environ["PATH"],
                    TERM="dumb", HOME=SOURCE_DIR)

    def tab_completes(self, command, setup):
        terminal = Terminal(command, self.environment())
        self.addCleanup(terminal.close)
        terminal.type(setup + "\n" + "echo READY\n")
        self.assertTrue(terminal.wait_for("READY\r\n"), terminal.screen)
        terminal.type("rpccli call --plaintext -p proto/demo.proto %s Gr\t"
                      % self.target)
        self.assertTrue(terminal.wait_for("Gr"), terminal.screen)
        self.assertTrue(terminal.wait_for("eet"), terminal.screen)
        line = terminal.screen.rsplit(b"READY", 1)[1]
        self.assertIn(b"demo.Demo/Greet", line)

    def test_bash(self):
        self.tab_completes(["bash", "--norc", "--noprofile", "-i"],
                           "source <(rpccli completion bash)")

    @unittest.skipUnless(os.path.exists(BASH_COMPLETION),
                         "bash-completion is not installed")
    def test_bash_with_bash_completion(self):
        self.tab_completes(["bash", "--norc", "--noprofile", "-i"],
                           "source %s; source <(rpccli completion bash)"
                           % BASH_COMPLETION)

    @unittest.skipUnless(shutil.which("zsh"), "zsh is not installed")
    def test_zsh(self):
        self.tab_completes(["zsh", "-f", "-i"],
                           "autoload -U compinit; compinit -u -D; "
                           "source <(rpccli completion zsh)")

    @unittest.skipUnless(shutil.which("fish"), "fish is not installed")
    def test_fish(self):
        # fish completes a command line given to it without a terminal.
        script = ("rpccli completion fish | source; complete -C "
                  "'rpccli call --plaintext -p proto/demo.proto %s Gr'"
                  % self.target)
        result = subprocess.run(["fish", "--no-config", "-c", script],
                                env=self.environment(), cwd=SOURCE_DIR,
                                capture_output=True, timeout=30)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.decode().split("\t")[0].strip(),
                         "demo.Demo/Greet")


if __name__ == "__main__":
    unittest.main()
