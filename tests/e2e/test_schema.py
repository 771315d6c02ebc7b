"""list and describe from .proto files, and every schema error, run through
the built rpccli binary."""

import os
import subprocess
import unittest

from harness import (DEMO_PROTO, SOURCE_DIR, RawServer, closed_port, rpccli,
                     write_files)

GOOD = """syntax = "proto3";
package shop;
import "google/protobuf/timestamp.proto";
// Sells things.
service Store { rpc Buy(Order) returns (Order); }
message Order { google.protobuf.Timestamp at = 1; }
"""


class ListTest(unittest.TestCase):
    def test_lists_services_from_a_positional_file(self):
        result = rpccli("list", DEMO_PROTO)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.decode(), "demo.Demo\n")
        self.assertEqual(result.stderr, b"")

    def test_lists_sorted_services_from_several_files(self):
        directory = write_files(self, {"shop.proto": GOOD})
        result = rpccli("list", "-p", DEMO_PROTO, "-p",
                        os.path.join(directory, "shop.proto"))
        self.assertEqual(result.stdout.decode(), "demo.Demo\nshop.Store\n")

    def test_lists_the_methods_of_a_service(self):
        result = rpccli("list", DEMO_PROTO, "demo.Demo")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.decode(), "".join(
            "demo.Demo.%s\n" % m for m in
            ["Chat", "Countdown", "Echo", "Fail", "Greet", "Sum",
             "Unimplemented"]))

    def test_files_answer_when_the_server_cannot_add_its_services(self):
        # A server without reflection (grpcio, serving demo.Demo), and one
        # that is not there: the files' services are listed, with a warning
        # that the server's are not.
        with RawServer("0a0178") as server:
            for target, why in [
                    (server.target, "does not support server reflection"),
                    ("127.0.0.1:%d" % closed_port(), "Connection refused")]:
                result = rpccli("list", "--plaintext", "-p", DEMO_PROTO, target)
                self.assertEqual((result.returncode, result.stdout),
                                 (0, b"demo.Demo\n"), result.stderr)
                warning = result.stderr.decode()
                self.assertTrue(warning.startswith(
                    "rpccli: warning: %s: only the files' services are "
                    "listed, the server's could not be had: " % target),
                    warning)
                self.assertIn(why, warning)
                self.assertEqual(warning.count("\n"), 1)
                result = rpccli("list", "--plaintext", "-p", DEMO_PROTO,
                                target, "demo.Demo")
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertIn(b"demo.Demo.Greet\n", result.stdout)

    def test_an_unknown_service_suggests_the_nearest(self):
        result = rpccli("list", DEMO_PROTO, "demo.Dmo")
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stdout, b"")
        self.assertEqual(
            result.stderr.decode(),
            'rpccli: error: unknown service "demo.Dmo"; '
            "did you mean demo.Demo?\n")


class DescribeTest(unittest.TestCase):
    def test_describes_a_service_with_its_comments(self):
        result = rpccli("describe", DEMO_PROTO, "demo.Demo")
        self.assertEqual(result.returncode, 0, result.stderr)
        out = result.stdout.decode()
        self.assertTrue(out.startswith("demo.Demo is a service:\nservice Demo {\n"))
        self.assertIn("  // Server streaming: counts down from `start` to 1, "
                      "one tick per number.\n", out)
        self.assertIn("  rpc Sum(stream .demo.Number) returns (.demo.SumReply);\n",
                      out)

    def test_describes_each_kind_of_symbol(self):
        cases = {
            "demo.Demo/Greet": "demo.Demo.Greet is a method:\n",
            "demo.Sample": "demo.Sample is a message:\n",
            "demo.Language": "demo.Language is an enum:\n",
            "demo.FRENCH": "demo.FRENCH is an enum value:\nFRENCH = 3;\n",
            "demo.Sample.int64_value": "demo.Sample.int64_value is a field:\n"
                                       "int64 int64_value = 3;\n",
            "demo.Sample.Point": "demo.Sample.Point is a message:\n",
        }
        for symbol, start in cases.items():
            result = rpccli("describe", "-p", DEMO_PROTO, symbol)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertTrue(result.stdout.decode().startswith(start),
                            result.stdout.decode())

    def test_describes_every_service_without_a_symbol(self):
        result = rpccli("describe", DEMO_PROTO)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(result.stdout.decode().startswith("demo.Demo is a service:"))

    def test_an_unknown_symbol_is_an_error(self):
        result = rpccli("describe", DEMO_PROTO, "demo.Smaple")
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stderr.decode(),
                         'rpccli: error: unknown symbol "demo.Smaple"; '
                         "did you mean demo.Sample?\n")


class ProtoFileTest(unittest.TestCase):
    def test_well_known_types_need_no_import_path(self):
        # The only import path holds shop.proto alone.
        directory = write_files(self, {"shop.proto": GOOD})
        result = rpccli("describe", "-I", directory, "-p", "shop.proto",
                        "shop.Order")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn(".google.protobuf.Timestamp at = 1;", result.stdout.decode())

    def test_without_import_paths_the_current_directory_is_the_root(self):
        directory = write_files(self, {"api/shop.proto": GOOD,
                                       "api/user.proto": 'syntax = "proto3";\n'
                                       'import "api/shop.proto";\n'
                                       "service Users { rpc Get(shop.Order) "
                                       "returns (shop.Order); }\n"})
        by_relative = rpccli("list", "api/user.proto", cwd=directory)
        self.assertEqual(by_relative.returncode, 0, by_relative.stderr)
        self.assertEqual(by_relative.stdout.decode(), "Users\nshop.Store\n")
        by_absolute = rpccli("list", os.path.join(directory, "api/user.proto"),
                             cwd=directory)
        self.assertEqual(by_absolute.stdout, by_relative.stdout)

    def test_bad_schemas_get_one_clear_line_each(self):
        directory = write_files(self, {
            "syntax.proto": 'syntax = "proto3";\nmessage M {\n  int32 x = 1\n}\n',
            "imports.proto": 'syntax = "proto3";\nimport "gone.proto";\n',
            "undefined.proto": 'syntax = "proto3";\nmessage M { Nope n = 1; }\n',
        })
        cases = {
            "missing.proto": "missing.proto: file not found",
            "syntax.proto": 'syntax.proto:4:1: Expected ";".',
            "imports.proto": 'imports.proto:2:1: import "gone.proto" not found; '
                             "searched the current directory, then the built-in "
                             "google/protobuf/*.proto (-I DIR adds DIR)",
            "undefined.proto": 'undefined.proto:2:13: "Nope" is not defined.',
        }
        for name, error in cases.items():
            result = rpccli("list", name, cwd=directory)
            self.assertEqual(result.returncode, 1, name)
            self.assertEqual(result.stdout, b"")
            self.assertEqual(result.stderr.decode(), "rpccli: error: " + error + "\n")

    def test_a_missing_import_lists_every_directory_searched(self):
        directory = write_files(self, {"a/main.proto": 'syntax = "proto3";\n'
                                       'import "dep.proto";\n', "b/x.txt": ""})
        result = rpccli("list", "-I", "a", "-I", "b", "main.proto", cwd=directory)
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stderr.decode(),
                         'rpccli: error: a/main.proto:2:1: import "dep.proto" not '
                         "found; searched a, b, then the built-in "
                         "google/protobuf/*.proto (-I DIR adds DIR)\n")


class ProtosetTest(unittest.TestCase):
    def test_a_protoset_without_its_imports_names_what_it_lacks(self):
        directory = write_files(self, {
            "a.proto": 'syntax = "proto3";\npackage a;\nmessage A {}\n',
            "b.proto": 'syntax = "proto3";\npackage b;\nimport "a.proto";\n'
                       'service S { rpc M(a.A) returns (a.A); }\n'})
        protoset = os.path.join(directory, "b.pb")
        subprocess.run(["protoc", "-I", directory, "--descriptor_set_out=" +
                        protoset, "b.proto"], check=True, timeout=60)
        expected = ("rpccli: error: %s: b.proto imports a.proto, which the "
                    "protoset does not hold; protoc writes imports into it "
                    "with --include_imports\n" % protoset)
        for command in [("list",), ("describe", "b.S"),
                        ("call", "127.0.0.1:1", "b.S/M", "{}")]:
            result = rpccli(command[0], "--protoset", protoset, *command[1:])
            self.assertEqual((result.returncode, result.stdout,
                              result.stderr.decode()), (1, b"", expected),
                             command)


class UsageTest(unittest.TestCase):
    def test_an_unknown_flag_exits_2(self):
        result = rpccli("list", "--no-such-flag", DEMO_PROTO)
        self.assertEqual(result.returncode, 2)
        self.assertEqual(result.stdout, b"")
        self.assertEqual(result.stderr.decode().splitlines()[0],
                         "rpccli: error: list: unknown flag --no-such-flag")

    def test_typos_get_a_did_you_mean(self):
        for args, error in [
                (["call", "--plaintex", "127.0.0.1:1", "M"],
                 "call: unknown flag --plaintex; did you mean --plaintext?"),
                # CLI11 would read it as -p laintext, a file not found.
                (["call", "-plaintext", "127.0.0.1:1", "M"],
                 "-plaintext: did you mean --plaintext? (one dash takes one "
                 "letter: -p laintext)"),
                (["cal", "--plaintext", "127.0.0.1:1", "M"],
                 'unknown command "cal"; did you mean call?')]:
            with self.subTest(args=args):
                result = rpccli(*args)
                self.assertEqual(result.returncode, 2)
                self.assertEqual(result.stderr.decode(),
                                 "rpccli: error: " + error +
                                 "\nRun 'rpccli --help' for usage.\n")

    def test_no_command_exits_2(self):
        self.assertEqual(rpccli().returncode, 2)

    def test_help_exits_0_and_names_every_command(self):
        result = rpccli("--help")
        self.assertEqual(result.returncode, 0)
        for word in ["list", "describe", "call", "Exit codes:"]:
            self.assertIn(word, result.stdout.decode())


if __name__ == "__main__":
    unittest.main()
