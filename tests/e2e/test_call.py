"""Unary calls through the built rpccli binary against the demo server."""

import json
import os
import socket
import threading
import unittest

from harness import (DEMO_PROTO, DemoServer, SharedDemoServerTest,
                     closed_port, rpccli, running, silent_port, timed,
                     write_files)

# One value for every kind of field in demo.Sample, in canonical form, so
# the echo must come back identical.
EVERY_FIELD = {
    "text": "héllo, 世界",
    "int32Value": -5,
    "int64Value": "-9223372036854775808",
    "uint32Value": 4294967295,
    "uint64Value": "18446744073709551615",
    "sint32Value": -3,
    "sint64Value": "-4",
    "fixed32Value": 5,
    "fixed64Value": "6",
    "sfixed32Value": -7,
    "sfixed64Value": "-8",
    "floatValue": 1.5,
    "doubleValue": "Infinity",
    "flag": True,
    "blob": "AAEC/w==",
    "color": "BLUE",
    "point": {"x": 1, "y": -1},
    "numbers": [3, 1, 2],
    "path": [{"x": 1}, {}],
    "colors": ["RED", "GREEN"],
    "counts": {"a": "1", "b": "-2"},
    "pointsById": {"7": {"y": 9}},
    "spot": {"x": 4},
    "maybe": 0,
    "shownAs": "shown",
    "when": "2024-02-29T11:00:00.500Z",
    "timeout": "1.500s",
    "attributes": {"k": [1, "two", None, {"x": True}]},
    "anything": "text",
    "nickname": "",
    "limit": "42",
    "language": "CHINESE",
}


class CallTest(SharedDemoServerTest):
    def call(self, method, *args, input=None):
        return rpccli("call", "--plaintext", "-p", DEMO_PROTO, self.target,
                      method, *args, input=input)

    def assertFails(self, result, code, stderr):
        self.assertEqual(result.returncode, code, result.stderr)
        self.assertEqual(result.stdout, b"")
        self.assertEqual(result.stderr.decode(), stderr)

    def test_greets(self):
        result = self.call("demo.Demo/Greet", '{"name": "rpccli", "language": "FRENCH"}')
        self.assertEqual(result.returncode, 0, result.stderr)
        reply = json.loads(result.stdout)
        self.assertEqual(reply["message"], "Bonjour, rpccli!")
        self.assertRegex(reply["greetedAt"], r"^\d{4}-\d\d-\d\dT")
        self.assertEqual(result.stderr, b"")

    def test_what_an_error_quotes_cannot_drive_the_terminal(self):
        # JSON escapes decode to control characters: the error names the
        # key as it was, escaped.
        result = self.call("demo.Demo/Echo",
                           '{"\\u001b]0;pwned\\u0007\\u001b[2J": 1}')
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn(b'unknown field "\\x1b]0;pwned\\x07\\x1b[2J"',
                      result.stderr)
        self.assertNotIn(b"\x1b", result.stderr)

    def test_an_error_is_one_line_whatever_it_quotes(self):
        # A newline typed in a name made two "rpccli: error:" lines; a
        # value of megabytes, one line of megabytes. The end, which says
        # what is wrong, stays.
        result = self.call("demo.Demo/Echo\nrpccli: error: forged", "{}")
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertEqual(result.stderr.count(b"\n"), 1, result.stderr)
        self.assertIn(b"Echo\\x0arpccli: error: forged", result.stderr)
        digits = "1" * 1000000
        result = self.call("demo.Demo/Echo", "@-",
                           input=b'{"doubleValue": %s}' % digits.encode())
        said = result.stderr.decode()
        self.assertEqual(result.returncode, 1, said)
        self.assertEqual(said.count("\n"), 1)
        self.assertLess(len(said), 5000)
        self.assertRegex(said, r"1\[\.\.\. [0-9]+ bytes \.\.\.\]1")
        self.assertTrue(said.endswith(" is out of range for double\n"),
                        said[-200:])

    def test_a_header_grpc_would_not_send_gets_a_warning(self):
        result = self.call("demo.Demo/Greet", "{}", "-H",
                           "content-type: application/json", "-H", "x-ok: 1")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout)["message"], "Hello, world!")
        self.assertEqual(result.stderr.decode(),
                         "rpccli: warning: -H content-type: not sent: gRPC sets "
                         "it to application/grpc itself\n")

    def test_every_field_kind_survives_a_round_trip(self):
        result = self.call("Echo", json.dumps(EVERY_FIELD))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout), EVERY_FIELD)

    def test_minus_zero_is_sent_as_the_negative_zero_of_a_double(self):
        # protobuf's parser reads -0 as the integer 0; the sign must reach
        # the server whichever way the request is converted: a field alone
        # takes the fast path, a Value or a null the slower one.
        for request, echoed in [
                ('{"doubleValue": -0}', '{"doubleValue":-0}'),
                ('{"floatValue": -0}', '{"floatValue":-0}'),
                ('{"doubleValue": -0, "text": null}', '{"doubleValue":-0}'),
                ('{"anything": [-0, 0]}', '{"anything":[-0,0]}'),
                ('{"attributes": {"a": -0}}', '{"attributes":{"a":-0}}'),
                ('{"int32Value": -0}', '{}')]:
            result = self.call("Echo", "--compact", request)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(result.stdout.decode(), echoed + "\n", request)
        # --allow-unknown-fields skips fields, not enum names: protobuf
        # dropped those too, and the list shifted.
        unknown = self.call("Echo", "--compact", "--allow-unknown-fields",
                            '{"colors": ["RED", "NOPE", "BLUE"]}')
        self.assertEqual((unknown.returncode, unknown.stdout), (1, b""))
        self.assertIn('field "colors[1]": "NOPE" is not a valid '
                      "demo.Sample.Color", unknown.stderr.decode())
        # --emit-defaults only adds fields, and takes no sign away.
        shown = self.call("Echo", "--compact", "--emit-defaults",
                          '{"doubleValue": -0, "anything": [-0]}')
        self.assertEqual(shown.returncode, 0, shown.stderr)
        self.assertIn('"doubleValue":-0,', shown.stdout.decode())
        self.assertIn('"anything":[-0]', shown.stdout.decode())

    def test_output_is_indented_by_two_spaces(self):
        result = self.call("Echo", '{"point": {"x": 1}, "numbers": [1]}')
        self.assertEqual(result.stdout.decode(),
                         '{\n  "point": {\n    "x": 1\n  },\n'
                         '  "numbers": [\n    1\n  ]\n}\n')

    def test_input_accepts_original_names_enum_numbers_and_int64_numbers(self):
        result = self.call("Echo", '{"int64_value": 12, "color": 2, '
                           '"display_name": "d", "blob": "_-8"}')
        self.assertEqual(json.loads(result.stdout),
                         {"int64Value": "12", "color": "GREEN",
                          "shownAs": "d", "blob": "/+8="})

    def test_format_flags(self):
        compact = self.call("Echo", "--compact", "--proto-names",
                            '{"int32Value": 1, "shownAs": "x"}')
        self.assertEqual(compact.stdout.decode(),
                         '{"int32_value":1,"display_name":"x"}\n')
        # Echo sends back what it got: only --emit-defaults adds the rest,
        # unset message fields as null (google.protobuf.Value's null would
        # be a value, and a oneof's or optional field's absence tells
        # which is set: those stay out).
        bare = self.call("Echo", "--compact", '{"text": "a"}')
        self.assertEqual(bare.stdout.decode(), '{"text":"a"}\n')
        defaults = self.call("Echo", "--emit-defaults", "--compact",
                             '{"text": "a", "path": [{"x": 1}]}')
        self.assertEqual(defaults.returncode, 0, defaults.stderr)
        printed = json.loads(defaults.stdout)
        self.assertEqual(
            {name: printed[name] for name in
             ["text", "int32Value", "point", "path", "counts", "when",
              "limit", "color"]},
            {"text": "a", "int32Value": 0, "point": None,
             "path": [{"x": 1, "y": 0}], "counts": {}, "when": None,
             "limit": None, "color": "COLOR_UNSPECIFIED"})
        for absent in ["anything", "label", "spot", "maybe"]:
            self.assertNotIn(absent, printed)
        # What it prints reads back as the same message.
        again = self.call("Echo", "--compact", defaults.stdout.decode())
        self.assertEqual(again.stdout.decode(),
                         '{"text":"a","path":[{"x":1}]}\n')
        unknown = self.call("Greet", "--allow-unknown-fields",
                            '{"name": "a", "extra": {"x": 1}}')
        self.assertEqual(unknown.returncode, 0, unknown.stderr)
        self.assertEqual(json.loads(unknown.stdout)["message"], "Hello, a!")

    def test_every_spelling_of_a_method_name(self):
        for name in ["demo.Demo/Greet", "demo.Demo.Greet", "Demo/Greet",
                     "Demo.Greet", "Greet", "/demo.Demo/Greet"]:
            result = self.call(name, '{"name": "n"}')
            self.assertEqual(result.returncode, 0, name + ": " + result.stderr.decode())
            self.assertEqual(json.loads(result.stdout)["message"], "Hello, n!")

    def test_request_from_a_file_from_stdin_and_from_a_pipe(self):
        directory = write_files(self, {"req.json": '{\n  "name": "file"\n}\n'})
        from_file = self.call("Greet", "@" + os.path.join(directory, "req.json"))
        self.assertEqual(json.loads(from_file.stdout)["message"], "Hello, file!")
        from_stdin = self.call("Greet", "@-", input='{"name": "stdin"}')
        self.assertEqual(json.loads(from_stdin.stdout)["message"], "Hello, stdin!")
        from_pipe = self.call("Greet", input='{"name": "pipe"}\n')
        self.assertEqual(json.loads(from_pipe.stdout)["message"], "Hello, pipe!")
        empty_pipe = self.call("Greet", input="")
        self.assertEqual(json.loads(empty_pipe.stdout)["message"], "Hello, world!")

    def test_a_failed_rpc_exits_64_plus_its_code(self):
        result = self.call("Fail", '{"code": 9, "message": "not now"}')
        self.assertFails(result, 64 + 9,
                         "ERROR:\n  Code: FailedPrecondition\n  Message: not now\n")

    def test_error_details_are_decoded(self):
        result = self.call("Fail", '{"code": 3, "message": "bad", "withDetails": true}')
        self.assertEqual(result.returncode, 64 + 3)
        self.assertEqual(result.stdout, b"")
        self.assertEqual(result.stderr.decode(), """ERROR:
  Code: InvalidArgument
  Message: bad
  Details:
  1) {
       "@type": "type.googleapis.com/google.rpc.BadRequest",
       "fieldViolations": [
         {
           "field": "name",
           "description": "must not be empty"
         }
       ]
     }
  2) {
       "@type": "type.googleapis.com/google.rpc.ErrorInfo",
       "reason": "DEMO_FAILURE",
       "domain": "demo.rpccli.test",
       "metadata": {
         "asked": "yes"
       }
     }
  3) {
       "@type": "type.googleapis.com/demo.Tick",
       "remaining": 3
     }
""")

    def test_format_error_json_is_one_line_for_scripts(self):
        result = self.call("Fail", "--format-error", "json",
                           '{"code": 3, "message": "bad", "withDetails": true}')
        self.assertEqual(result.returncode, 64 + 3)
        lines = result.stderr.decode().splitlines()
        self.assertEqual(len(lines), 1)
        status = json.loads(lines[0])
        self.assertEqual(status["code"], 3)
        self.assertEqual(status["name"], "InvalidArgument")
        self.assertEqual(status["message"], "bad")
        self.assertEqual([d["@type"] for d in status["details"]], [
            "type.googleapis.com/google.rpc.BadRequest",
            "type.googleapis.com/google.rpc.ErrorInfo",
            "type.googleapis.com/demo.Tick"])
        plain = self.call("Fail", "--format-error", "json", '{"code": 5, "message": "x"}')
        self.assertEqual(json.loads(plain.stderr),
                         {"code": 5, "name": "NotFound", "message": "x", "details": []})

    def test_very_verbose_adds_timings_and_sizes(self):
        result = self.call("Greet", "-vv", '{"name": "abc"}')
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = result.stderr.decode().splitlines()
        # A plaintext connection has no TLS to take time.
        self.assertRegex(lines[-3], r"^Timing: connected after \d+\.\d ms \(name "
                         r"resolution and TCP together\), first response "
                         r"after \d+\.\d ms, total \d+\.\d ms$")
        # The request {"name": "abc"} is 5 bytes on the wire.
        self.assertRegex(lines[-2], r"^Sizes: sent 5 bytes of messages, received \d+ bytes$")
        self.assertEqual(lines[-1], "Sent 1 request(s) and received 1 response(s)")
        quiet = self.call("Greet", "-v", '{"name": "abc"}')
        self.assertNotIn("Timing:", quiet.stderr.decode())
        # Empty sections say so.
        self.assertIn("Response trailers received:\n(empty)\n",
                      quiet.stderr.decode())

    def test_verbose_says_nothing_of_a_call_that_never_got_a_request(self):
        result = self.call("Sum", "-v", input='{"valu": 1}')
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stderr.decode(),
                         'rpccli: error: <stdin>:1:2: message 1: unknown field '
                         '"valu" in demo.Number; did you mean "value"? '
                         '(--allow-unknown-fields skips it)\n')

    def test_an_unimplemented_method_exits_76(self):
        result = self.call("Unimplemented")
        self.assertEqual(result.returncode, 76)
        self.assertEqual(result.stdout, b"")
        self.assertTrue(result.stderr.decode().startswith(
            "ERROR:\n  Code: Unimplemented\n"))

    def test_bad_input_names_message_line_and_column(self):
        cases = [
            ('{"name": "a",\n "oops"}',
             "<argument>:2:8: message 1: expected ':' after the field name, "
             "found '}'"),
            ('{"nam": "a"}',
             '<argument>:1:2: message 1: unknown field "nam" in '
             'demo.GreetRequest; did you mean "name"? (--allow-unknown-fields '
             "skips it)"),
            ('  {"name": 5}',
             '<argument>:1:12: message 1: field "name": 5 is not a valid string'),
            ('{"language": "KLINGON"}',
             'field "language": "KLINGON" is not a valid demo.Language (one of '
             'LANGUAGE_UNSPECIFIED, ENGLISH, CHINESE, FRENCH)'),
            ('{"name": "a"}\n{"name": "b"}',
             "<argument>:2:1: message 2: demo.Demo.Greet is unary and takes "
             "exactly one request message"),
        ]
        for text, error in cases:
            result = self.call("Greet", text)
            self.assertEqual(result.returncode, 1, text)
            self.assertEqual(result.stdout, b"")
            self.assertIn(error, result.stderr.decode())
            self.assertTrue(result.stderr.decode().startswith("rpccli: error: "))
            self.assertEqual(result.stderr.decode().count("\n"), 1)

    def test_what_is_typed_is_what_is_sent(self):
        # protobuf's parser would take each of these, and send something
        # other than what was written.
        cases = [
            ('{"text": "a",\n "text": "b"}',
             '<argument>:2:2: message 1: field "text" is given twice'),
            ('{"int32_value": 1, "int32Value": 2}',
             '<argument>:1:20: message 1: field "int32_value" is given twice '
             '(as "int32_value" and as "int32Value")'),
            ('{"counts": {"a": 1, "a": 2}}',
             '<argument>:1:21: message 1: field "counts": the key "a" is '
             'given twice'),
            ('{"int64Value": -9223372036854775809}',
             '<argument>:1:16: message 1: field "int64Value": '
             '-9223372036854775809 is out of range for int64'),
            ('{"limit": 9007199254740993.0}',
             '<argument>:1:11: message 1: field "limit": 9007199254740993.0 has '
             'a fraction or exponent, which protobuf reads through a double '
             'that cannot hold it exactly; write it as 9007199254740993'),
            ('{"flag": "yes"}',
             '<argument>:1:10: message 1: field "flag": "yes" is not a bool '
             '(true or false)'),
            ('{"blob": "not base64!"}',
             '<argument>:1:10: message 1: field "blob": "not base64!" is not '
             'base64, which JSON writes bytes in'),
        ]
        for text, error in cases:
            with self.subTest(text=text):
                result = self.call("Echo", text)
                self.assertFails(result, 1, "rpccli: error: " + error + "\n")

    def test_an_any_of_a_well_known_type_takes_value_alone(self):
        # protobuf 3.21 aborted (CHECK failed: !done_) on another key.
        directory = write_files(self, {"x.proto": (
            'syntax = "proto3";\npackage x;\n'
            'import "google/protobuf/any.proto";\n'
            "message Inner { google.protobuf.Any nested = 1; }\n"
            "message X { google.protobuf.Any any = 1; }\n"
            "service S { rpc Echo(X) returns (X); }\n")})
        wkt = "type.googleapis.com/google.protobuf."
        for request, fault in [
                ('{"any": {"@type": "%sInt32Value", "value": 5, "x": 1}}' % wkt,
                 '1:81: message 1: an Any holding google.protobuf.Int32Value '
                 'has "@type" and "value" only, not "x"'),
                ('{"any": {"x": 1, "@type": "%sTimestamp"}}' % wkt,
                 '1:10: message 1: an Any holding google.protobuf.Timestamp '
                 'has "@type" and "value" only, not "x"'),
                ('{"any": {"@type": "type.googleapis.com/x.Inner", "nested": '
                 '{"@type": "%sFieldMask", "value": "a", "z": 1}}}' % wkt,
                 '1:133: message 1: an Any holding google.protobuf.FieldMask '
                 'has "@type" and "value" only, not "z"'),
                ('{"any": {"@type": "%sFieldMask", "value": "a,,b"}}' % wkt,
                 '1:77: message 1: field "any.value": the FieldMask "a,,b" '
                 "has an empty path, which protobuf would drop")]:
            with self.subTest(request=request):
                result = rpccli("call", "-p", os.path.join(directory, "x.proto"),
                                "127.0.0.1:1", "x.S/Echo", request)
                self.assertEqual(result.returncode, 1)
                self.assertEqual(result.stderr.decode(),
                                 "rpccli: error: <argument>:" + fault + "\n")

    def test_errors_name_the_fault_in_rpcclis_words(self):
        directory = write_files(self, {"bom.json": "\ufeff{}\n"})
        cases = [
            (["Echo", '{"text": "a",\n "doubleValue": 1e400}'],
             '<argument>:2:17: message 1: field "doubleValue": 1e400 is out '
             "of range for double"),
            (["Echo", '{"doubleValue": "0x1p-1080"}'],
             '<argument>:1:17: message 1: field "doubleValue": "0x1p-1080" is '
             "not a valid double (in a string, a number is written as JSON "
             "writes one, or NaN, Infinity, -Infinity)"),
            (["Echo", '{"text": "a",\n "numbers": [1, "x", 3]}'],
             '<argument>:2:17: message 1: field "numbers[1]": "x" is not a '
             "valid int32"),
            (["Echo", '{"counts": {"a": 1,\n "b": "x"}}'],
             '<argument>:2:7: message 1: field "counts["b"]": "x" is not a '
             "valid int64"),
            (["Echo", '{"pointsById": {"1": {}, "z": {}}}'],
             '<argument>:1:26: message 1: field "pointsById": the key "z" is not '
             "a valid int32"),
            (["Echo", '{"text": "x\\ud800"}'],
             '<argument>:1:12: message 1: field "text": a lone surrogate (a '
             "high one, \\uD800 to \\uDBFF, with no low one after it)"),
            (["Echo", "@" + os.path.join(directory, "bom.json")],
             os.path.join(directory, "bom.json") + ":1:1: message 1: expected "
             "a JSON value, found a UTF-8 byte order mark (BOM); save the file "
             "without one"),
            # 40,000 levels end at the limit at once (16,000 took 5 s).
            (["Echo", '{"anything": %s%s}' % ("[" * 40000, "]" * 40000)],
             "<argument>:1:46: message 1: a value nested more than 32 levels "
             "deep (rpccli's limit, which keeps what it sends printable)"),
            (["Sum", '[{"value": 1}, {"value": 2}]'],
             "<argument>:1:1: message 1: expected a JSON object for "
             "demo.Number, not an array: several messages are written one "
             "after another (NDJSON, one per line)"),
        ]
        for args, error in cases:
            with self.subTest(args=args):
                self.assertFails(self.call(*args), 1,
                                 "rpccli: error: " + error + "\n")
        proto_dir = os.path.dirname(DEMO_PROTO)
        directory_given = rpccli("call", "--plaintext", "-p", proto_dir,
                                 self.target, "demo.Demo/Greet", "{}")
        self.assertFails(directory_given, 1,
                         "rpccli: error: %s: is a directory; give the .proto "
                         "files in it, with -I %s to find their imports\n"
                         % (proto_dir, proto_dir))
        authority = rpccli("call", "--plaintext", "--authority", "h\r\nx: y",
                           "-p", DEMO_PROTO, self.target, "demo.Demo/Greet",
                           "{}")
        self.assertEqual(authority.returncode, 2)
        self.assertTrue(authority.stderr.startswith(
            b"rpccli: error: --authority: only printable ASCII goes in a "
            b"header, and this has a control character\n"), authority.stderr)

    def test_the_deepest_value_accepted_prints_back(self):
        deepest = '{"anything": %s%s}' % ("[" * 32, "]" * 32)
        result = self.call("Echo", deepest)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout), json.loads(deepest))

    def test_max_time_bounds_the_wait_for_a_request_on_stdin(self):
        # One request, and a pipe that stays open: a second could follow.
        with running(["call", "--plaintext", "-p", DEMO_PROTO, "--max-time",
                      "1", self.target, "demo.Demo/Greet"]) as process:
            process.stdin.write(b'{"name": "a"}\n')
            process.stdin.flush()
            code, took = timed(process.wait, timeout=10)
            self.assertEqual(code, 1)
            self.assertLess(took, 8)
            self.assertEqual(process.stdout.read(), b"")
            self.assertEqual(process.stderr.read().decode(),
                             "rpccli: error: <stdin>: the input did not end "
                             "within 1 s (--max-time); a request is read whole "
                             "before the call\n")

    def test_missing_proto2_required_fields_are_refused_before_sending(self):
        directory = write_files(self, {"p2.proto": (
            'syntax = "proto2";\npackage p2;\n'
            'import "google/protobuf/any.proto";\n'
            "message Inner { required int32 id = 1; }\n"
            "message Req { required string name = 1; optional Inner inner = 2;\n"
            "  map<string, Inner> by_key = 3; repeated Inner list = 4;\n"
            "  optional google.protobuf.Any any = 5; }\n"
            "service S { rpc Get(Req) returns (Req); }\n")})
        # Each named as written, a map's entry by its key, and placed at
        # the message that lacks it; what an Any holds is checked too.
        for text, error in [
                ("{}",
                 '<argument>:1:1: message 1: required field "name" of p2.Req '
                 "is missing (required fields must be set)"),
                ('{"name": "a", "inner": {}}',
                 '<argument>:1:24: message 1: required field "inner.id" of '
                 "p2.Req is missing (required fields must be set)"),
                ('{"name": "a", "byKey": {"x": {"id": 1}, "y": {}}}',
                 '<argument>:1:46: message 1: required field "byKey["y"].id" '
                 "of p2.Req is missing (required fields must be set)"),
                ('{"name": "a", "list": [{"id": 1}, {}]}',
                 '<argument>:1:35: message 1: required field "list[1].id" of '
                 "p2.Req is missing (required fields must be set)"),
                ('{"name": "a", "any": {"@type": "x/p2.Inner"}}',
                 '<argument>:1:22: message 1: required field "any.id" of '
                 "p2.Inner is missing (required fields must be set)")]:
            with self.subTest(text=text):
                # The server has no p2.S: had the request gone out, the
                # call would fail with Unimplemented (exit 76) instead.
                result = rpccli("call", "--plaintext", "-I", directory, "-p",
                                "p2.proto", self.server.target, "p2.S/Get",
                                text)
                self.assertFails(result, 1,
                                 "rpccli: error: " + error + "\n")
        # No request at all stands for the empty message, which lacks them
        # too: call (an empty argument, or empty stdin) and bench alike.
        missing = ('no request was given, and the empty message it stands '
                   'for cannot be sent: required field "name" of p2.Req is '
                   "missing (required fields must be set)\n")
        for command, argument, where in [(["call"], [""], "<argument>: "),
                                         (["call"], [], "<stdin>: "),
                                         (["bench", "-n", "2"], [], "")]:
            with self.subTest(command=command, argument=argument):
                result = rpccli(*command, "--plaintext", "-I", directory, "-p",
                                "p2.proto", self.server.target, "p2.S/Get",
                                *argument, input="")
                self.assertFails(result, 1, "rpccli: error: " + where + missing)

    def test_a_field_error_points_at_the_field_in_a_long_request(self):
        directory = write_files(self, {"full.json": json.dumps(
            {"text": "a", "point": {"x": 1}, "when": "yesterday"}, indent=2)})
        result = self.call("Echo", "@" + os.path.join(directory, "full.json"))
        self.assertFails(result, 1,
                         'rpccli: error: %s:6:11: message 1: field "when": '
                         '"yesterday" is not a valid google.protobuf.Timestamp '
                         '(RFC 3339, such as "2024-02-29T12:00:00Z")\n'
                         % os.path.join(directory, "full.json"))

    def test_bad_input_is_rejected_before_connecting(self):
        # The target cannot be reached: had rpccli tried, it would say so.
        result = rpccli("call", "--plaintext", "-p", DEMO_PROTO,
                        "unix:/nonexistent/rpccli.sock", "Greet", '{"name": 5}')
        self.assertFails(result, 1, 'rpccli: error: <argument>:1:10: message 1: '
                         'field "name": 5 is not a valid string\n')

    def test_unknown_and_ambiguous_methods(self):
        self.assertFails(self.call("Gret"), 1,
                         'rpccli: error: unknown method "Gret"; '
                         "did you mean demo.Demo/Greet?\n")
        directory = write_files(self, {"two.proto": """syntax = "proto3";
package two;
message M {}
service A { rpc Echo(M) returns (M); }
service B { rpc Echo(M) returns (M); }
"""})
        result = rpccli("call", "--plaintext", "-p", DEMO_PROTO, "-p",
                        os.path.join(directory, "two.proto"), self.target, "Echo")
        self.assertFails(result, 1, 'rpccli: error: ambiguous method "Echo"; it '
                         "could be demo.Demo/Echo, two.A/Echo or two.B/Echo\n")

    def test_a_service_where_a_method_belongs_lists_its_methods(self):
        for name in ["demo.Demo", "Demo", "demo/Demo"]:
            self.assertFails(
                self.call(name), 1,
                "rpccli: error: demo.Demo is a service; call one of its "
                "methods: demo.Demo/Greet, demo.Demo/Echo, demo.Demo/Countdown, "
                "demo.Demo/Sum, demo.Demo/Chat, demo.Demo/Fail, "
                "demo.Demo/Unimplemented\n")


def serve_once(answer):
    """A listener on 127.0.0.1 that answers each connection with the bytes
    `answer` and then holds it open; returns its port."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def serve():
        held = []
        while True:
            peer, _ = listener.accept()
            peer.sendall(answer)
            held.append(peer)

    threading.Thread(target=serve, daemon=True).start()
    return listener.getsockname()[1]


class ConnectionTest(unittest.TestCase):
    def test_a_peer_that_does_not_speak_http2_is_named_as_such(self):
        for answer, reason in [
                (b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n",
                 "the server speaks HTTP/1.1, not the HTTP/2 gRPC needs "
                 "(Connect and gRPC-Web can go over HTTP/1.1: --protocol "
                 "connect or grpcweb)"),
                # gRPC's own reason for these is "OK".
                (b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
                 "the server speaks HTTP/1.1, not the HTTP/2 gRPC needs (it "
                 "answered \"HTTP/1.1 200 OK\"; Connect and gRPC-Web can go "
                 "over HTTP/1.1: --protocol connect or grpcweb)"),
                (b"HTTP/1.0 200 OK\r\n\r\n",
                 "the server speaks HTTP/1.0, not the HTTP/2 gRPC needs (it "
                 "answered \"HTTP/1.0 200 OK\"; Connect and gRPC-Web can go "
                 "over HTTP/1.1: --protocol connect or grpcweb)"),
                (b"SSH-2.0-OpenSSH_9.2\r\n",
                 "the peer does not answer in HTTP/2, which gRPC needs: it is "
                 "not an HTTP server (Failed parsing HTTP/2)")]:
            with self.subTest(answer=answer):
                port = serve_once(answer)
                result = rpccli("call", "--plaintext", "--connect-timeout",
                                "5", "-p", DEMO_PROTO, "127.0.0.1:%d" % port,
                                "Greet", timeout=30)
                self.assertEqual(result.returncode, 1)
                self.assertEqual(
                    result.stderr.decode(),
                    "rpccli: error: 127.0.0.1:%d: cannot connect: %s\n"
                    % (port, reason))

    def test_a_header_line_past_libcurls_limit_is_named(self):
        # libcurl 7.88 says "Out of memory" of it, and nothing else.
        port = serve_once(b"HTTP/1.1 200 OK\r\nContent-Type: application/"
                          b"proto\r\nX-Big: " + b"x" * 200000 +
                          b"\r\nContent-Length: 0\r\n\r\n")
        result = rpccli("call", "--protocol", "connect", "--max-time", "10",
                        "-p", DEMO_PROTO, "http://127.0.0.1:%d" % port,
                        "Greet", timeout=30)
        self.assertEqual(result.returncode, 64 + 14, result.stderr)
        self.assertIn(b"Message: Out of memory (libcurl says this too of a "
                      b"response header line past its 100 KiB limit)\n",
                      result.stderr)

    def test_a_target_that_names_no_server_is_a_usage_error(self):
        for target, error in [
                ("127.0.0.1:99999",
                 "TARGET 127.0.0.1:99999: port 99999 is not a TCP port (1 to "
                 "65535)"),
                ("127.0.0.1:-1",
                 "TARGET 127.0.0.1:-1: port -1 is not a TCP port (1 to 65535, "
                 "in decimal)"),
                ("127.0.0.1:0x10",
                 "TARGET 127.0.0.1:0x10: port 0x10 is not a TCP port (1 to "
                 "65535, in decimal)"),
                ("http://me:s3cret@127.0.0.1:1",
                 "TARGET http://<redacted>@127.0.0.1:1 holds a user name or "
                 "password; send credentials as a header instead (-H "
                 "'authorization: ...')"),
                ("localhost:1/api",
                 "TARGET localhost:1/api: a gRPC TARGET has no path (/api): "
                 "give host:port, or a URL (http://host:port/prefix) for a "
                 "server behind a path"),
                ("unix:", "TARGET unix: names no socket: give "
                          "unix:/path/to/socket")]:
            with self.subTest(target=target):
                result = rpccli("call", "--plaintext", "-p", DEMO_PROTO,
                                target, "Greet")
                self.assertEqual(result.returncode, 2)
                self.assertTrue(result.stderr.decode().startswith(
                    "rpccli: error: " + error + "\n"), result.stderr)
                self.assertNotIn(b"s3cret", result.stderr)

    def test_a_refused_connection_fails_at_once(self):
        port = closed_port()
        result, seconds = timed(rpccli, "call", "--plaintext", "-p", DEMO_PROTO,
                                "127.0.0.1:%d" % port, "Greet")
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stdout, b"")
        self.assertEqual(result.stderr.decode(),
                         "rpccli: error: 127.0.0.1:%d: cannot connect: "
                         "Connection refused\n" % port)
        self.assertLess(seconds, 10)

    def assert_gives_up_after_1_5_s(self, flag, reason):
        """A call with `flag` 1.5 to a server that never speaks HTTP/2
        gives up after 1.5 s with `reason`."""
        with silent_port() as port:
            result, seconds = timed(
                rpccli, "call", "--plaintext", flag, "1.5",
                "-p", DEMO_PROTO, "127.0.0.1:%d" % port, "Greet")
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stderr.decode(),
                         "rpccli: error: 127.0.0.1:%d: %s\n" % (port, reason))
        self.assertGreaterEqual(seconds, 1.4)
        self.assertLess(seconds, 8)

    def test_a_server_that_never_answers_hits_the_connect_timeout(self):
        self.assert_gives_up_after_1_5_s(
            "--connect-timeout",
            "no connection within 1.5 s (--connect-timeout)")

    def test_max_time_bounds_the_wait_for_a_connection_too(self):
        self.assert_gives_up_after_1_5_s(
            "--max-time", "no connection within 1.5 s (--max-time)")

    def test_tls_to_a_plaintext_server_suggests_plaintext(self):
        with DemoServer() as server:
            result = rpccli("call", "-p", DEMO_PROTO, server.target, "Greet")
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stdout, b"")
        stderr = result.stderr.decode()
        self.assertEqual(stderr.count("\n"), 1, stderr)  # no gRPC log lines
        self.assertTrue(stderr.startswith(
            "rpccli: error: %s: cannot connect: TLS handshake failed (" % server.target))
        self.assertTrue(stderr.endswith(
            "); if the server speaks plaintext, add --plaintext\n"), stderr)

    def test_http_scheme_implies_plaintext(self):
        with DemoServer() as server:
            result = rpccli("call", "-p", DEMO_PROTO, "http://" + server.target,
                            "Greet")
            self.assertEqual(result.returncode, 0, result.stderr)


if __name__ == "__main__":
    unittest.main()
