"""--format text, --compact and --emit-defaults on streams, through the built
rpccli binary against the demo server."""

import unittest

from harness import DEMO_PROTO, RawServer, SharedDemoServerTest, rpccli


class TextFormatTest(SharedDemoServerTest):
    def call(self, method, *args, input=None):
        return rpccli("call", "--plaintext", "-p", DEMO_PROTO,
                      self.server.target, method, "--format", "text", *args,
                      input=input)

    def test_responses_are_separated_by_record_separators(self):
        result = self.call("Countdown", "start: 3")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.decode(),
                         "remaining: 3\n\x1eremaining: 2\n\x1eremaining: 1\n")

    def test_requests_are_split_at_record_separators(self):
        result = self.call("Chat", input='seq: 1 text: "a"\x1e\nseq: 2\ntext: "b"\n')
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.decode(),
                         'seq: 1\ntext: "echo: a"\n\x1eseq: 2\ntext: "echo: b"\n')

    def test_an_empty_record_is_the_empty_message(self):
        result = self.call("Chat", "--compact",
                           input='seq: 1\x1e\x1eseq: 3\x1e\n')
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.decode(),
                         'seq: 1 text: "echo: "\n\x1etext: "echo: "\n'
                         '\x1eseq: 3 text: "echo: "\n')

    def test_text_output_feeds_text_input(self):
        first = self.call("Echo", 'text: "x" point { x: 1 y: 2 } numbers: [1, 2]')
        self.assertEqual(first.returncode, 0, first.stderr)
        again = self.call("Echo", input=first.stdout)
        self.assertEqual(again.stdout, first.stdout)

    def test_compact_text_is_one_line(self):
        result = self.call("Echo", "--compact", 'point { x: 1 } flag: true')
        self.assertEqual(result.stdout.decode(), "flag: true point { x: 1 }\n")

    def test_a_text_error_points_at_the_error(self):
        result = self.call("Sum", input="value: 1\x1e\nvalue: 2\x1e\n  valu: 3")
        self.assertEqual(result.returncode, 1)
        error = ('rpccli: error: <stdin>:3:3: message 3: Message type '
                 '"demo.Number" has no field named "valu".')
        # How many of the first two were on the wire by then is a race
        # between threads; what is said must match it either way.
        sent = "; up to %d earlier request(s) were sent, and the call was "
        self.assertIn(result.stderr.decode(),
                      [error + "\n"] + [error + sent % n + "cancelled\n"
                                        for n in (1, 2)])

    def test_strings_must_be_utf8(self):
        result = self.call("Greet", input=b'\n  name: "caf\xe9"')
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stderr.decode(), 'rpccli: error: <stdin>:2:3: '
                         'message 1: field "name": the text is not valid UTF-8\n')

    def test_what_protobuf_would_change_or_send_twice_is_refused(self):
        for text, error in [
                ("double_value: 1e-400",
                 '<stdin>:1:15: message 1: field "double_value": 1e-400 is '
                 'too small for double, which would send it as 0'),
                ("text: 'a'\nfloat_value: 1e39",
                 '<stdin>:2:14: message 1: field "float_value": 1e39 is out '
                 'of range for float'),
                ('counts { key: "a" value: 1 }\ncounts { key: "a" value: 2 }',
                 '<stdin>:2:1: message 1: field "counts": the key "a" is '
                 'given twice'),
                ("double_value: -1e400",
                 '<stdin>:1:15: message 1: field "double_value": -1e400 is '
                 'out of range for double'),
                ('text: "\\777"',
                 '<stdin>:1:8: message 1: \\777 is past \\377, the last '
                 'byte an octal escape can write'),
                ('text: "\\500"',
                 '<stdin>:1:8: message 1: \\500 is past \\377, the last '
                 'byte an octal escape can write'),
                ('blob: "\\U00110000"',
                 '<stdin>:1:8: message 1: \\U00110000 is past U+10FFFF, the '
                 'last Unicode code point')]:
            with self.subTest(text=text):
                result = self.call("Echo", input=text)
                self.assertEqual(result.returncode, 1)
                self.assertEqual(result.stdout, b"")
                self.assertEqual(result.stderr.decode(),
                                 "rpccli: error: " + error + "\n")
        fine = self.call("Echo", input="double_value: 1e-300 float_value: inf")
        self.assertEqual(fine.returncode, 0, fine.stderr)

    def test_the_other_format_is_named_as_the_likely_mistake(self):
        json_as_text = self.call("Greet", input='{"name": "a"}')
        self.assertEqual((json_as_text.returncode, json_as_text.stdout),
                         (1, b""))
        self.assertEqual(json_as_text.stderr.decode(),
                         "rpccli: error: <stdin>:1:1: message 1: Expected "
                         "identifier, got: {; this looks like JSON, which is "
                         "read without --format text\n")
        text_as_json = rpccli("call", "--plaintext", "-p", DEMO_PROTO,
                              self.server.target, "Greet", 'name: "a"')
        self.assertEqual((text_as_json.returncode, text_as_json.stdout),
                         (1, b""))
        self.assertEqual(text_as_json.stderr.decode(),
                         'rpccli: error: <argument>:1:1: message 1: invalid '
                         'value "name"; text must be in double quotes; if this '
                         "is text format, add --format text\n")

    def test_an_unknown_format_is_a_usage_error(self):
        result = self.call("Greet", "--format", "yaml")
        self.assertEqual(result.returncode, 2)
        self.assertEqual(result.stderr.decode().splitlines()[0],
                         "rpccli: error: --format: yaml not in {json,text}")


class WireTest(unittest.TestCase):
    """Responses that repeat fields, as the wire allows: each field prints
    once, with the value the bytes mean."""

    # text "a", text "b"; counts {"a": 1} twice, then counts {"a": 2};
    # point {x: 1} then point {y: 2}.
    REPEATED = ("0a0161" "0a0162" + "aa01050a01611001" * 2 + "aa01050a01611002"
                + "8a01020801" "8a01021002")

    def echo(self, response_hex, *flags, request="{}"):
        with RawServer(response_hex) as server:
            return rpccli("call", "--plaintext", "--compact", "-p", DEMO_PROTO,
                          server.target, "Echo", request, *flags)

    # counts {"b": 1} then {"a": 2}; points_by_id 10, 2, then -1.
    UNSORTED_MAPS = ("aa01050a01621001" "aa01050a01611002"
                     "b20106080a12020801" "b20106080212021001"
                     "b2010d08ffffffffffffffffff011200")

    def test_map_entries_print_sorted_by_key(self):
        # Stable output for diffs, whatever order the server sent: string
        # keys bytewise, numbers by value.
        result = self.echo(self.UNSORTED_MAPS)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.decode(),
                         '{"counts":{"a":"2","b":"1"},'
                         '"pointsById":{"-1":{},"2":{"y":1},"10":{"x":1}}}\n')
        result = self.echo(self.UNSORTED_MAPS, "--format", "text",
                           request="")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.decode(),
                         'counts { key: "a" value: 2 } counts { key: "b" '
                         'value: 1 } points_by_id { key: -1 value { } } '
                         'points_by_id { key: 2 value { y: 1 } } points_by_id '
                         '{ key: 10 value { x: 1 } }\n')

    def test_repeated_fields_print_once_as_json(self):
        result = self.echo(self.REPEATED)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.decode(), '{"text":"b","point":{"x":1,'
                         '"y":2},"counts":{"a":"2"}}\n')

    def test_repeated_fields_print_once_as_text(self):
        result = self.echo(self.REPEATED, "--format", "text", request='text: "x"')
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.decode(), 'text: "b" point { x: 1 y: 2 } '
                         'counts { key: "a" value: 2 }\n')

    def test_a_string_that_is_not_utf8_is_an_error(self):
        result = self.echo("0a0261ff")
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stdout, b"")
        self.assertEqual(result.stderr.decode(), "rpccli: error: response 1: "
                         "cannot decode it as demo.Sample: not a valid "
                         "demo.Sample in protobuf wire format, or a string in "
                         "it is not UTF-8\n")


if __name__ == "__main__":
    unittest.main()
