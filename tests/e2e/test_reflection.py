"""The schema from the server: reflection against the C++ demo server
(v1alpha only) and an independent grpc-js server (v1, v1alpha, both, none),
protosets, headers, Any, templates, and repairs of what grpc-js sends."""

import json
import os
import subprocess
import tempfile
import unittest

from harness import (DEMO_PROTO, GRPCJS_DIR, GrpcJsServer,
                     SharedDemoServerTest, SharedGrpcJsServerTest,
                     install_grpcjs, rpccli, timed, write_files)

SHOP_PROTOS = os.path.join(GRPCJS_DIR, "protos")

APPLE = {"name": "apple", "price": {"currency": "EUR", "units": "2"},
         "added": "2023-11-14T22:13:20Z", "shelfLife": "86400s",
         "tags": ["fruit"]}


def setUpModule():
    install_grpcjs()


class DemoReflectionTest(SharedDemoServerTest):
    """Debian's C++ reflection plugin serves v1alpha only: the fallback."""

    def rpccli(self, *args, **kwargs):
        command, rest = args[0], args[1:]
        return rpccli(command, "--plaintext", self.server.target, *rest, **kwargs)

    def test_describe_reads_as_the_proto_file_does(self):
        # The server sends json_name for every field; only the one the file
        # states shows. A map's entry type is its map field.
        from_server = self.rpccli("describe", "demo.Sample")
        from_file = rpccli("describe", DEMO_PROTO, "demo.Sample")
        self.assertEqual(from_server.returncode, 0, from_server.stderr)
        # The C++ server sends no comments; all else is the same.
        def code(text):
            return [line for line in text.decode().splitlines()
                    if not line.strip().startswith("//")]
        self.assertEqual(code(from_server.stdout), code(from_file.stdout))
        self.assertEqual(from_server.stdout.decode().count("json_name"), 1)
        self.assertIn('string display_name = 27 [json_name = "shownAs"];',
                      from_server.stdout.decode())
        entry = self.rpccli("describe", "demo.Sample.PointsByIdEntry")
        self.assertEqual(entry.stdout.decode(),
                         "demo.Sample.PointsByIdEntry is the entry type of "
                         "the map field demo.Sample.points_by_id:\n"
                         "map<int32, .demo.Sample.Point> points_by_id = 22;\n")

    def test_list_leaves_out_the_reflection_service(self):
        # gRPC C++'s own health service is listed, though not described.
        result = self.rpccli("list")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.decode(),
                         "demo.Demo\ngrpc.health.v1.Health\n")

    def test_the_health_service_the_server_cannot_describe_is_built_in(self):
        # gRPC C++'s own health service has no descriptor for reflection
        # to send: rpccli's copy of grpc-proto's health.proto stands in.
        described = self.rpccli("describe", "grpc.health.v1.Health", "-v")
        self.assertEqual(described.returncode, 0, described.stderr)
        self.assertTrue(described.stdout.decode().startswith(
            "grpc.health.v1.Health is a service:\nservice Health {\n"))
        self.assertEqual(
            described.stderr.decode(),
            "rpccli: repaired reflection: the server does not describe "
            "grpc/health/v1/health.proto; rpccli's own copy stands in\n")
        quiet = self.rpccli("describe", "grpc.health.v1.Health")
        self.assertEqual(quiet.stdout, described.stdout)
        self.assertEqual(
            quiet.stderr.decode(),
            "rpccli: warning: the server does not describe "
            "grpc.health.v1.Health; this is rpccli's own copy of "
            "grpc/health/v1/health.proto (rpccli list shows whether the "
            "server serves it)\n")
        check = self.rpccli("call", "grpc.health.v1.Health/Check", "--compact",
                            '{"service": "demo.Demo"}')
        self.assertEqual((check.returncode, check.stdout),
                         (0, b'{"status":"SERVING"}\n'))
        every = self.rpccli("describe")
        self.assertIn("grpc.health.v1.Health is a service:",
                      every.stdout.decode())

    def test_list_methods_and_describe(self):
        methods = self.rpccli("list", "Demo")
        self.assertEqual(methods.stdout.decode().splitlines()[0], "demo.Demo.Chat")
        described = self.rpccli("describe", "demo.Sample.Point")
        self.assertEqual(described.stdout.decode(),
                         "demo.Sample.Point is a message:\nmessage Point {\n"
                         "  int32 x = 1;\n  int32 y = 2;\n}\n")
        every = self.rpccli("describe")
        self.assertTrue(every.stdout.decode().startswith("demo.Demo is a service:"))

    def test_every_kind_of_call_by_reflection(self):
        greet = self.rpccli("call", "demo.Demo/Greet", '{"name": "r"}')
        self.assertEqual(json.loads(greet.stdout)["message"], "Hello, r!")
        countdown = self.rpccli("call", "Countdown", "--compact", '{"start": 2}')
        self.assertEqual(countdown.stdout.decode(),
                         '{"remaining":2}\n{"remaining":1}\n')
        total = self.rpccli("call", "Sum", input='{"value": 2}\n{"value": 3}\n')
        self.assertEqual(json.loads(total.stdout), {"count": "2", "total": "5"})

    def test_an_unknown_method_by_reflection(self):
        result = self.rpccli("call", "Gret")
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stderr.decode(),
                         'rpccli: error: unknown method "Gret"; did you mean '
                         "demo.Demo/Greet?\n")

    def test_an_unknown_symbol_to_describe_by_reflection(self):
        # Only the server knows the names near it: they are fetched to
        # suggest one, for a message as for a method.
        for typed, meant in [("demo.Sample.Pont", "demo.Sample.Point"),
                             ("demo.Demo.Gret", "demo.Demo.Greet")]:
            result = self.rpccli("describe", typed)
            self.assertEqual(result.returncode, 1)
            self.assertEqual(result.stderr.decode(),
                             'rpccli: error: unknown symbol "%s"; did you mean '
                             "%s?\n" % (typed, meant))
        nothing_near = self.rpccli("describe", "zzz.Nothing")
        self.assertEqual(nothing_near.stderr.decode(),
                         'rpccli: error: unknown symbol "zzz.Nothing"\n')
        # --template takes messages and methods, and suggests those.
        for typed, error in [
                ("demo.Sampel", 'unknown symbol "demo.Sampel"; did you mean '
                 "demo.Sample?"),
                ("demo.Demo.Gret", 'unknown symbol "demo.Demo.Gret"; did you '
                 "mean demo.Demo.Greet?"),
                ("demo.Sample.Color", '"demo.Sample.Color" is an enum, not a '
                 "message or a method")]:
            with self.subTest(typed=typed):
                result = self.rpccli("describe", "--template", typed)
                self.assertEqual((result.returncode, result.stdout), (1, b""))
                self.assertEqual(result.stderr.decode(),
                                 "rpccli: error: " + error + "\n")

    def test_a_package_is_said_to_be_one_not_blamed_on_the_server(self):
        # The C++ server answers for a package with a file of it.
        for extra in [[], ["--template"]]:
            result = self.rpccli("describe", *extra, "demo")
            self.assertEqual((result.returncode, result.stdout), (1, b""))
            self.assertEqual(result.stderr.decode(),
                             'rpccli: error: "demo" is a package, not a '
                             "symbol; describe one of its services or "
                             "messages (rpccli list shows the services)\n")

    def test_files_win_and_reflection_fills_the_gaps(self):
        with tempfile.TemporaryDirectory() as scratch:
            with open(os.path.join(scratch, "other.proto"), "w") as f:
                f.write('syntax = "proto3";\npackage other;\nmessage M {}\n'
                        "service Other { rpc Do(M) returns (M); }\n")
            both = rpccli("list", "--plaintext", "-p",
                          os.path.join(scratch, "other.proto"), self.server.target)
        self.assertEqual(both.returncode, 0, both.stderr)
        self.assertEqual(both.stdout.decode(),
                         "demo.Demo\ngrpc.health.v1.Health\nother.Other\n")

    def test_a_protoset_round_trip(self):
        with tempfile.TemporaryDirectory() as scratch:
            protoset = os.path.join(scratch, "demo.protoset")
            written = self.rpccli("call", "Greet", "--protoset-out", protoset,
                                  '{"name": "p"}')
            self.assertEqual(written.returncode, 0, written.stderr)
            # Offline: no server at all for describe and list.
            described = rpccli("describe", "--protoset", protoset, "demo.Demo.Greet")
            self.assertEqual(described.returncode, 0, described.stderr)
            self.assertTrue(described.stdout.decode().startswith(
                "demo.Demo.Greet is a method:\n"))
            listed = rpccli("list", "--protoset", protoset)
            self.assertEqual(listed.stdout.decode(), "demo.Demo\n")
            # protoc reads it too.
            compiled = subprocess.run(
                ["protoc", "--descriptor_set_in=" + protoset,
                 "--descriptor_set_out=" + os.path.join(scratch, "again"),
                 "demo.proto"], capture_output=True, timeout=60)
            self.assertEqual(compiled.returncode, 0, compiled.stderr)

    def test_a_bad_protoset_is_named(self):
        with tempfile.TemporaryDirectory() as scratch:
            path = os.path.join(scratch, "bad.protoset")
            with open(path, "wb") as f:
                f.write(b"\xff\xff not a descriptor set")
            result = rpccli("list", "--protoset", path)
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stderr.decode(),
                         "rpccli: error: %s: not a protoset (a serialized "
                         "FileDescriptorSet)\n" % path)

    def test_the_template_is_accepted_by_call(self):
        template = self.rpccli("describe", "--template", "demo.Sample")
        self.assertEqual(template.returncode, 0, template.stderr)
        fields = json.loads(template.stdout)
        self.assertEqual(fields["numbers"], [0])
        self.assertEqual(fields["point"], {"x": 0, "y": 0})
        self.assertEqual(fields["when"], "1970-01-01T00:00:00Z")
        self.assertEqual(fields["label"], "")  # the first member of the oneof
        self.assertNotIn("code", fields)
        echoed = self.rpccli("call", "Echo", template.stdout.decode())
        self.assertEqual(echoed.returncode, 0, echoed.stderr)
        method = self.rpccli("describe", "--template", "demo.Demo.Greet")
        self.assertEqual(json.loads(method.stdout),
                         {"name": "", "language": "LANGUAGE_UNSPECIFIED"})


class GrpcJsReflectionTest(SharedGrpcJsServerTest):
    """grpc-js serves files whose imports are missing: rpccli repairs them."""

    def rpccli(self, command, *args, **kwargs):
        return rpccli(command, "--plaintext", self.server.target, *args, **kwargs)

    def test_an_any_url_resolves_by_its_last_segment(self):
        # Not only type.googleapis.com/: any host and path, as grpcurl does.
        item = {"name": "n", "extra": {
            "@type": "example.com/x/shop.v1.GetItemRequest", "name": "inner"}}
        result = self.rpccli("call", "shop.v1.Shop/Echo", "--compact",
                             json.dumps(item))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout), item)

    def test_a_fault_inside_an_any_is_named_where_it_is_written(self):
        for extra, error in [
                ('{"@type": "x/shop.v1.GetItemRequest", "name": 5}',
                 '<argument>:1:70: message 1: field "extra.name": 5 is not a '
                 'valid string'),
                ('{"@type": "x/shop.v1.GetItemRequest", "nmae": "i"}',
                 '<argument>:1:62: message 1: unknown field "extra.nmae" in '
                 'shop.v1.GetItemRequest; did you mean "name"? '
                 '(--allow-unknown-fields skips it)'),
                ('{"@type": "x/shop.v1.NoSuch"}',
                 '<argument>:1:34: message 1: field "extra": "@type" names '
                 'shop.v1.NoSuch, which the schema does not have'),
                ('{"name": "i"}',
                 '<argument>:1:24: message 1: field "extra": an Any needs '
                 '"@type", the URL of the type it holds (such as '
                 '"type.googleapis.com/pkg.Message")')]:
            with self.subTest(extra=extra):
                result = self.rpccli("call", "shop.v1.Shop/Echo",
                                     '{"name": "n", "extra": %s}' % extra)
                self.assertEqual((result.returncode, result.stdout), (1, b""))
                self.assertEqual(result.stderr.decode(),
                                 "rpccli: error: " + error + "\n")

    def test_a_package_is_said_to_be_one(self):
        for package in ["shop.v1", "shop"]:
            result = self.rpccli("describe", package)
            self.assertEqual((result.returncode, result.stdout), (1, b""))
            self.assertEqual(result.stderr.decode(),
                             'rpccli: error: "%s" is a package, not a '
                             "symbol; describe one of its services or "
                             "messages (rpccli list shows the services)\n"
                             % package)

    def test_a_known_any_prints_expanded_as_text(self):
        result = self.rpccli(
            "call", "shop.v1.Shop/Echo", "--format", "text", "--compact",
            'name: "n" extra { [example.com/shop.v1.GetItemRequest] '
            '{ name: "i" } }')
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.decode(),
                         'name: "n" extra { [example.com/shop.v1.GetItemRequest]'
                         ' { name: "i" } }\n')

    def test_well_known_types_and_another_package_resolve(self):
        result = self.rpccli("call", "shop.v1.Shop/GetItem", '{"name": "apple"}')
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout), APPLE)

    def test_repairs_are_reported_with_verbose(self):
        result = self.rpccli("describe", "shop.v1.Item", "-v")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn(".money.Amount price = 2;", result.stdout.decode())
        repairs = result.stderr.decode().splitlines()
        self.assertIn('rpccli: repaired reflection: shop_v1.proto: added the '
                      'missing import "money.proto" for money.Amount', repairs)
        self.assertIn('rpccli: repaired reflection: shop_v1.proto: added the '
                      'missing import "google/protobuf/timestamp.proto" for '
                      'google.protobuf.Timestamp', repairs)
        quiet = self.rpccli("describe", "shop.v1.Item")
        self.assertEqual(quiet.stderr, b"")

    def test_a_keep_case_map_entry_is_renamed_as_protobuf_names_it(self):
        # proto-loader's keepCase: true serves Item.stock_by_store's entry
        # type as "Stock_by_store", which protobuf refuses outright.
        item = {"name": "n", "stockByStore": {"b": 1, "a": 2}}
        result = self.rpccli("call", "Echo", "--compact", "-v", json.dumps(item))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.decode().splitlines()[0],
                         '{"name":"n","stockByStore":{"a":2,"b":1}}')
        self.assertIn("rpccli: repaired reflection: shop_v1.proto: renamed the "
                      "map entry type shop.v1.Item.Stock_by_store to "
                      "shop.v1.Item.StockByStoreEntry, as protobuf names it",
                      result.stderr.decode().splitlines())
        described = self.rpccli("describe", "shop.v1.Item")
        self.assertIn("map<string, int32> stock_by_store = 7;",
                      described.stdout.decode())

    def test_an_any_of_a_type_only_the_server_knows(self):
        result = self.rpccli("call", "Secret", '{"name": "s3"}')
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout),
                         {"@type": "type.googleapis.com/shop.v1.Vault",
                          "code": "s3", "level": 7})

    def test_an_any_in_a_request_is_resolved_too(self):
        extra = {"@type": "type.googleapis.com/shop.v1.Vault", "code": "in"}
        result = self.rpccli("call", "Echo", json.dumps({"extra": extra}))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout), {"extra": extra})
        # Its bytes, as rpccli prints an Any it cannot open: alone, and
        # of the type named.
        url = "type.googleapis.com/shop.v1.Vault"
        for extra, error in [
                ({"@type": url, "@value": "CgJpbg==", "code": "x"},
                 'an Any given as "@value" (its bytes) has "@type" and '
                 '"@value" only, not "code"'),
                ({"@type": url, "@value": "AAA"},
                 '"@value" is not a shop.v1.Vault in protobuf wire format, '
                 "as base64")]:
            refused = self.rpccli("call", "Echo", json.dumps({"extra": extra}))
            self.assertEqual((refused.returncode, refused.stdout), (1, b""))
            self.assertIn('message 1: field "extra": ' + error + "\n",
                          refused.stderr.decode())
        bytes_form = self.rpccli("call", "Echo", json.dumps(
            {"extra": {"@type": url, "@value": "CgJpbg=="}}))
        self.assertEqual(bytes_form.returncode, 0, bytes_form.stderr)
        self.assertEqual(json.loads(bytes_form.stdout),
                         {"extra": {"@type": url, "code": "in"}})

    def test_headers_go_where_they_are_told(self):
        result = self.rpccli("call", "GetItem", '{"name": "apple"}',
                             "-H", "X-Both: 1", "--rpc-header", "x-rpc: 2",
                             "--reflect-header", "x-reflect: 3")
        self.assertEqual(result.returncode, 0, result.stderr)
        log = self.server.log()
        reflection = [line for line in log if "ServerReflectionInfo" in line]
        calls = [line for line in log if line.startswith("metadata /shop.v1.Shop/GetItem")]
        self.assertTrue(reflection, log)
        def x_headers(line):
            return sorted(word for word in line.split()[2:] if word.startswith("x-"))
        self.assertEqual(x_headers(reflection[-1]), ["x-both=1", "x-reflect=3"])
        self.assertEqual(x_headers(calls[-1]), ["x-both=1", "x-rpc=2"])

    def test_expand_headers_takes_values_from_the_environment(self):
        result = self.rpccli("call", "GetItem", '{"name": "apple"}',
                             "--expand-headers", "-H", "x-both: ${RPCCLI_A}",
                             "--rpc-header", "x-${RPCCLI_NAME}: $RPCCLI_A",
                             env={"RPCCLI_A": "one", "RPCCLI_NAME": "named"})
        self.assertEqual(result.returncode, 0, result.stderr)
        calls = [line for line in self.server.log()
                 if line.startswith("metadata /shop.v1.Shop/GetItem")]
        self.assertIn("x-both=one", calls[-1].split())
        self.assertIn("x-named=$RPCCLI_A", calls[-1].split())
        unset = self.rpccli("call", "GetItem", '{"name": "apple"}',
                            "--expand-headers", "-H",
                            "authorization: Bearer ${RPCCLI_UNSET}",
                            env={"RPCCLI_UNSET": None})
        self.assertEqual((unset.returncode, unset.stdout), (2, b""))
        self.assertTrue(unset.stderr.decode().startswith(
            "rpccli: error: -H 'authorization: ...': ${RPCCLI_UNSET} is not "
            "set in the environment (--expand-headers)\n"), unset.stderr)

    def test_user_agent_comes_before_rpccli(self):
        result = self.rpccli("call", "GetItem", '{"name": "apple"}',
                             "--user-agent", "my-script/2")
        self.assertEqual(result.returncode, 0, result.stderr)
        calls = [line for line in self.server.log() if "GetItem" in line]
        self.assertRegex(calls[-1], r"user-agent=.*my-script/2 rpccli/\d+\.\d+\.\d+ ")

    def test_a_header_file_keeps_secrets_out_of_argv(self):
        with tempfile.NamedTemporaryFile("w", suffix=".headers") as headers:
            headers.write("# comment\nx-token: s3cr3t\n\nx-other:  two words \n")
            headers.flush()
            result = self.rpccli("call", "GetItem", '{"name": "apple"}',
                                 "--rpc-header", "@" + headers.name)
        self.assertEqual(result.returncode, 0, result.stderr)
        calls = [line for line in self.server.log() if "GetItem" in line]
        # Values are trimmed; comments and blank lines are skipped.
        self.assertIn(" x-token=s3cr3t", calls[-1])
        self.assertIn(" x-other=two words", calls[-1])
        self.assertNotIn("comment", calls[-1])

    def test_verbose_shows_metadata_with_secrets_redacted(self):
        result = self.rpccli("call", "GetItem", '{"name": "apple"}', "-v",
                             "-H", "Authorization: Bearer abc",
                             "-H", "x-api-token: t0k3n", "-H", "x-plain: seen",
                             "-H", "x-data-bin: AP8", "-H", "cookie: c00k1e",
                             "-H", "proxy-authorization: Basic cHJveHk=",
                             "-H", "x-db-password: pa55", "-H", "x-secret: s3")
        self.assertEqual(result.returncode, 0, result.stderr)
        err = result.stderr.decode()
        self.assertIn("Request metadata to send:\nauthorization: <redacted>\n"
                      "cookie: <redacted>\nproxy-authorization: <redacted>\n"
                      "x-api-token: <redacted>\nx-data-bin: AP8=\n"
                      "x-db-password: <redacted>\nx-plain: seen\n"
                      "x-secret: <redacted>\n", err)
        for secret in ["c00k1e", "cHJveHk=", "pa55", "s3\n"]:
            self.assertNotIn(secret, err)
        headers = err[err.index("Response headers received:"):
                      err.index("Response trailers received:")]
        # Echoed back by the server, and redacted again on the way in.
        self.assertIn("authorization: <redacted>\n", headers)
        self.assertIn("x-api-token: <redacted>\n", headers)
        self.assertIn("x-data-bin: AP8=\n", headers)
        self.assertIn("x-plain: seen\n", headers)
        self.assertNotIn("abc", err)
        self.assertNotIn("t0k3n", err)
        self.assertTrue(err.endswith("Sent 1 request(s) and received 1 response(s)\n"))
        shown = self.rpccli("call", "GetItem", '{"name": "apple"}', "-v",
                            "--show-secrets", "-H", "x-api-token: t0k3n")
        self.assertIn("x-api-token: t0k3n\n", shown.stderr.decode())

    def test_a_bin_header_must_be_base64(self):
        # Written on the command line, a bad header is a usage error.
        result = self.rpccli("call", "GetItem", "-H", "x-data-bin: not base64!")
        self.assertEqual(result.returncode, 2)
        self.assertEqual(result.stderr.decode(),
                         "rpccli: error: -H 'x-data-bin: ...': the value of "
                         "\"x-data-bin\" must be base64, as for every -bin header\n"
                         "Run 'rpccli --help' for usage.\n")

    def test_a_bad_header_is_a_clear_error(self):
        result = self.rpccli("call", "GetItem", "-H", "no colon here")
        self.assertEqual(result.returncode, 2)
        self.assertEqual(result.stderr.decode(),
                         "rpccli: error: -H 'no ...': a header is "
                         "written 'name: value'\nRun 'rpccli --help' for usage.\n")
        # Read from a file, it is found when the command runs: exit 1,
        # naming the file and line.
        directory = write_files(self, {"headers": "x-ok: 1\nno colon\n"})
        path = os.path.join(directory, "headers")
        from_file = self.rpccli("call", "GetItem", "-H", "@" + path)
        self.assertEqual(from_file.returncode, 1)
        self.assertEqual(from_file.stderr.decode(),
                         "rpccli: error: %s:2: a header is written "
                         "'name: value'\n" % path)

    def test_a_server_error_by_reflection(self):
        result = self.rpccli("call", "GetItem", '{"name": "durian"}')
        self.assertEqual(result.returncode, 64 + 5)
        self.assertEqual(result.stderr.decode(),
                         'ERROR:\n  Code: NotFound\n  Message: no item named "durian"\n')


class ReflectionVersionTest(unittest.TestCase):
    def check(self, reflection):
        with GrpcJsServer(reflection) as server:
            result = rpccli("call", "--plaintext", server.target, "GetItem",
                            '{"name": "apple"}')
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(json.loads(result.stdout), APPLE)
            asked = [line.split()[1] for line in server.log()
                     if "ServerReflectionInfo" in line]
        return asked

    # Each command asks over one stream, whatever number of files it needs
    # (README: "each once, over one stream").
    def test_a_v1_server_is_asked_with_v1(self):
        self.assertEqual(
            self.check("v1"),
            ["/grpc.reflection.v1.ServerReflection/ServerReflectionInfo"])

    def test_a_v1alpha_server_is_asked_with_v1alpha(self):
        # The v1 attempt is refused before the server's interceptor sees it.
        self.assertEqual(
            self.check("v1alpha"),
            ["/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"])

    def test_a_server_without_reflection_is_told_at_once(self):
        with GrpcJsServer("none") as server:
            for command in [["list"], ["describe", "shop.v1.Item"],
                            ["call", "GetItem"]]:
                result, seconds = timed(rpccli, command[0], "--plaintext",
                                        server.target, *command[1:])
                self.assertEqual(result.returncode, 1, command)
                self.assertEqual(result.stderr.decode(),
                                 "rpccli: error: %s does not support server "
                                 "reflection; pass -p FILE or --protoset FILE\n"
                                 % server.target)
                # Told, not timed out: the connect timeout is 10 s. (How
                # fast it is told belongs in bench/, not here.)
                self.assertLess(seconds, 8)

    def test_an_unresolvable_any_prints_its_bytes(self):
        with GrpcJsServer("none") as server:
            result = rpccli("call", "--plaintext", "-I", SHOP_PROTOS, "-p",
                            "shop/v1/shop.proto", server.target, "Secret",
                            '{"name": "x"}')
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stderr, b"")  # no library warnings either
        printed = json.loads(result.stdout)
        self.assertEqual(printed, {
            "@type": "type.googleapis.com/shop.v1.Vault",
            "@error": "shop.v1.Vault is not a message in the schema; @value holds its bytes",
            "@value": "CgF4EAc="})
        # What rpccli printed is taken back as it is: the same bytes go to
        # the server and come back.
        with GrpcJsServer("none") as server:
            echoed = rpccli("call", "--plaintext", "-I", SHOP_PROTOS, "-p",
                            "shop/v1/shop.proto", server.target, "Echo",
                            json.dumps({"name": "n", "extra": printed}))
        self.assertEqual(echoed.returncode, 0, echoed.stderr)
        self.assertEqual(json.loads(echoed.stdout),
                         {"name": "n", "extra": printed})


if __name__ == "__main__":
    unittest.main()
