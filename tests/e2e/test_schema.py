"""list and describe from .proto files, and every schema error, run through
the built rpccli binary."""

import json
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

    def test_comments_cannot_drive_the_terminal(self):
        # A comment may come from a server's reflection as well as a file.
        directory = write_files(self, {"esc.proto": (
            'syntax = "proto3";\npackage esc;\n'
            '// clears \x1b[2J the screen\x07\n\t// and a tab\n'
            'message R {}\n')})
        result = rpccli("describe", os.path.join(directory, "esc.proto"),
                        "esc.R")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("// clears \\x1b[2J the screen\\x07\n",
                      result.stdout.decode())
        self.assertNotIn(b"\x1b", result.stdout)

    def test_describes_each_kind_of_symbol(self):
        cases = {
            "demo.Demo/Greet": "demo.Demo.Greet is a method:\n",
            "demo.Sample": "demo.Sample is a message:\n",
            "demo.Language": "demo.Language is an enum:\n",
            "demo.FRENCH": "demo.FRENCH is an enum value:\nFRENCH = 3;\n",
            "demo.Sample.int64_value": "demo.Sample.int64_value is a field:\n"
                                       "int64 int64_value = 3;\n",
            "demo.Sample.Point": "demo.Sample.Point is a message:\n",
            "demo.Sample.choice": "demo.Sample.choice is a oneof:\n"
                                  "oneof choice {\n  string label = 23;\n",
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

    def test_comments_read_as_the_source_has_them(self):
        directory = write_files(self, {"cm.proto": (
            'syntax = "proto3";\npackage cm;\n'
            "// First paragraph.\n//\n// Second paragraph.\n"
            "enum E {\n  E_UNSPECIFIED = 0; // none\n  ONE = 1;  // one\n}\n")})
        result = rpccli("describe", "-I", directory, "-p", "cm.proto", "cm.E")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.decode(),
                         "cm.E is an enum:\n// First paragraph.\n//\n"
                         "// Second paragraph.\nenum E {\n"
                         "  E_UNSPECIFIED = 0; // none\n  ONE = 1; // one\n}\n")

    def test_an_unknown_symbol_is_an_error(self):
        result = rpccli("describe", DEMO_PROTO, "demo.Smaple")
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stderr.decode(),
                         'rpccli: error: unknown symbol "demo.Smaple"; '
                         "did you mean demo.Sample?\n")


    def test_a_template_fills_a_proto2_group_as_json_writes_it(self):
        directory = write_files(self, {"g.proto": (
            'syntax = "proto2"; package g;\n'
            "message M { optional string s = 1;\n"
            "  optional group G = 2 { optional int32 a = 3; } }\n")})
        result = rpccli("describe", "-I", directory, "-p", "g.proto", "g.M",
                        "--template")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout), {"s": "", "g": {"a": 0}})
        self.assertEqual(result.stderr, b"")


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


    def test_gogoproto_options_as_containerd_imports_them(self):
        files = {"c.proto": 'syntax = "proto3";\npackage c;\n'
                            'import weak "gogoproto/gogo.proto";\n'
                            "message M { string id = 1 "
                            "[(gogoproto.nullable) = false]; }\n"
                            "service S { rpc Get(M) returns (M); }\n"}
        directory = write_files(self, files)
        # Weakly imported and not found: read without it, said under -v.
        weak = rpccli("list", "-v", "-p", "c.proto", cwd=directory)
        self.assertEqual((weak.returncode, weak.stdout), (0, b"c.S\n"),
                         weak.stderr)
        self.assertEqual(weak.stderr.decode(),
                         'rpccli: c.proto: weak import "gogoproto/gogo.proto" '
                         "not found: read without it and the options it would "
                         "define ((gogoproto.nullable))\n")
        # Imported plainly, it must be found: the error names where Debian's
        # golang-github-gogo-protobuf-dev keeps it.
        with open(os.path.join(directory, "c.proto"), "w") as proto:
            proto.write(files["c.proto"].replace("import weak", "import"))
        plain = rpccli("list", "-p", "c.proto", cwd=directory)
        self.assertEqual((plain.returncode, plain.stdout), (1, b""))
        self.assertEqual(plain.stderr.decode(),
                         'rpccli: error: c.proto:3:1: import '
                         '"gogoproto/gogo.proto" not found; searched the '
                         "current directory, then the built-in "
                         "google/protobuf/*.proto (-I DIR adds DIR); -I "
                         "/usr/share/gocode/src/github.com/gogo/protobuf "
                         "holds it\n")
        found = rpccli("list", "-I", ".", "-I",
                       "/usr/share/gocode/src/github.com/gogo/protobuf",
                       "-p", "c.proto", cwd=directory)
        self.assertEqual((found.returncode, found.stdout), (0, b"c.S\n"),
                         found.stderr)

    def test_a_file_outside_the_import_paths_is_told_the_root_it_needs(self):
        directory = write_files(self, {
            "proj/api/v1/common.proto": 'syntax = "proto3";\npackage api.v1;\n'
                                        "message C {}\n",
            "proj/api/v1/shop.proto": 'syntax = "proto3";\npackage api.v1;\n'
                                      'import "api/v1/common.proto";\n'
                                      "message S { C c = 1; }\n",
            "other/x.proto": 'syntax = "proto3";\n'})
        result = rpccli("list", "-I", "other", "-p", "proj/api/v1/shop.proto",
                        cwd=directory)
        self.assertEqual((result.returncode, result.stdout,
                          result.stderr.decode()),
                         (1, b"", "rpccli: error: proj/api/v1/shop.proto: not "
                          "under any import path; add -I proj, the folder its "
                          "imports are found under\n"))
        fixed = rpccli("list", "-I", "other", "-I", "proj", "-p",
                       "proj/api/v1/shop.proto", cwd=directory)
        self.assertEqual(fixed.returncode, 0, fixed.stderr)

    def test_errors_in_a_proto_file_are_one_line_from_the_cause(self):
        directory = write_files(self, {
            "c1.proto": 'syntax = "proto3";\nimport "c2.proto";\n',
            "c2.proto": 'syntax = "proto3";\nimport "c1.proto";\n',
            "na.proto": 'syntax = "proto3";\nmessage Caf\u00e9 { int32 a = 1; }\n',
            "two.proto": 'syntax = "proto3";\nmessage A { int32 a = 1; '
                         "int32 b = 1; }\nmessage A {}\n"})
        for name, error in [
                ("c1.proto", "c1.proto:2:1: File recursively imports itself: "
                 "c1.proto -> c2.proto -> c1.proto"),
                ("na.proto", "na.proto:2:12: a character that is not ASCII, "
                 "outside a string or comment: .proto names are ASCII "
                 "letters, digits and '_' (and 2 more errors)"),
                ("two.proto", 'two.proto:3:9: "A" is already defined. '
                 "(and 1 more error)")]:
            with self.subTest(name=name):
                result = rpccli("list", "-I", directory, "-p",
                                os.path.join(directory, name))
                self.assertEqual((result.returncode, result.stdout,
                                  result.stderr.decode()),
                                 (1, b"", "rpccli: error: %s/%s\n"
                                  % (directory, error)))

    def test_a_file_protobuf_cannot_read_at_all_is_one_line(self):
        directory = write_files(self, {
            "e.proto": 'edition = "2025";\npackage e;\nmessage M { int32 a = 1; }\n'})
        made = rpccli("list", DEMO_PROTO, "--protoset-out",
                      os.path.join(directory, "set.pb"))
        self.assertEqual(made.returncode, 0, made.stderr)
        for flags, error in [
                (["-p", os.path.join(directory, "set.pb")],
                 "%s/set.pb: not a .proto file: it holds binary data (a "
                 "descriptor set goes with --protoset)" % directory),
                (["-I", directory, "-p", os.path.join(directory, "e.proto")],
                 '%s/e.proto:1:1: edition "2025" is not one rpccli reads: it '
                 "reads Protobuf Editions 2023 and 2024, proto2 and proto3"
                 % directory)]:
            with self.subTest(flags=flags):
                result = rpccli("list", *flags)
                self.assertEqual((result.returncode, result.stdout,
                                  result.stderr.decode()),
                                 (1, b"", "rpccli: error: " + error + "\n"))


class ProtosetTest(unittest.TestCase):
    def test_protoset_out_writes_json_names_as_protoc_does(self):
        directory = write_files(self, {})
        out = os.path.join(directory, "demo.pb")
        made = rpccli("list", "-p", DEMO_PROTO, "--protoset-out", out)
        self.assertEqual(made.returncode, 0, made.stderr)
        with open(out, "rb") as written:
            decoded = subprocess.run(
                ["protoc", "--decode=google.protobuf.FileDescriptorSet",
                 "-I", "/usr/include", "google/protobuf/descriptor.proto"],
                stdin=written, capture_output=True, check=True, timeout=60)
        self.assertIn(b'json_name: "int64Value"', decoded.stdout)
        self.assertIn(b'json_name: "shownAs"', decoded.stdout)

    def test_protoset_out_never_writes_over_a_file_it_read(self):
        directory = write_files(self, {
            "api/shop.proto": GOOD,
            "api/front.proto": 'syntax = "proto3"; package front;\n'
                               'import "shop.proto";\n'})
        shop = os.path.join(directory, "api", "shop.proto")
        root = os.path.join(directory, "api")
        with open(shop, "rb") as before:
            original = before.read()
        cases = [
            (["-p", shop], shop, "-p " + shop),
            (["-I", root, "-p", os.path.join(root, "front.proto")], shop,
             "the import of shop.proto under -I " + root)]
        made = rpccli("list", "-p", shop, "--protoset-out",
                      os.path.join(directory, "set.pb"))
        self.assertEqual(made.returncode, 0, made.stderr)
        set_path = os.path.join(directory, "set.pb")
        cases.append((["--protoset", set_path], set_path,
                      "--protoset " + set_path))
        for flags, out, named in cases:
            with self.subTest(flags=flags):
                with open(out, "rb") as before:
                    kept = before.read()
                result = rpccli("list", *flags, "--protoset-out", out)
                self.assertEqual((result.returncode, result.stdout), (1, b""))
                self.assertEqual(
                    result.stderr.decode(),
                    "rpccli: error: %s (--protoset-out): it is a file this "
                    "command read (%s); writing the set there would lose "
                    "it: name another file\n" % (out, named))
                with open(out, "rb") as after:
                    self.assertEqual(after.read(), kept)
        with open(shop, "rb") as after:
            self.assertEqual(after.read(), original)
        # Nor over the request or a header file: refused before any call.
        request = os.path.join(directory, "request.json")
        headers = os.path.join(directory, "headers.txt")
        for path, text in [(request, '{"text": "keep me"}\n'),
                           (headers, "authorization: Bearer abc\n")]:
            with open(path, "w") as file:
                file.write(text)
        for flags, out, named in [
                (["@" + request], request, "the request @" + request),
                (["{}", "-H", "@" + headers], headers, "-H @" + headers),
                (["{}", "--rpc-header", "@" + headers], headers,
                 "--rpc-header @" + headers)]:
            with self.subTest(flags=flags):
                result = rpccli("call", "--plaintext", "-p", DEMO_PROTO,
                                "127.0.0.1:1", "demo.Demo/Echo", *flags,
                                "--protoset-out", out)
                self.assertEqual((result.returncode, result.stdout), (1, b""))
                self.assertIn("it is a file this command read (%s)" % named,
                              result.stderr.decode())
        with open(request) as after:
            self.assertEqual(after.read(), '{"text": "keep me"}\n')
        with open(headers) as after:
            self.assertEqual(after.read(), "authorization: Bearer abc\n")

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


    def test_a_protoset_protobuf_would_not_take_says_why(self):
        def record(field, payload):
            return bytes([field << 3 | 2, len(payload)]) + payload

        def file(name, package, message=b"M"):
            return record(1, record(1, name) + record(2, package) +
                          record(4, record(1, message)))

        directory = write_files(self, {})
        for content, error in [
                (file(b"a.proto", b"a\x1bb"),
                 'a.proto: its package "a\\x1bb" is not a valid name'),
                (file(b"d.proto", b"d") + file(b"d.proto", b"d", b"N"),
                 "d.proto is in it twice, as two different files"),
                (file(b"x.proto", b"p") + file(b"y.proto", b"p"),
                 "y.proto: it defines p.M, which x.proto already defines")]:
            protoset = os.path.join(directory, "bad.pb")
            with open(protoset, "wb") as out:
                out.write(content)
            with self.subTest(error=error):
                result = rpccli("list", "--protoset", protoset)
                self.assertEqual((result.returncode, result.stdout,
                                  result.stderr.decode()),
                                 (1, b"", "rpccli: error: %s: %s\n"
                                  % (protoset, error)))

    def test_a_protoset_whose_file_does_not_build_is_an_error(self):
        # Written by hand: protoc would not write it. Service p.S's method
        # takes .p.Nope, which nothing defines.
        def record(field, payload):
            return bytes([field << 3 | 2, len(payload)]) + payload

        method = (record(1, b"Get") + record(2, b".p.Nope") +
                  record(3, b".p.Req"))
        file = (record(1, b"p.proto") + record(2, b"p") +
                record(4, record(1, b"Req")) +
                record(6, record(1, b"S") + record(2, method)) +
                record(12, b"proto3"))
        directory = write_files(self, {})
        protoset = os.path.join(directory, "undef.pb")
        with open(protoset, "wb") as out:
            out.write(record(1, file))
        expected = ('rpccli: error: p.proto: p.S.Get: ".p.Nope" is not '
                    "defined.\n")
        for command in [("list",), ("describe",), ("list", "p.S"),
                        ("call", "127.0.0.1:1", "p.S/Get", "{}")]:
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

    def test_a_flag_of_another_command_says_whose_it_is(self):
        for args, error in [
                (["health", "-p", DEMO_PROTO, "127.0.0.1:1"],
                 "health: unknown flag -p; health needs no schema: "
                 "grpc.health.v1 is built in"),
                (["describe", "-c", "2", DEMO_PROTO],
                 "describe: unknown flag -c; it is a flag of call, bench")]:
            with self.subTest(args=args):
                result = rpccli(*args)
                self.assertEqual((result.returncode, result.stdout), (2, b""))
                self.assertEqual(result.stderr.decode().splitlines()[0],
                                 "rpccli: error: " + error)

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
