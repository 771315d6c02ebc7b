"""Protobuf Editions: files of our own (tests/e2e/editions) built into
descriptor sets by buf (from npm, pinned by its lock file), read from a
protoset and from a server that serves them by reflection as written
(editions_server.py), and called for real: presence on the wire and in
JSON, open and closed enums, packed and expanded lists, group-encoded
(delimited) messages, a required field, edition 2024, and a file no
proto2 or proto3 file can stand for."""

import base64
import json
import os
import subprocess
import tempfile
import unittest

from harness import DemoServer, SOURCE_DIR, install_npm_packages, rpccli

DEBIAN_PYTHON = "/usr/bin/python3"
REFLECTION_PROTO = "/usr/share/grpc-proto/grpc/reflection/v1/reflection.proto"
EDITIONS_DIR = os.path.join(SOURCE_DIR, "tests", "e2e", "editions")
EDITIONS_MODULES = os.environ.get("EDITIONS_MODULES_DIR", "")


def setUpModule():
    global WORK, SET, MIXED
    install_npm_packages(EDITIONS_DIR, EDITIONS_MODULES)
    WORK = tempfile.TemporaryDirectory(prefix="rpccli-editions-")
    subprocess.run(["protoc", "-I", os.path.dirname(REFLECTION_PROTO),
                    "--python_out=" + WORK.name, REFLECTION_PROTO],
                   check=True, timeout=60)
    SET = os.path.join(WORK.name, "set.binpb")
    MIXED = os.path.join(WORK.name, "mixed.binpb")
    buf = os.path.join(EDITIONS_MODULES, "node_modules", ".bin", "buf")
    for output, paths in [(SET, ["modern.proto", "legacy.proto",
                                 "newest.proto"]),
                          (MIXED, ["mixed.proto"])]:
        subprocess.run([buf, "build", "-o", output,
                        *[arg for path in paths for arg in ("--path", path)]],
                       cwd=EDITIONS_DIR, check=True, timeout=120,
                       env=dict(os.environ, BUF_CACHE_DIR=WORK.name))


def tearDownModule():
    WORK.cleanup()


class EditionsServer(DemoServer):
    startup_seconds = 30  # importing grpc is slower than starting C++

    def command(self):
        return [DEBIAN_PYTHON,
                os.path.join(SOURCE_DIR, "tests", "e2e", "editions_server.py"),
                WORK.name, SET, *self.flags]


# describe of editions.v1.Order: no proto2 labels or group, its features.
ORDER_AS_WRITTEN = (
    "editions.v1.Order is a message:\n"
    '// legacy.proto: edition = "2023"; option features.enum_type = CLOSED;\n'
    "message Order {\n"
    "  int64 id = 1 [features.field_presence = LEGACY_REQUIRED];\n"
    "  .editions.v1.Size size = 2;\n"
    "  .editions.v1.Line line = 3 [features.message_encoding = DELIMITED];\n"
    "  repeated int32 codes = 4 [features.repeated_field_encoding = "
    "EXPANDED];\n"
    "  repeated int32 sizes = 5;\n"
    '  string note = 6 [default = "none"];\n'
    "}\n")


def wire_bytes(result):
    """The request bytes the Wire method sent back, from rpccli's JSON."""
    return base64.b64decode(json.loads(result.stdout)["wire"])


class ProtosetTest(unittest.TestCase):
    def test_a_set_of_editions_files_is_read_each_as_proto2_or_proto3(self):
        result = rpccli("list", "--protoset", SET, "-v")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.decode(),
                         "editions.v1.Legacy\neditions.v1.Modern\n"
                         "editions.v2.Notes\n")
        self.assertEqual(result.stderr.decode(),
                         "rpccli: lowered legacy.proto: edition 2023, read as "
                         "proto2\n"
                         "rpccli: lowered modern.proto: edition 2023, read as "
                         "proto3\n"
                         "rpccli: lowered newest.proto: edition 2024, read as "
                         "proto3\n")

    def test_a_file_neither_syntax_holds_is_refused_naming_both_kinds(self):
        result = rpccli("list", "--protoset", MIXED)
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stdout, b"")
        self.assertEqual(result.stderr.decode(),
                         "rpccli: error: mixed.proto: edition 2023 file that "
                         "protobuf 3.21 cannot hold: enum editions.mixed.Mood "
                         "(enum_type OPEN) has proto3's meaning and field "
                         "editions.mixed.Entry.id (field_presence "
                         "LEGACY_REQUIRED) proto2's, and no file of protobuf "
                         "3.21 holds both\n")


def buf_build(directory, output):
    """A descriptor set of the .proto files in `directory`, by buf."""
    with open(os.path.join(directory, "buf.yaml"), "w") as config:
        config.write("version: v2\n")
    subprocess.run([os.path.join(EDITIONS_MODULES, "node_modules", ".bin",
                                 "buf"), "build", "-o", output],
                   cwd=directory, check=True, timeout=120,
                   env=dict(os.environ, BUF_CACHE_DIR=WORK.name))


class HostileFilesTest(unittest.TestCase):
    """Files that broke an earlier build, from a hostile try."""

    def test_a_delimited_field_of_its_own_type_is_described(self):
        with tempfile.TemporaryDirectory() as directory:
            with open(os.path.join(directory, "r.proto"), "w") as proto:
                proto.write(
                    'edition = "2023";\npackage r;\n'
                    "message Inner {\n  int32 a = 1;\n"
                    "  Inner self = 2 [features.message_encoding = "
                    "DELIMITED];\n}\n")
            result = rpccli("describe", "-I", directory, "-p", "r.proto",
                            "r.Inner")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.decode(),
                         "r.Inner is a message:\n"
                         '// r.proto: edition = "2023";\n'
                         "message Inner {\n  int32 a = 1;\n"
                         "  .r.Inner self = 2 [features.message_encoding = "
                         "DELIMITED];\n}\n")

    def test_language_features_are_left_aside_from_files_and_sets(self):
        with tempfile.TemporaryDirectory() as directory:
            with open(os.path.join(directory, "z.proto"), "w") as proto:
                proto.write(
                    'edition = "2023";\npackage z;\n'
                    'import "google/protobuf/cpp_features.proto";\n'
                    "message M { string s = 1 "
                    "[features.(pb.cpp).string_type = VIEW]; }\n"
                    "service S { rpc Echo(M) returns (M); }\n")
            from_file = rpccli("list", "-I", directory, "-p", "z.proto")
            built = os.path.join(directory, "z.binpb")
            buf_build(directory, built)
            from_set = rpccli("list", "--protoset", built)
        for result in [from_file, from_set]:
            self.assertEqual((result.returncode, result.stdout),
                             (0, b"z.S\n"), result.stderr)

    def test_a_feature_value_no_edition_has_is_refused(self):
        # As a protoset written by hand could hold it: field_presence 7.
        script = (
            "import sys\n"
            "from google.protobuf import descriptor_pb2\n"
            "s = descriptor_pb2.FileDescriptorSet.FromString("
            "open(sys.argv[1], 'rb').read())\n"
            "f = [f for f in s.file if f.name == 'modern.proto'][0]\n"
            "field = f.message_type[0].field[1]\n"
            "field.options.MergeFromString(b'\\xaa\\x01\\x02\\x08\\x07')\n"
            "open(sys.argv[2], 'wb').write(s.SerializeToString())\n")
        with tempfile.TemporaryDirectory() as directory:
            bad = os.path.join(directory, "bad.binpb")
            subprocess.run([DEBIAN_PYTHON, "-c", script, SET, bad],
                           check=True, timeout=60)
            result = rpccli("list", "--protoset", bad)
        self.assertEqual((result.returncode, result.stdout), (1, b""))
        self.assertEqual(result.stderr.decode(),
                         "rpccli: error: modern.proto: field "
                         "editions.v1.Item.count: features.field_presence = "
                         "7, which no edition has\n")


class ReflectionTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = EditionsServer().__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def call(self, method, *args):
        return rpccli("call", "--plaintext", self.server.target,
                      "editions." + method, *args)

    def test_explicit_presence_sends_a_zero_that_was_set(self):
        result = self.call("v1.Modern/Wire",
                           '{"name": "a", "count": 0, "sizes": [1, 2], '
                           '"codes": [3, 4], "color": "COLOR_RED"}')
        self.assertEqual(result.returncode, 0, result.stderr)
        # count 0 goes (explicit presence); sizes packed; codes expanded.
        self.assertEqual(wire_bytes(result).hex(),
                         "0a0161" "1000" "22020102" "2803" "2804" "3001")

    def test_json_shows_a_set_zero_only_where_presence_is_explicit(self):
        result = self.call("v1.Modern/Echo", "--compact",
                           '{"count": 0, "stock": 0, "number": 0, '
                           '"counts": {"a": 0}}')
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout),
                         {"count": 0, "number": 0, "counts": {"a": 0}})

    def test_an_open_enum_keeps_a_value_it_does_not_define(self):
        result = self.call("v1.Modern/Echo", "--compact", '{"color": 7}')
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.decode(), '{"color":7}\n')

    def test_a_closed_enum_keeps_a_value_it_does_not_define_as_unknown(self):
        # Order with id 5 and size 7, which Size does not define.
        order = base64.b64encode(bytes.fromhex("0805" "1007")).decode()
        result = self.call("v1.Legacy/Unwrap", "--compact",
                           '{"wire": "%s"}' % order)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.decode(), '{"id":"5"}\n')
        self.assertEqual(result.stderr.decode(),
                         "rpccli: warning: the response has fields JSON "
                         "cannot show (field 2 (size, with a value or wire "
                         "type the schema does not take) in "
                         "editions.v1.Order); --format text shows them\n")
        text = self.call("v1.Legacy/Unwrap", "--format", "text",
                         'wire: "\\010\\005\\020\\007"')
        self.assertEqual(text.returncode, 0, text.stderr)
        self.assertEqual(text.stdout.decode(), "id: 5\n2: 7\n")

    def test_a_closed_enum_refuses_a_value_it_does_not_define(self):
        result = self.call("v1.Legacy/Echo", '{"id": "1", "size": 7}')
        self.assertEqual(result.returncode, 1)
        self.assertIn("size", result.stderr.decode())

    def test_legacy_required_expanded_and_packed_on_the_wire(self):
        result = self.call("v1.Legacy/Wire",
                           '{"id": "5", "size": "SIZE_LARGE", '
                           '"codes": [1, 2], "sizes": [3, 4]}')
        self.assertEqual(result.returncode, 0, result.stderr)
        # codes expanded (the field's feature), sizes packed (2023's).
        self.assertEqual(wire_bytes(result).hex(),
                         "0805" "1002" "2001" "2002" "2a020304")

    def test_a_required_field_left_out_is_refused_before_sending(self):
        result = self.call("v1.Legacy/Echo", '{"size": "SIZE_LARGE"}')
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stderr.decode(),
                         'rpccli: error: <argument>:1:1: message 1: required '
                         'field "id" of editions.v1.Order is missing '
                         "(required fields must be set)\n")

    def test_a_delimited_message_goes_group_encoded_from_json(self):
        result = self.call("v1.Legacy/Wire",
                           '{"id": "1", "line": {"sku": "x"}}')
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(wire_bytes(result).hex(),
                         "0801" "1b" "0a0178" "1c")
        echo = self.call("v1.Legacy/Echo", "--compact",
                         '{"id": "1", "line": {"sku": "x"}}')
        self.assertEqual(echo.returncode, 0, echo.stderr)
        self.assertEqual(echo.stdout.decode(),
                         '{"id":"1","line":{"sku":"x"}}\n')
        self.assertEqual(echo.stderr, b"")

    def test_describe_shows_an_element_as_its_file_writes_it(self):
        result = rpccli("describe", "--plaintext", self.server.target,
                        "editions.v1.Order")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.decode(), ORDER_AS_WRITTEN)

    def test_text_format_names_a_delimited_field_by_its_name(self):
        # Order.line is delimited, of a message of another name and place:
        # no proto2 group, whose text names it by its type.
        result = self.call("v1.Legacy/Echo", "--format", "text", "--compact",
                           'id: 1 line { sku: "x" }')
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.decode(), 'id: 1 line { sku: "x" }\n')
        wire = self.call("v1.Legacy/Wire", "--format", "text",
                         'id: 1 line { sku: "x" }')
        self.assertEqual(wire.stdout.decode(),
                         'wire: "\\010\\001\\033\\n\\001x\\034"\n')

    def test_edition_2024_is_read_as_2023(self):
        result = self.call("v2.Notes/Echo", "--compact", "-v",
                           '{"text": "hi", "stars": 0}')
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.decode(), '{"text":"hi","stars":0}\n')
        self.assertIn("rpccli: lowered newest.proto: edition 2024, read as "
                      "proto3\n", result.stderr.decode())

    def test_protoset_out_writes_the_files_as_the_server_sent_them(self):
        out = os.path.join(WORK.name, "from-server.binpb")
        result = rpccli("describe", "--plaintext", self.server.target,
                        "editions.v1.Legacy", "--protoset-out", out)
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(out, "rb") as written, open(SET, "rb") as built:
            written_files = self.files_by_name(written.read())
            built_files = self.files_by_name(built.read())
        self.assertEqual(sorted(written_files), ["legacy.proto", "modern.proto"])
        for name, data in written_files.items():
            self.assertEqual(data, built_files[name], name)
        again = rpccli("list", "--protoset", out)
        self.assertEqual(again.stdout.decode(),
                         "editions.v1.Legacy\neditions.v1.Modern\n")

    @staticmethod
    def files_by_name(data):
        """{name: serialized FileDescriptorProto} of a descriptor set."""
        files = {}
        at = 0
        while at < len(data):
            assert data[at] == 0x0a, data[at]
            at += 1
            length, shift = 0, 0
            while True:
                byte = data[at]
                at += 1
                length |= (byte & 0x7F) << shift
                shift += 7
                if not byte & 0x80:
                    break
            file = data[at:at + length]
            at += length
            # The name is field 1, written first.
            assert file[0] == 0x0a
            files[file[2:2 + file[1]].decode()] = file
        return files


class ProtoFileTest(unittest.TestCase):
    """The same files given with -p: read by rpccli's own pass over 3.21's
    parser, lowered alike."""

    @classmethod
    def setUpClass(cls):
        cls.server = EditionsServer().__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def test_a_call_with_editions_files_sends_what_reflection_would(self):
        result = rpccli("call", "--plaintext", "-v", "-I", EDITIONS_DIR,
                        "-p", "legacy.proto", self.server.target,
                        "editions.v1.Legacy/Wire",
                        '{"id": "5", "size": "SIZE_LARGE", "line": {"sku": '
                        '"x"}, "codes": [1, 2], "sizes": [3, 4]}')
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(wire_bytes(result).hex(),
                         "0805" "1002" "1b0a01781c" "2001" "2002" "2a020304")
        self.assertIn("rpccli: lowered %s/legacy.proto: edition 2023, read as "
                      "proto2\n" % EDITIONS_DIR, result.stderr.decode())
        modern = rpccli("call", "--plaintext", "-I", EDITIONS_DIR, "-p",
                        "modern.proto", self.server.target,
                        "editions.v1.Modern/Wire", '{"count": 0, "stock": 0}')
        self.assertEqual(modern.returncode, 0, modern.stderr)
        self.assertEqual(wire_bytes(modern).hex(), "1000" "1800")

    def test_describe_shows_an_element_as_its_file_writes_it(self):
        result = rpccli("describe", "-I", EDITIONS_DIR, "-p", "legacy.proto",
                        "editions.v1.Order")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.decode(), ORDER_AS_WRITTEN)

    def test_protoset_out_writes_the_files_as_written_names_resolved(self):
        with tempfile.TemporaryDirectory() as directory:
            out = os.path.join(directory, "out.binpb")
            result = rpccli("list", "-I", EDITIONS_DIR, "-p", "legacy.proto",
                            "--protoset-out", out)
            self.assertEqual(result.returncode, 0, result.stderr)
            script = (
                "import sys\n"
                "from google.protobuf import descriptor_pb2\n"
                "s = descriptor_pb2.FileDescriptorSet.FromString("
                "open(sys.argv[1], 'rb').read())\n"
                "for f in s.file:\n"
                "  for m in f.service[0].method if f.service else []:\n"
                "    print(f.name, f.syntax, m.input_type, m.output_type)\n"
                "  for t in f.message_type:\n"
                "    for x in t.field:\n"
                "      print(' ', x.name, x.type, x.type_name)\n")
            listed = subprocess.run([DEBIAN_PYTHON, "-c", script, out],
                                    check=True, timeout=60,
                                    capture_output=True).stdout.decode()
            again = rpccli("list", "--protoset", out)
        self.assertIn("legacy.proto editions .editions.v1.Order "
                      ".editions.v1.Raw\n", listed)
        # line is delimited: a message field, as editions write it.
        self.assertIn("  line 11 .editions.v1.Line\n", listed)
        self.assertIn("  size 14 .editions.v1.Size\n", listed)
        self.assertEqual(again.stdout.decode(),
                         "editions.v1.Legacy\neditions.v1.Modern\n")

    def test_a_file_no_lowering_holds_and_an_unknown_edition_are_one_line(self):
        mixed = rpccli("list", "-I", EDITIONS_DIR, "-p", "mixed.proto")
        self.assertEqual((mixed.returncode, mixed.stdout), (1, b""))
        self.assertEqual(mixed.stderr.decode(),
                         "rpccli: error: %s/mixed.proto:6:1: edition 2023 file "
                         "that protobuf 3.21 cannot hold: enum "
                         "editions.mixed.Mood (enum_type OPEN) has proto3's "
                         "meaning and field editions.mixed.Entry.id "
                         "(field_presence LEGACY_REQUIRED) proto2's, and no "
                         "file of protobuf 3.21 holds both\n" % EDITIONS_DIR)
        with tempfile.TemporaryDirectory() as directory:
            with open(os.path.join(directory, "bad.proto"), "w") as bad:
                bad.write('edition = "2023";\nmessage M {\n'
                          "  int32 a = 1 [features.field_presence = OFTEN];\n"
                          "}\n")
            result = rpccli("list", "-I", directory, "-p", "bad.proto")
        self.assertEqual((result.returncode, result.stdout), (1, b""))
        self.assertEqual(result.stderr.decode(),
                         "rpccli: error: %s/bad.proto:3:3: field M.a: option "
                         "features.field_presence = OFTEN is not one of its "
                         "values (EXPLICIT, IMPLICIT, LEGACY_REQUIRED)\n"
                         % directory)


class V1AlphaTest(unittest.TestCase):
    def test_reflection_v1alpha_serves_editions_files_too(self):
        with EditionsServer("v1alpha") as server:
            result = rpccli("call", "--plaintext", server.target,
                            "editions.v1.Modern/Echo", "--compact",
                            '{"name": "a", "count": 0}')
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.decode(), '{"name":"a","count":0}\n')


if __name__ == "__main__":
    unittest.main()
