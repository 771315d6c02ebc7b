"""A reflection server that lies (hostile_reflection_server.py): malformed
files, missing and cyclic imports, a file sent for a symbol it does not
define, undefined types, answers over the size limit, and no answer at
all. rpccli names the bad file and exits 1, quickly, every time."""

import os
import subprocess
import tempfile
import unittest

from harness import SOURCE_DIR, DemoServer, rpccli, timed

DEBIAN_PYTHON = "/usr/bin/python3"
REFLECTION_PROTO = "/usr/share/grpc-proto/grpc/reflection/v1/reflection.proto"


def setUpModule():
    global STUBS
    STUBS = tempfile.TemporaryDirectory(prefix="rpccli-hostile-")
    subprocess.run(["protoc", "-I", os.path.dirname(REFLECTION_PROTO),
                    "--python_out=" + STUBS.name, REFLECTION_PROTO],
                   check=True, timeout=60)


def tearDownModule():
    STUBS.cleanup()


class HostileServer(DemoServer):
    startup_seconds = 30  # importing grpc is slower than starting C++

    def command(self):
        return [DEBIAN_PYTHON,
                os.path.join(SOURCE_DIR, "tests", "e2e",
                             "hostile_reflection_server.py"),
                STUBS.name, *self.flags]


class HostileReflectionTest(unittest.TestCase):
    def against(self, scenario, *flags, seconds=10):
        """(describe, call) results against a server playing `scenario`,
        each checked to take less than `seconds`: enough to tell an answer
        from a hang, with room for the silent scenario's 2 s wait by design
        and for building a 6 MB schema under ASan on two cores."""
        with HostileServer(scenario) as server:
            results = []
            for command in [["describe", server.target, "hostile.Svc"],
                            ["call", server.target, "hostile.Svc/Get", "{}"]]:
                result, took = timed(
                    rpccli, command[0], "--plaintext", "--connect-timeout", "2",
                    *flags, *command[1:])
                self.assertLess(took, seconds, scenario)
                results.append(result)
            return results

    def assertFails(self, scenario, message):
        for result in self.against(scenario):
            self.assertEqual(result.returncode, 1, result.stderr)
            self.assertEqual(result.stdout, b"")
            self.assertEqual(result.stderr.decode(),
                             "rpccli: error: %s\n" % message)

    def test_what_the_server_names_cannot_drive_the_terminal(self):
        with HostileServer("escapes") as server:
            listed = rpccli("list", "--plaintext", server.target)
        self.assertEqual(listed.returncode, 0, listed.stderr)
        self.assertEqual(listed.stdout.decode(),
                         "evil\\x1b[31m.Svc\\x0arpccli: error: forged\n")
        with HostileServer("abort") as server:
            refused = rpccli("list", "--plaintext", server.target)
        self.assertEqual(refused.returncode, 1)
        self.assertEqual(refused.stderr.decode(),
                         "rpccli: error: server reflection failed: "
                         "PermissionDenied: no reflection for you \\x1b[31m\n")

    def test_a_stream_ended_with_ok_and_no_answer(self):
        with HostileServer("close-ok") as server:
            result = rpccli("list", "--plaintext", server.target)
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stderr.decode(),
                         "rpccli: error: the server ended the reflection "
                         "stream (with OK) without answering for the list of "
                         "services\n")

    def test_an_answer_of_another_kind_is_not_read_as_empty(self):
        self.assertFails("wrong-kind",
                         "the server answered the request for symbol "
                         "hostile.Svc with extension numbers, not the kind of "
                         "answer asked for")
        with HostileServer("wrong-kind") as server:
            listed = rpccli("list", "--plaintext", server.target)
        self.assertEqual(listed.returncode, 1)
        self.assertEqual(listed.stdout, b"")
        self.assertEqual(listed.stderr.decode(),
                         "rpccli: error: the server answered the request for "
                         "the list of services with extension numbers, not "
                         "the kind of answer asked for\n")

    def test_an_empty_list_of_services_is_said(self):
        with HostileServer("empty-list") as server:
            listed = rpccli("list", "--plaintext", server.target)
            described = rpccli("describe", "--plaintext", server.target)
        for result in [listed, described]:
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(result.stdout, b"")
            self.assertEqual(result.stderr.decode(),
                             "rpccli: warning: %s lists no services (besides "
                             "reflection)\n" % server.target)

    def test_a_service_listed_but_never_described(self):
        with HostileServer("undescribed") as server:
            def run(*args):
                return rpccli(args[0], "--plaintext", server.target, *args[1:])
            every = run("describe")
            self.assertEqual(every.returncode, 0, every.stderr)
            self.assertTrue(every.stdout.decode().startswith(
                "hostile.Svc is a service:"))
            self.assertTrue(every.stdout.decode().endswith(
                "// hostile.Hidden: the server lists this service but does "
                "not describe it\n"))
            # A method found by its suffix among what can be described:
            # the server then says it has no such method.
            get = run("call", "Get", "{}")
            self.assertEqual(get.returncode, 76, get.stderr)
            hidden = run("call", "hostile.Hidden/Do", "{}")
            self.assertEqual(hidden.returncode, 1)
            self.assertEqual(
                hidden.stderr.decode(),
                'rpccli: error: unknown method "hostile.Hidden/Do"; the server '
                "lists hostile.Hidden but does not describe it\n")
            # describe says the same of it, and of what is in it.
            for symbol in ["hostile.Hidden", "hostile.Hidden.Do"]:
                described = run("describe", symbol)
                self.assertEqual((described.returncode, described.stdout),
                                 (1, b""))
                self.assertEqual(described.stderr.decode(),
                                 "rpccli: error: %s lists hostile.Hidden but "
                                 "does not describe it\n" % server.target)

    def test_a_file_that_does_not_parse(self):
        self.assertFails("malformed", "broken.proto: the server sent it for "
                         "symbol hostile.Svc, but it is not a valid "
                         "FileDescriptorProto")

    def test_an_option_value_nested_past_the_limit(self):
        self.assertFails("deep-option", "hostile.proto (from the server): the "
                         "value of option (hostile.opt) nests brackets more "
                         "than 100 deep (rpccli's limit; protobuf's parser "
                         "would run out of stack)")

    def test_messages_nested_past_protobufs_limit(self):
        self.assertFails("deep-messages", "hostile.proto: the server sent it "
                         "for symbol hostile.Svc, with messages nested more "
                         "than 100 deep, past protobuf's limit")

    def test_a_file_without_a_name(self):
        self.assertFails("nameless", "a file without a name: the server sent "
                         "it for symbol hostile.Svc")

    def test_an_import_the_server_does_not_have(self):
        # The import is dropped; the type it was to hold is found nowhere.
        self.assertFails("missing-import", 'hostile.proto (from the server): '
                         'hostile.Svc.Get: "hostile.Gone" is not defined.')

    def test_an_empty_placeholder_import_is_repaired(self):
        with HostileServer("placeholder") as server:
            result = rpccli("call", "-v", "--plaintext", server.target,
                            "hostile.Svc/Get", '{"text": "t"}')
        # The server's hand-written Svc has no handler: Unimplemented, once
        # the schema is whole and the request sent.
        self.assertEqual(result.returncode, 64 + 12, result.stderr)
        self.assertIn('rpccli: repaired reflection: hostile.proto: added the '
                      'missing import "real.proto" for hostile.Req',
                      result.stderr.decode().splitlines())

    def test_an_import_the_server_does_not_serve_is_dropped(self):
        with HostileServer("unserved-import") as server:
            result = rpccli("describe", "-v", "--plaintext", server.target,
                            "hostile.Svc")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.decode().splitlines()[0],
                         "hostile.Svc is a service:")
        self.assertEqual(result.stderr.decode().splitlines(), [
            'rpccli: repaired reflection: hostile.proto: dropped the import '
            '"gone.proto", which the server does not serve'])

    def test_files_that_import_each_other(self):
        self.assertFails("cycle", "a.proto (from the server): File recursively "
                         "imports itself: a.proto -> b.proto -> a.proto")

    def test_a_chain_of_imports_past_the_limit_is_refused(self):
        # It overflowed the stack (SIGSEGV) at about 6,600 files.
        self.assertFails("deep-chain", "f500.proto: the server's files import "
                         "each other more than 500 files deep (rpccli's limit)")

    def test_a_file_sent_for_a_symbol_it_does_not_define(self):
        self.assertFails("wrong-symbol", "other.proto: the server sent it for "
                         "symbol hostile.Svc, which it does not define")

    def test_a_type_that_is_defined_nowhere(self):
        self.assertFails("undefined-type", 'hostile.proto (from the server): '
                         'hostile.Svc.Get: "hostile.Nowhere" is not defined.')

    def test_a_file_over_the_receive_limit_names_the_flag(self):
        results = self.against("huge")
        for result in results:
            self.assertEqual(result.returncode, 1)
            self.assertRegex(result.stderr.decode(),
                             r"^rpccli: error: the server's reflection answer "
                             r"for symbol hostile.Svc is too large \(.*\); "
                             r"raise the limit with --max-msg-sz\n$")
        # Under a raised limit the same 6 MB file is used.
        describe, _ = self.against("huge", "--max-msg-sz", "16000000",
                                   seconds=30)
        self.assertEqual(describe.returncode, 0, describe.stderr)
        self.assertIn(b"rpc Get(.hostile.Req)", describe.stdout)

    def test_a_large_file_within_the_limit_is_used(self):
        describe, call = self.against("large", seconds=30)
        self.assertEqual(describe.returncode, 0, describe.stderr)
        self.assertIn(b"rpc Get(.hostile.Req)", describe.stdout)
        # The server has no such method to call; reflection was enough.
        self.assertEqual(call.returncode, 64 + 12, call.stderr)

    def test_a_server_that_never_answers_reflection(self):
        for result in self.against("silent"):
            self.assertEqual(result.returncode, 1)
            self.assertEqual(result.stderr.decode(),
                             "rpccli: error: server reflection failed: "
                             "DeadlineExceeded: no reflection answer within "
                             "2 s (--connect-timeout)\n")

    def test_max_time_bounds_the_wait_for_reflection_too(self):
        with HostileServer("silent") as server:
            result, took = timed(
                rpccli, "call", "--plaintext", "--max-time", "1",
                server.target, "hostile.Svc/Get", "{}")
        self.assertLess(took, 8)
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stderr.decode(),
                         "rpccli: error: server reflection failed: "
                         "DeadlineExceeded: no reflection answer within 1 s "
                         "(--max-time)\n")


if __name__ == "__main__":
    unittest.main()
