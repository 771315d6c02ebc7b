"""rpccli against grpc-go (Debian's 1.33: v1alpha reflection only, maps in
a new order on every call, and a file served under another name than its
importer gives): every kind of call, error details, metadata and the
reflection repair."""

import json
import unittest

from harness import GoServer, rpccli

WIDGET = {
    "sku": "widget",
    "price": {"currency": "EUR", "units": "12", "nanos": 500000000},
    "added": "2023-11-14T22:13:20Z",
    "shelfLife": "86400s",
    "stockByStore": {"austin": 1, "berlin": 3, "cairo": 4, "dublin": 2,
                     "kyoto": 9, "lima": 7, "oslo": 0, "paris": 12},
    "notesById": {"-3": "minus three", "0": "zero", "2": "two", "10": "ten",
                  "100": "hundred"},
    "weightKg": 1234567.8,
    "volumeL": 0.7999999999999999,
    "note": {"author": "ops", "text": "fragile"},
}


class GrpcGoTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.server = GoServer().__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def rpccli(self, command, *args, **kwargs):
        return rpccli(command, "--plaintext", self.server.target, *args, **kwargs)

    def test_tls_to_this_plaintext_server_says_to_add_plaintext(self):
        # As etcd and containerd users forget --plaintext.
        result = rpccli("list", "--connect-timeout", "5", self.server.target)
        self.assertEqual((result.returncode, result.stdout), (1, b""))
        self.assertTrue(result.stderr.decode().rstrip().endswith(
            "if the server speaks plaintext, add --plaintext"), result.stderr)

    def test_list_and_describe_by_v1alpha_reflection(self):
        services = self.rpccli("list")
        self.assertEqual(services.returncode, 0, services.stderr)
        self.assertEqual(services.stdout.decode(), "inventory.v1.Inventory\n")
        methods = self.rpccli("list", "inventory.v1.Inventory")
        self.assertEqual(methods.stdout.decode().splitlines(), [
            "inventory.v1.Inventory." + name
            for name in ["AddItems", "Chat", "GetItem", "ListItems"]])
        item = self.rpccli("describe", "inventory.v1.Item")
        self.assertEqual(item.returncode, 0, item.stderr)
        for line in [".common.v1.Money price = 2;",
                     "map<int64, string> notes_by_id = 6;",
                     ".notes.v1.Note note = 9;"]:
            self.assertIn("  " + line + "\n", item.stdout.decode())

    def test_a_unary_call_with_types_of_three_packages(self):
        result = self.rpccli("call", "GetItem", '{"sku": "widget"}')
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout), WIDGET)

    def test_maps_print_sorted_whatever_order_the_server_writes(self):
        # Go writes map entries in a random order: five calls print the
        # same bytes, with keys sorted (numeric keys by value).
        outputs = set()
        for _ in range(5):
            result = self.rpccli("call", "GetItem", "--compact", '{"sku": "widget"}')
            self.assertEqual(result.returncode, 0, result.stderr)
            outputs.add(result.stdout)
        self.assertEqual(len(outputs), 1)
        printed = json.loads(outputs.pop(), object_pairs_hook=list)
        printed = dict(printed)
        self.assertEqual([key for key, _ in printed["stockByStore"]],
                         sorted(WIDGET["stockByStore"]))
        self.assertEqual([key for key, _ in printed["notesById"]],
                         ["-3", "0", "2", "10", "100"])
        text = self.rpccli("call", "GetItem", "--format", "text", "--compact",
                           'sku: "widget"')
        self.assertEqual(text.returncode, 0, text.stderr)
        self.assertIn('notes_by_id { key: -3 value: "minus three" } '
                      'notes_by_id { key: 0 value: "zero" } '
                      'notes_by_id { key: 2 value: "two" } ',
                      text.stdout.decode())

    def test_floats_print_shortest_in_json_and_text(self):
        # 1234567.8 as a float is 1234567.75, which protobuf's printers
        # write; rpccli writes the shortest form that reads back, with
        # maps in the message (protobuf's converter) or not (rpccli's own).
        json_text = self.rpccli("call", "GetItem", "--compact", '{"sku": "widget"}')
        self.assertIn(b'"weightKg":1234567.8,"volumeL":0.7999999999999999,',
                      json_text.stdout)
        text = self.rpccli("call", "GetItem", "--format", "text", "--compact",
                           'sku: "widget"')
        self.assertIn("weight_kg: 1234567.8 volume_l: 0.7999999999999999 ",
                      text.stdout.decode())

    def test_an_error_with_details(self):
        result = self.rpccli("call", "GetItem", '{"sku": "nope"}')
        self.assertEqual(result.returncode, 64 + 5)  # NotFound
        self.assertEqual(result.stdout, b"")
        self.assertEqual(result.stderr.decode(), """\
ERROR:
  Code: NotFound
  Message: no item "nope"
  Details:
  1) {
       "@type": "type.googleapis.com/google.rpc.ResourceInfo",
       "resourceType": "inventory.v1.Item",
       "resourceName": "nope",
       "description": "no such item"
     }
  2) {
       "@type": "type.googleapis.com/google.rpc.BadRequest",
       "fieldViolations": [
         {
           "field": "sku",
           "description": "unknown SKU"
         }
       ]
     }
""")

    def test_a_server_stream(self):
        result = self.rpccli("call", "ListItems", "--compact", '{"count": 3}')
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.decode().splitlines(), [
            '{"sku":"item-0","price":{"currency":"EUR"},"weightKg":1234567.8}',
            '{"sku":"item-1","price":{"currency":"EUR","units":"1"},"weightKg":1234567.8}',
            '{"sku":"item-2","price":{"currency":"EUR","units":"2"},"weightKg":1234567.8}'])
        # A million items, cut after two.
        cut = self.rpccli("call", "ListItems", "--compact", "--max-responses",
                          "2", '{"count": 1000000}', timeout=30)
        self.assertEqual(cut.returncode, 0, cut.stderr)
        self.assertEqual(len(cut.stdout.decode().splitlines()), 2)
        refused = self.rpccli("call", "ListItems", '{"count": -1}')
        self.assertEqual(refused.returncode, 64 + 3)  # InvalidArgument
        self.assertIn("Message: count must not be negative", refused.stderr.decode())

    def test_a_request_over_the_servers_limit_is_said_to_be(self):
        # grpc-go refuses it in the words gRPC uses for a response over
        # rpccli's own limit: the limit's size tells them apart.
        request = '{"sku": "%s"}' % ("a" * 4500000)
        result = self.rpccli("call", "GetItem", "--max-msg-sz", "100000000",
                             input=request, timeout=60)
        self.assertEqual(result.returncode, 64 + 8, result.stderr)
        self.assertIn("rpccli: error: the server takes messages of at most "
                      "4194304 bytes, and a request of 4500005 went past it "
                      "(--max-msg-sz is rpccli's limit on responses)\n",
                      result.stderr.decode())

    def test_a_client_stream(self):
        items = "".join('{"sku": "s%d", "price": {"units": %d}}\n' % (n, n)
                        for n in range(1, 5))
        result = self.rpccli("call", "AddItems", "--compact", input=items)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.decode(),
                         '{"count":4,"total":{"currency":"EUR","units":"10"}}\n')
        self.assertIsNotNone(
            self.server.wait_for_log("AddItems: completed after 4 messages"))

    def test_a_bidi_stream_in_text_format(self):
        notes = 'author: "a" text: "x"\x1etext: "y"\n'
        result = self.rpccli("call", "Chat", "--format", "text", "--compact",
                             input=notes)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.decode(),
                         'author: "a" text: "x"\n\x1etext: "y"\n')

    def test_verbose_shows_the_repair_and_the_metadata(self):
        result = self.rpccli("call", "GetItem", "-v", '{"sku": "widget"}')
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stderr.decode(), """\
rpccli: repaired reflection: inventory/v1/inventory.proto: dropped the import "notes/notes.proto", which the server does not serve
rpccli: repaired reflection: inventory/v1/inventory.proto: added the missing import "notes.proto" for notes.v1.Note
Request metadata to send:
(empty)

Response headers received:
server-stack: grpc-go

Response trailers received:
looked-up: widget

Sent 1 request(s) and received 1 response(s)
""")


if __name__ == "__main__":
    unittest.main()
